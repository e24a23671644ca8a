package dev.sharedsvc.embedded;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detached process that stops the shared development servers after an idle period: every few seconds it
 * counts the client sessions on both servers; when there have been none, and no service has joined, for the whole
 * period, it stops them (under the directory's lock, so a service joining at that moment either comes first and
 * keeps them running, or finds them stopped and starts them again). It ends when the servers stop.
 *
 * <p>It runs in a JVM of its own ({@code -Xmx24m}), started with {@code setsid} where that exists so that a Ctrl+C
 * at the terminal does not reach it, on the class path of this module and the PostgreSQL driver. Its output goes
 * to {@code watchdog.log} in the directory.
 */
final class DevServersWatchdog {

    private static final Logger LOG = LoggerFactory.getLogger(DevServersWatchdog.class);
    private static final String PID_FILE = "watchdog.pid";

    private DevServersWatchdog() {
    }

    /** Starts a watchdog for {@code directory} unless {@code idle} is zero or one runs already. */
    static void launch(Path directory, Duration idle) throws IOException {
        if (idle.isZero() || running(directory).isPresent()) {
            return;
        }
        Optional<String> classPath = classPath();
        if (classPath.isEmpty()) {
            LOG.warn("The shared development servers will not stop by themselves after {} idle: this class path"
                    + " (a nested jar) cannot start the watchdog. Stop them with sharedsvc-cli dev down", idle);
            return;
        }
        List<String> command = new ArrayList<>();
        Path setsid = Path.of("/usr/bin/setsid");
        if (Files.isExecutable(setsid)) {
            command.add(setsid.toString());
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx24m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classPath.get(),
                DevServersWatchdog.class.getName(), directory.toString(), Long.toString(idle.toMillis())));
        File log = directory.resolve("watchdog.log").toFile();
        new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
                .start();
    }

    /** Stops the watchdog of {@code directory}, if one runs. */
    static void stop(Path directory) {
        running(directory).ifPresent(ProcessHandle::destroy);
    }

    private static Optional<ProcessHandle> running(Path directory) {
        return DevServers.livePid(directory.resolve(PID_FILE), "java").stream().boxed()
                .findFirst()
                .flatMap(ProcessHandle::of)
                .filter(process -> process.info().commandLine()
                        .map(line -> line.contains(DevServersWatchdog.class.getName())).orElse(true));
    }

    /** This module and the PostgreSQL driver as a class path, when both are plain files or directories. */
    private static Optional<String> classPath() {
        List<String> entries = new ArrayList<>();
        for (Class<?> type : List.of(DevServersWatchdog.class, org.postgresql.Driver.class, LoggerFactory.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || !"file".equals(source.getLocation().getProtocol())) {
                return Optional.empty();
            }
            try {
                Path path = Path.of(source.getLocation().toURI());
                if (!Files.exists(path)) {
                    return Optional.empty();
                }
                entries.add(path.toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        return Optional.of(String.join(File.pathSeparator, entries));
    }

    /**
     * Watches the directory in {@code args[0]} and stops its servers after {@code args[1]} milliseconds idle.
     *
     * @param args the directory and the idle period in milliseconds
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path directory = Path.of(args[0]);
        Duration idle = Duration.ofMillis(Long.parseLong(args[1]));
        Files.writeString(directory.resolve(PID_FILE), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        DevServers servers = DevServers.builder().directory(directory).build();
        long pause = Math.max(200, Math.min(10_000, idle.toMillis() / 10));
        Instant lastActivity = Instant.now();
        report("watching " + directory + "; stopping the servers after " + idle + " without clients");
        while (servers.anyRunning()) {
            Thread.sleep(pause);
            Instant joined = DevServers.lastJoin(directory);
            if (joined.isAfter(lastActivity)) {
                lastActivity = joined;
            }
            if (servers.connectedClients() != 0) {
                lastActivity = Instant.now();
            } else if (Duration.between(lastActivity, Instant.now()).compareTo(idle) >= 0
                    && servers.stopIfIdleSince(lastActivity)) {
                report("stopped the servers after " + idle + " without clients");
                return;
            }
        }
        report("the servers stopped; watchdog ends");
    }

    @SuppressWarnings("java:S106") // this process's standard output is watchdog.log
    private static void report(String line) {
        System.out.println(Instant.now() + " " + line);
    }
}
