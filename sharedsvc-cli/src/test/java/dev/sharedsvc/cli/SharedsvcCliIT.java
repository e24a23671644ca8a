package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a whole: its help, and the one-line errors with exit code 64 for bad input. */
class SharedsvcCliIT {

    @TempDir
    Path files;

    @Test
    void helpListsEveryCommandAndExitsWithZero() {
        Cli.Run run = Cli.run(Map.of(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: sharedsvc-cli", "Commands:", "ensure", "plan", "wait", "redis", "status",
                "Exit codes: 0 done, 1 failed, 2 plan: changes pending, 3 credentials rejected");
    }

    @Test
    void aBadFlagIsOneLineNamingItWithExitCode64() {
        Cli.Run run = Cli.run(Map.of(), "ensure", "--connection-limt", "5");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("ensure: unknown option --connection-limt and 1 unexpected argument (not"
                + " shown: secrets go in the environment or files); see 'sharedsvc-cli ensure --help'\n");
    }

    @Test
    void aSecretGivenAsAnArgumentIsRefusedWithoutBeingRepeated() {
        Cli.Run separate = Cli.run(Map.of(), "ensure", "--admin-password", Cli.secret("argv-Secret-1"));
        Cli.Run joined = Cli.run(Map.of(), "wait", "--password=" + Cli.secret("argv-Secret-2"));
        Cli.Run inUrl = Cli.run(Map.of(), "wait", "--redis-url", "redis://:" + Cli.secret("argv-Secret-3") + "@cache:6379");

        assertThat(separate.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(separate.err()).startsWith("ensure: unknown option --admin-password and 1 unexpected argument");
        assertThat(joined.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(joined.err()).startsWith("wait: unknown option --password;");
        assertThat(inUrl.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(inUrl.err()).startsWith("wait: --redis-url carries credentials");
    }

    @Test
    void aBadValueNamesTheFlagAndTheSettingOnOneLine() {
        Cli.Run run = Cli.run(env("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db:5432/postgres"), "plan",
                "--service", "backend", "--connection-limit", "many");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("plan: sharedsvc.postgres.connection-limit (SHAREDSVC_POSTGRES_CONNECTION_LIMIT):"
                + " must be a whole number from -1, was 'many' (given as --connection-limit)\n");
    }

    @Test
    void aBadSpecFileIsOneLineNamingTheFileAndKeyWithExitCode64() throws Exception {
        Path unknownKey = Files.writeString(files.resolve("unknown.properties"),
                "services=backend\nservice.backend.postgres.conection-limit=5\n");
        Path secret = Files.writeString(files.resolve("secret.properties"),
                "service.backend.postgres.password=" + Cli.secret("spec-Secret-1") + "\n");
        Path badValue = Files.writeString(files.resolve("value.properties"),
                "service.backend.postgres.connection-limit=-5\n");
        Path missing = files.resolve("missing.properties");
        Map<String, String> env = env("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db:5432/postgres",
                "POSTGRES_PASSWORD", Cli.secret("spec-admin-Secret-1"));

        Cli.Run unknown = Cli.run(env, "ensure", "--spec", unknownKey.toString());
        Cli.Run withSecret = Cli.run(env, "ensure", "--spec", secret.toString());
        Cli.Run wrong = Cli.run(env, "plan", "--spec", badValue.toString());
        Cli.Run absent = Cli.run(env, "ensure", "--spec", missing.toString());

        for (Cli.Run run : new Cli.Run[] {unknown, withSecret, wrong, absent}) {
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err().strip()).doesNotContain("\n");
        }
        assertThat(unknown.err()).startsWith("ensure: spec file " + unknownKey + ": unknown key"
                + " service.backend.postgres.conection-limit; a service takes service.<name>.postgres.database,");
        assertThat(withSecret.err()).startsWith("ensure: spec file " + secret + ": unknown key"
                + " service.backend.postgres.password (a spec file holds no secret");
        assertThat(wrong.err()).isEqualTo("plan: spec file " + badValue + ": service.backend.postgres.connection-limit:"
                + " must be a whole number from -1, was '-5'\n");
        assertThat(absent.err()).startsWith("ensure: spec file " + missing + " cannot be read");
    }

    @Test
    void withoutAnythingToDoTheCommandsSaySoWithExitCode64() {
        assertThat(Cli.run(Map.of()).exitCode()).isEqualTo(ExitCode.USAGE);
        for (String command : new String[] {"ensure", "plan", "wait", "status"}) {
            Cli.Run run = Cli.run(Map.of(), command);
            assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).startsWith(command + ": nothing to");
        }
    }
}
