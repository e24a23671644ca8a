package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.DevServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * sharedsvc's Dev Service: in test mode with no server configured (and Quarkus's Dev Services on, no Docker), the
 * application runs on the shared development servers, in its own database as its own role.
 */
@QuarkusTest
@TestProfile(DevServiceTest.OnSharedDevelopmentServers.class)
class DevServiceTest {

    @Inject
    DataSource dataSource;

    @ConfigProperty(name = "quarkus.sharedsvc.postgres.url")
    String postgresUrl;

    @AfterAll
    static void stopTheServers() throws IOException {
        OnSharedDevelopmentServers.servers().stop();
        try (var files = Files.walk(OnSharedDevelopmentServers.DIRECTORY.getParent())) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    @Test
    void theServiceRunsOnTheSharedDevelopmentServersInItsOwnDatabaseAsItsOwnRole() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT current_user, current_database(), inet_server_port()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo("it_dev_service");
            assertThat(row.getString(2)).isEqualTo("it_dev_service");
            assertThat(row.getInt(3)).isEqualTo(OnSharedDevelopmentServers.POSTGRES_PORT);
        }
        assertThat(postgresUrl).isEqualTo("jdbc:postgresql://127.0.0.1:" + OnSharedDevelopmentServers.POSTGRES_PORT
                + "/postgres");
        assertThat(OnSharedDevelopmentServers.servers().status()).isPresent();
    }

    /** Dev Services on, no URL, the development servers in a directory and on ports of this test's own. */
    public static class OnSharedDevelopmentServers implements QuarkusTestProfile {

        // The profile is loaded by more than one class loader; system properties are the same for all of them.
        static final int POSTGRES_PORT = Integer.parseInt(once("postgres-port", () -> Integer.toString(freePort())));
        static final int REDIS_PORT = Integer.parseInt(once("redis-port", () -> Integer.toString(freePort())));
        static final Path DIRECTORY = Path.of(once("directory", () -> temporaryDirectory().toString()));

        private static String once(String name, java.util.function.Supplier<String> value) {
            synchronized (System.class) {
                String key = "sharedsvc.it.dev-services." + name;
                String existing = System.getProperty(key);
                if (existing == null) {
                    existing = value.get();
                    System.setProperty(key, existing);
                }
                return existing;
            }
        }

        static DevServers servers() {
            return DevServers.builder().directory(DIRECTORY).postgresPort(POSTGRES_PORT).redisPort(REDIS_PORT).build();
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.devservices.enabled", "true",
                    "quarkus.sharedsvc.service", "it_dev_service",
                    "quarkus.sharedsvc.dev-services.directory", DIRECTORY.toString(),
                    "quarkus.sharedsvc.dev-services.postgres-port", Integer.toString(POSTGRES_PORT),
                    "quarkus.sharedsvc.dev-services.redis-port", Integer.toString(REDIS_PORT),
                    "quarkus.sharedsvc.dev-services.idle-timeout", "0s");
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static Path temporaryDirectory() {
            try {
                return Files.createTempDirectory("sharedsvc-dev-it").resolve("dev");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
