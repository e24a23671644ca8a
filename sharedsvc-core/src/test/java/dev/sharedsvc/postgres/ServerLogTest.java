package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;

/** Runs on a server of its own that logs every statement, to see what provisioning sends. */
class ServerLogTest {

    private static final String PASSWORD = "Plain-Text-Marker-7f3a";
    /** Where slf4j-simple writes during tests (see simplelogger.properties). */
    private static final Path OUR_LOG = Path.of("target", "test.log");

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = TestDatabases.startLoggingEveryStatement();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @Test
    void plaintextPasswordReachesNeitherTheServerLogNorOurs() throws Exception {
        PostgresSettings settings = postgres.settings();
        ServiceDatabase service = ServiceDatabase.builder("logged").password(Secret.of(PASSWORD)).build();
        long ourLogBefore = Files.size(OUR_LOG);
        String texts;
        try (PostgresAdmin admin = PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()))) {
            texts = admin.plan(service) + "\n" + admin.ensure(service) + "\n" + admin + "\n" + service;
            admin.ensure(ServiceDatabase.builder("logged").password(Secret.of(PASSWORD + "-changed")).build());
        }

        String serverLog = Files.readString(postgres.serverLog());
        assertThat(serverLog).contains("CREATE DATABASE \"logged\"").contains("SCRAM-SHA-256$").doesNotContain(PASSWORD);
        String ourLog = TestDatabases.tail(OUR_LOG, ourLogBefore);
        assertThat(ourLog).contains("DEBUG").contains("CREATE ROLE \"logged\"").contains("PASSWORD '***'")
                .doesNotContain(PASSWORD);
        assertThat(texts).doesNotContain(PASSWORD);
    }

    @Test
    void rolesByDutyAndARotationSendNoPlaintextPasswordToTheServerLog() throws Exception {
        PostgresSettings settings = postgres.settings();
        String app = PASSWORD + "-app";
        String readOnly = PASSWORD + "-read";
        String rotated = PASSWORD + "-rotated";
        ServiceDatabase service = ServiceDatabase.builder("duties").password(Secret.of(PASSWORD))
                .applicationRole(Secret.of(app)).readOnlyRole(Secret.of(readOnly)).build();
        long ourLogBefore = Files.size(OUR_LOG);
        String texts;
        try (PostgresAdmin admin = PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()))) {
            texts = admin.plan(service) + "\n" + admin.ensure(service) + "\n" + service;
            ServiceDatabase after = ServiceDatabase.builder("duties").password(Secret.of(PASSWORD))
                    .applicationRole(Secret.of(rotated)).readOnlyRole(Secret.of(readOnly)).build();
            texts += PasswordRotation.of(admin, after).rotate(Secret.of(rotated), java.time.Duration.ofSeconds(10));
        }

        String serverLog = Files.readString(postgres.serverLog());
        assertThat(serverLog).contains("CREATE ROLE \"duties_app\"").contains("ALTER ROLE \"duties_app\" NOLOGIN")
                .doesNotContain(PASSWORD);
        assertThat(TestDatabases.tail(OUR_LOG, ourLogBefore)).doesNotContain(PASSWORD);
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

            String warm = TestDatabases.tail(postgres.serverLog(), before);
            assertThat(warm.lines().filter(line -> line.contains("LOG:  statement:") || line.contains("LOG:  execute")))
                    .hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("SELECT"));
        }
    }
}
