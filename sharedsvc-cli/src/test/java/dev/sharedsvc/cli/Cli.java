package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the built jar as the README does, {@code java -jar sharedsvc-cli/target/sharedsvc-cli.jar ...}, in a process
 * of its own whose environment holds only {@code PATH} and what the test gives. Every run is checked for every
 * secret a test has {@linkplain #secret(String) registered}: none may appear in its output.
 */
final class Cli {

    /** The jar that failsafe names; {@code package} builds it. */
    static final Path JAR = Path.of(System.getProperty("sharedsvc.cli.jar", "target/sharedsvc-cli.jar"));
    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final long TIMEOUT_SECONDS = 120;

    /** What a run printed, and its exit code. */
    record Run(int exitCode, String out, String err) {

        /** Standard output and error, as a terminal shows them. */
        String output() {
            return out + err;
        }
    }

    private Cli() {
    }

    /** Registers a secret: every later run fails if its output contains it. */
    static String secret(String value) {
        SECRETS.add(value);
        return value;
    }

    /** A file holding {@code secret} (registered), as Docker and Kubernetes mount secrets. */
    static Path secretFile(Path directory, String name, String secret) {
        try {
            return Files.writeString(directory.resolve(name), secret(secret) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs the command line to its end. */
    static Run run(Map<String, String> env, String... args) {
        return finish(start(env, args));
    }

    /** Starts the command line; {@link #finish} waits for it. */
    static Process start(Map<String, String> env, String... args) {
        assertThat(JAR).as("the jar; run ./mvnw verify, which packages it first").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived process on a shared 2-core machine: start fast rather than run fast.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        environment.clear();
        environment.put("PATH", path == null ? "/usr/bin:/bin" : path);
        environment.putAll(env);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for a started command line and checks that no secret appears in what it printed. */
    static Run finish(Process process) {
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("sharedsvc-cli ran longer than " + TIMEOUT_SECONDS + " s: " + out.join()
                        + err.join());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        Run run = new Run(process.exitValue(), out.join(), err.join());
        for (String secret : SECRETS) {
            assertThat(run.output()).as("the output of sharedsvc-cli shows no secret").doesNotContain(secret);
        }
        return run;
    }

    private static String read(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An environment: {@code name, value, name, value, ...}. */
    static Map<String, String> env(String... namesAndValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            env.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return env;
    }
}
