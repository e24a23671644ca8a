package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sharedsvc-cli dev up | status | down}, run as the built jar on a directory and ports of its own. */
class DevCommandIT {

    @TempDir
    Path home;

    private final int postgresPort = freePort();
    private final int redisPort = freePort();

    private Map<String, String> devEnv() {
        return env("SHAREDSVC_DEV_SERVICES_DIRECTORY", home.resolve("dev").toString(),
                "SHAREDSVC_DEV_SERVICES_POSTGRES_PORT", Integer.toString(postgresPort),
                "SHAREDSVC_DEV_SERVICES_REDIS_PORT", Integer.toString(redisPort));
    }

    @AfterEach
    void down() {
        Cli.run(devEnv(), "dev", "down");
    }

    @Test
    void upPrintsTheSettingsOfAServiceWithThePasswordsLeftInTheirFiles() throws IOException {
        Cli.Run up = Cli.run(devEnv(), "dev", "up", "--idle-timeout", "0s");
        String adminPassword = Cli.secret(Files.readString(home.resolve("dev/postgres-admin-password")).strip());
        Cli.secret(Files.readString(home.resolve("dev/redis-password")).strip());

        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.out()).contains(
                "SHAREDSVC_POSTGRES_URL=jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres\n",
                "SHAREDSVC_POSTGRES_ADMIN_USER=postgres\n",
                "SHAREDSVC_POSTGRES_ADMIN_PASSWORD_FILE=" + home.resolve("dev/postgres-admin-password") + "\n",
                "SHAREDSVC_REDIS_URL_FILE=" + home.resolve("dev/redis-url") + "\n",
                "# Shared development servers started");
        assertThat(adminPassword).isNotBlank();

        Cli.Run status = Cli.run(devEnv(), "dev", "status");
        assertThat(status.exitCode()).as(status.output()).isZero();
        assertThat(status.out()).contains("# Shared development servers running",
                "127.0.0.1:" + postgresPort, "redis://127.0.0.1:" + redisPort);

        Cli.Run down = Cli.run(devEnv(), "dev", "down");
        assertThat(down.exitCode()).as(down.output()).isZero();
        assertThat(down.out()).contains("Stopped the shared development servers");
        Cli.Run after = Cli.run(devEnv(), "dev", "status");
        assertThat(after.exitCode()).as(after.output()).isEqualTo(ExitCode.FAILED);
        assertThat(after.out()).contains("do not run", "sharedsvc-cli dev up");
    }

    @Test
    void upForAServiceMakesItsDatabaseAndRoleAndPrintsKeycloakSettingsThatLogIn() throws Exception {
        Cli.Run up = Cli.run(devEnv(), "dev", "up", "--idle-timeout", "0s", "--service", "keycloak");
        Path passwordFile = home.resolve("dev/services/keycloak");
        String password = Cli.secret(Files.readString(passwordFile).strip());

        assertThat(up.exitCode()).as(up.output()).isZero();
        assertThat(up.out()).contains("KC_DB=postgres\n",
                "KC_DB_URL=jdbc:postgresql://127.0.0.1:" + postgresPort + "/keycloak\n",
                "KC_DB_USERNAME=keycloak\n",
                "KC_DB_PASSWORD=\"$(cat " + passwordFile + ")\"\n",
                "SHAREDSVC_POSTGRES_PASSWORD_FILE=" + passwordFile + "\n");
        try (Connection connection = DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + postgresPort + "/keycloak", "keycloak", password);
             ResultSet row = connection.createStatement().executeQuery("SELECT current_user, current_database()")) {
            row.next();
            assertThat(row.getString(1) + "/" + row.getString(2)).isEqualTo("keycloak/keycloak");
        }
        Cli.Run again = Cli.run(devEnv(), "dev", "up", "--service", "keycloak");
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.out()).contains("# Shared development servers running");
        assertThat(Files.readString(passwordFile).strip()).isEqualTo(password);
    }

    @Test
    void aPortTakenByAnotherProgramFailsNamingThePortAndTheSetting() throws IOException {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), redisPort));

            Cli.Run up = Cli.run(devEnv(), "dev", "up");

            assertThat(up.exitCode()).as(up.output()).isEqualTo(ExitCode.FAILED);
            assertThat(up.err()).contains("port " + redisPort,
                    "sharedsvc.dev-services.redis-port (SHAREDSVC_DEV_SERVICES_REDIS_PORT)");
        }
    }

    @Test
    void aMalformedSettingIsAUsageError() {
        Cli.Run up = Cli.run(devEnv(), "dev", "up", "--idle-timeout", "30");

        assertThat(up.exitCode()).as(up.output()).isEqualTo(ExitCode.USAGE);
        assertThat(up.err()).contains("--idle-timeout");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
