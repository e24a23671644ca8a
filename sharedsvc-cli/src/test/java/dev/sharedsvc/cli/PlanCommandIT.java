package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sharedsvc-cli plan}, run as the built jar against the test server. */
class PlanCommandIT {

    private static final String PREFIX = "cli_plan_";

    @AfterAll
    static void dropWhatTheTestsMade() throws SQLException {
        Servers.drop(PREFIX);
    }

    @Test
    void planExitsWithTwoWhileEnsureWouldChangeSomethingAndZeroAfterwards() throws SQLException {
        Map<String, String> env = Servers.oldScript(PREFIX + "a," + PREFIX + "b");
        env.put("CLI_PLAN_A_PASSWORD", Cli.secret("plan-a-Secret-1"));

        Cli.Run before = Cli.run(env, "plan");

        assertThat(before.exitCode()).as(before.output()).isEqualTo(ExitCode.CHANGES_PENDING);
        assertThat(before.out()).contains("CREATE_DATABASE " + PREFIX + "a: CREATE DATABASE \"" + PREFIX + "a\"",
                "SET_PASSWORD " + PREFIX + "a: ALTER ROLE \"" + PREFIX + "a\" PASSWORD '***'",
                "2 databases, 2 would change");
        assertThat(Servers.databases(PREFIX)).as("plan changes nothing").isEmpty();

        assertThat(Cli.run(env, "ensure").exitCode()).isZero();
        Cli.Run after = Cli.run(env, "plan");

        assertThat(after.exitCode()).as(after.output()).isEqualTo(ExitCode.OK);
        assertThat(after.out()).contains("nothing to change", "2 databases, 0 would change (0 changes), 2 in place");
    }

    @Test
    void planShowsDriftFromWhatTheFlagsDescribe(@TempDir Path files) {
        Map<String, String> env = Servers.oldScript("");
        String passwordFile = Cli.secretFile(files, "drift", "drift-Secret-1").toString();
        Cli.Run ensured = Cli.run(env, "ensure", "--service", PREFIX + "drift", "--password-file", passwordFile,
                "--connection-limit", "3");
        assertThat(ensured.exitCode()).as(ensured.output()).isZero();

        Cli.Run drifted = Cli.run(env, "plan", "--service", PREFIX + "drift", "--password-file", passwordFile,
                "--connection-limit", "4");

        assertThat(drifted.exitCode()).as(drifted.output()).isEqualTo(ExitCode.CHANGES_PENDING);
        assertThat(drifted.out()).contains("SET_CONNECTION_LIMIT " + PREFIX + "drift: ALTER ROLE \"" + PREFIX
                + "drift\" CONNECTION LIMIT 4", "1 database, 1 would change (1 change)");
    }
}
