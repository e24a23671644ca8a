package dev.sharedsvc.embedded;

import java.util.concurrent.TimeUnit;

/** The servers this module runs as child processes ({@code redis-server}, {@code pgbouncer}). */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Stops a child: SIGTERM, then SIGKILL after 10 s; keeps the interrupt of an interrupted caller. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
