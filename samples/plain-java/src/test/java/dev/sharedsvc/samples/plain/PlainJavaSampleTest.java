package dev.sharedsvc.samples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;

/** Runs the sample as the README's first command does: a JVM of its own, judged by its exit code and output. */
class PlainJavaSampleTest {

    /** Output that every successful run prints, in this order. */
    private static final String[] STEPS = {
        "== Plan: what ensure would change",
        "== First start of sample_keycloak", "Bootstrap of sample_keycloak (mode ensure) done",
        "== First start of sample_backend", "Bootstrap of sample_backend (mode ensure) done",
        "== Redis targets of sample_backend", "cache:  dev.cache (evictable): database 5",
        "broker: dev.broker (durable): database 4", "The cache's key is in database 5 and not in 4",
        "== The backend's pool", "table orders belongs to sample_backend",
        "== Second start of sample_backend (warm: nothing to change)", "in place, checked as sample_backend",
        "no migration pending in classpath:db/migration; schema version 2",
        "== Isolation", "Role sample_backend cannot connect to database sample_keycloak: 42501",
        "Done: both services started twice"};

    private record Run(int exitCode, String output) {
    }

    @Test
    void theReadmesFirstCommandRunsOnTheSharedDevelopmentServersAndExitsZero(@TempDir Path home) throws Exception {
        Path directory = home.resolve("dev");
        int postgresPort = freePort();
        int redisPort = freePort();
        Run run;
        try {
            run = runSample(Map.of("SHAREDSVC_DEV_SERVICES_DIRECTORY", directory.toString(),
                    "SHAREDSVC_DEV_SERVICES_POSTGRES_PORT", Integer.toString(postgresPort),
                    "SHAREDSVC_DEV_SERVICES_REDIS_PORT", Integer.toString(redisPort),
                    "SHAREDSVC_DEV_SERVICES_IDLE_TIMEOUT", "0s"));
        } finally {
            DevServers.builder().directory(directory).postgresPort(postgresPort).redisPort(redisPort).build().stop();
        }

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).containsSubsequence(STEPS)
                .contains("PostgreSQL: shared development server", "127.0.0.1:" + postgresPort, "(started)",
                        "Redis:      shared development server at redis://127.0.0.1:" + redisPort)
                .contains("Plan for database sample_backend owned by sample_backend:",
                        "CREATE_EXTENSION sample_backend.pgcrypto", "applied 2 migration(s) from classpath:db/migration")
                .doesNotContain("demo-password", "FAILED");
    }

    @Test
    void withServerUrlsItRunsOnThoseServers() throws Exception {
        PostgresSettings postgres = TestServers.postgres();
        RedisSettings redis = TestServers.redis();
        try {
            Run run = runSample(Map.of(
                    "SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl(),
                    "SHAREDSVC_POSTGRES_ADMIN_USER", postgres.user(),
                    "SHAREDSVC_POSTGRES_ADMIN_PASSWORD", postgres.password(),
                    "SHAREDSVC_REDIS_URL", redis.uri()));

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).containsSubsequence(STEPS)
                    .contains("PostgreSQL: from SHAREDSVC_POSTGRES_URL", "Redis:      from SHAREDSVC_REDIS_URL")
                    .doesNotContain("demo-password", postgres.password(), redis.password());
        } finally {
            dropSampleServices(postgres);
        }
    }

    /** Runs the sample's main class with the test's class path, without any server setting but {@code env}. */
    private static Run runSample(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PlainJavaSample.class.getName())
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("SHAREDSVC_") || name.startsWith("POSTGRES_")
                || name.endsWith("REDIS_URL"));
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(3, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static void dropSampleServices(PostgresSettings postgres) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            for (String name : new String[] {PlainJavaSample.KEYCLOAK, PlainJavaSample.BACKEND}) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                statement.execute("DROP ROLE IF EXISTS \"" + name + "\"");
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
