package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sharedsvc-cli rotate}, run as the built jar against the test server. */
class RotateCommandIT {

    private static final String PREFIX = "cli_rot_";

    @AfterAll
    static void dropWhatTheTestsMade() throws SQLException {
        Servers.drop(PREFIX);
    }

    @Test
    void rotateMovesTheApplicationPasswordToTheOtherLoginAndRetiresTheOldOne(@TempDir Path files) {
        String name = PREFIX + "a";
        Map<String, String> env = Servers.oldScript("");
        env.put("SHAREDSVC_POSTGRES_PASSWORD", Cli.secret("rot-Owner-pw-1"));
        env.put("SHAREDSVC_POSTGRES_APPLICATION_PASSWORD", Cli.secret("rot-Old-pw-1"));
        Cli.Run ensured = Cli.run(env, "ensure", "--service", name);
        assertThat(ensured.exitCode()).as(ensured.output()).isZero();
        assertThat(Servers.canLogIn(name, name + "_app", "rot-Old-pw-1")).isTrue();
        String newPassword = Cli.secretFile(files, "new", "rot-New-pw-2").toString();

        Cli.Run begun = Cli.run(env, "rotate", "--service", name, "--new-password-file", newPassword, "--begin");
        assertThat(begun.exitCode()).as(begun.output()).isZero();
        assertThat(begun.out()).contains("begun: both logins work");
        assertThat(Servers.canLogIn(name, name + "_app", "rot-Old-pw-1")).isTrue();
        assertThat(Servers.canLogIn(name, name + "_app_2", "rot-New-pw-2")).isTrue();

        Cli.Run finished = Cli.run(env, "rotate", "--service", name, "--new-password-file", newPassword,
                "--drain-timeout", "PT10S");

        assertThat(finished.exitCode()).as(finished.output()).isZero();
        assertThat(finished.out()).contains("finished: only " + name + "_app_2 may log in",
                "RETIRE_LOGIN " + name + "_app: ALTER ROLE \"" + name + "_app\" NOLOGIN PASSWORD NULL");
        assertThat(Servers.canLogIn(name, name + "_app", "rot-Old-pw-1")).isFalse();
        assertThat(Servers.canLogIn(name, name + "_app_2", "rot-New-pw-2")).isTrue();
    }

    @Test
    void rotatingAServiceWithoutRolesByDutyIsRefusedWithTheReason(@TempDir Path files) {
        String name = PREFIX + "single";
        Map<String, String> env = Servers.oldScript("");
        env.put("SHAREDSVC_POSTGRES_PASSWORD", Cli.secret("rot-Owner-pw-3"));
        assertThat(Cli.run(env, "ensure", "--service", name).exitCode()).isZero();

        Cli.Run refused = Cli.run(env, "rotate", "--service", name, "--new-password-file",
                Cli.secretFile(files, "new", "rot-New-pw-4").toString());

        assertThat(refused.exitCode()).as(refused.output()).isNotZero();
        assertThat(refused.err()).contains("role " + name + "_app does not exist");
    }
}
