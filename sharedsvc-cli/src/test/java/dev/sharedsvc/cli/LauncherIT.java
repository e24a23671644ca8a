package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher beside the jar, {@code target/sharedsvc-cli}: it runs the jar with its JVM options, and its first
 * successful run leaves the class-data archive that later runs map.
 */
class LauncherIT {

    private static final Path LAUNCHER = Cli.JAR.resolveSibling("sharedsvc-cli");

    @TempDir
    Path directory;

    @Test
    void theFirstSuccessfulRunMakesTheArchiveAndTheNextRunsAsBefore() throws Exception {
        Path archive = directory.resolve("cli.jsa");

        Launched first = launch(archive, "--version");
        assertThat(first.code()).isZero();
        assertThat(first.output()).startsWith("sharedsvc-cli ");
        assertThat(archive).isNotEmptyFile();

        Launched second = launch(archive, "--version");
        assertThat(second.code()).isZero();
        assertThat(second.output()).isEqualTo(first.output());
    }

    @Test
    void aFailedFirstRunKeepsItsExitCodeAndLeavesNoArchive() throws Exception {
        Path archive = directory.resolve("cli.jsa");

        Launched run = launch(archive, "--no-such-flag");

        assertThat(run.code()).isEqualTo(ExitCode.USAGE);
        assertThat(run.output()).contains("unknown option --no-such-flag").doesNotContain("cds");
        try (var files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    private record Launched(int code, String output) {
    }

    private static Launched launch(Path archive, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/usr/bin:/bin");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SHAREDSVC_CLI_ARCHIVE", archive.toString());
        Process process = builder.start();
        process.getOutputStream().close();
        Cli.Run run = Cli.finish(process); // reads the output aside, and ends a launcher that hangs
        return new Launched(run.exitCode(), run.output());
    }
}
