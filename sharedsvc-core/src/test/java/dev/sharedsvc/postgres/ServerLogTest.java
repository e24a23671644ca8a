package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/** Runs on a server of its own that logs every statement, to see what provisioning sends. */
class ServerLogTest {

    private static final String PASSWORD = "Plain-Text-Marker-7f3a";

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().serverSetting("log_statement", "all");
        String version = System.getProperty(TestServers.POSTGRES_VERSION_PROPERTY);
        if (version != null && !version.isBlank()) {
            builder.version(Integer.parseInt(version));
        }
        postgres = builder.start();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void plaintextPasswordReachesNeitherTheServerLogNorOurs() throws Exception {
        PostgresSettings settings = postgres.settings();
        ServiceDatabase service = ServiceDatabase.builder("logged").password(Secret.of(PASSWORD)).build();
        PrintStream original = System.err;
        ByteArrayOutputStream ours = new ByteArrayOutputStream();
        System.setErr(new PrintStream(ours, true, StandardCharsets.UTF_8));
        String texts;
        try (PostgresAdmin admin = PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()))) {
            texts = admin.plan(service) + "\n" + admin.ensure(service) + "\n" + admin + "\n" + service;
            admin.ensure(ServiceDatabase.builder("logged").password(Secret.of(PASSWORD + "-changed")).build());
        } finally {
            System.setErr(original);
        }

        String serverLog = Files.readString(postgres.serverLog());
        assertThat(serverLog).contains("CREATE DATABASE \"logged\"").contains("SCRAM-SHA-256$").doesNotContain(PASSWORD);
        assertThat(ours.toString(StandardCharsets.UTF_8)).contains("CREATE ROLE").doesNotContain(PASSWORD);
        assertThat(texts).doesNotContain(PASSWORD);
    }

    @Test
    void warmEnsureSendsOneQueryAndNoDdl() throws Exception {
        PostgresSettings settings = postgres.settings();
        ServiceDatabase service = ServiceDatabase.builder("warm").password(Secret.of("warm-Password-1")).build();
        try (PostgresAdmin admin = PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()))) {
            admin.ensure(service);
            long before = Files.size(postgres.serverLog());

            assertThat(admin.ensure(service).changed()).isFalse();

            String warm = new String(Files.readAllBytes(postgres.serverLog()), StandardCharsets.UTF_8)
                    .substring((int) before);
            assertThat(warm.lines().filter(line -> line.contains("LOG:  statement:") || line.contains("LOG:  execute")))
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("SELECT"));
        }
    }
}
