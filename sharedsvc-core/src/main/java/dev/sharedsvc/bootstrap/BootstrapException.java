package dev.sharedsvc.bootstrap;

import dev.sharedsvc.SharedServicesException;

/**
 * {@link SharedServices#bootstrap} stopped. The message says in which {@link #phase()}, against which server or
 * setting, and what to do (in {@code verify} mode: the missing piece and the command that makes it); it never
 * contains a secret. The cause, when there is one, is the error of the part that failed, such as a
 * {@link dev.sharedsvc.health.NotReadyException} whose reason a command line maps to its exit code. Whatever the
 * bootstrap had opened before is closed.
 */
public class BootstrapException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    private final BootstrapReport.Phase phase;

    BootstrapException(BootstrapReport.Phase phase, String message, Throwable cause, String remedy) {
        super(message, cause, remedy);
        this.phase = phase;
    }

    /** The phase that failed. */
    public BootstrapReport.Phase phase() {
        return phase;
    }
}
