package dev.sharedsvc.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;

/**
 * PostgreSQL readiness against real servers: the shared test server for what does not disturb it, and a server of
 * this class's own (started, stopped and restarted by the tests, with 3 connection slots for non-superusers).
 */
class PostgresReadinessTest {

    private static final String APP_ROLE = "readiness_app";
    private static final Secret APP_PASSWORD = Secret.of("app-password-42");

    private static EmbeddedPostgres own;

    @BeforeAll
    static void buildOwnServer() {
        own = EmbeddedPostgres.builder()
                .serverSetting("max_connections", "6")
                .serverSetting("superuser_reserved_connections", "3")
                .build();
    }

    @AfterAll
    static void closeOwnServer() {
        own.close();
    }

    private static Probe probe(PostgresSettings settings) {
        return Probe.postgres(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()));
    }

    private static Connection connect(PostgresSettings settings, String user, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        return DriverManager.getConnection(settings.jdbcUrl(), login);
    }

    /** Our own server, running, with the application role; started only once by the tests that need it. */
    private static PostgresSettings ownServerRunning() throws SQLException {
        if (!own.isRunning()) {
            own.start();
        }
        try (Connection admin = connect(own.settings(), own.settings().user(), own.settings().password());
             Statement statement = admin.createStatement()) {
            statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + APP_ROLE + "')"
                    + " THEN CREATE ROLE " + APP_ROLE + " LOGIN PASSWORD '" + APP_PASSWORD.reveal() + "'; END IF; END $$");
        }
        return own.settings();
    }

    @Test
    void reportsTheStartTimeAndThatAPrimaryIsNotInRecovery() {
        Observation observation = probe(TestServers.postgres()).check(Duration.ofSeconds(5));

        assertThat(observation.state()).isEqualTo(ProbeState.READY);
        assertThat(observation.standby()).isFalse();
        assertThat(observation.serverStartedAt()).get().matches(started -> started.isBefore(Instant.now()));
        assertThat(observation.serverInstance()).contains(observation.serverStartedAt().get().toString());
    }

    @Test
    void serverStartedOnlyAfterTheWaitBeganIsNoticed() throws Exception {
        own.stop();

        ServerScenarios.serverStartedAfterTheWaitBeganIsFound(probe(own.settings()), own::start);
    }

    @Test
    void stableWaitDoesNotPassOnAServerThatRestarts() throws Exception {
        ServerScenarios.stableWaitDoesNotPassOnTheFirstInstance(probe(ownServerRunning()), own::stop, own::start);
    }

    @Test
    void wrongPasswordFailsFastAndSaysSo() {
        PostgresSettings settings = TestServers.postgres();
        Secret wrong = Secret.of("wrong-password-123");

        NotReadyException failure = catchThrowableOfType(NotReadyException.class, () -> Readiness
                .of(Probe.postgres(settings.jdbcUrl(), settings.user(), wrong))
                .await(Duration.ofSeconds(30)));

        // The reason and the single attempt prove the fail-fast: the wait did not run on to its deadline.
        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.CREDENTIALS_REJECTED);
        assertThat(failure.report().services().get(0).attempts()).isEqualTo(1);
        assertThat(failure.getMessage())
                .contains("credentials rejected", "CREDENTIALS_REJECTED", "28P01", "password was rejected")
                .doesNotContain(wrong.reveal());
    }

    @Test
    void wrongPasswordIsWaitedOutWhenFailingFastIsOff() {
        PostgresSettings settings = TestServers.postgres();

        NotReadyException failure = catchThrowableOfType(NotReadyException.class, () -> Readiness
                .of(Probe.postgres(settings.jdbcUrl(), settings.user(), Secret.of("wrong-password-123")))
                .failFastOnRejectedCredentials(false)
                .await(Duration.ofMillis(500)));

        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.DEADLINE_PASSED);
        assertThat(failure.report().services().get(0).last().state()).isEqualTo(ProbeState.CREDENTIALS_REJECTED);
    }

    @Test
    void aRoleCreatedDuringTheWaitIsWaitedForWhenTheProbeAwaitsItsRole() throws Exception {
        PostgresSettings settings = TestServers.postgres();
        String role = "readiness_late_" + Long.toHexString(System.nanoTime());
        Probe probe = Probe.postgres(settings.jdbcUrl(), role, APP_PASSWORD);
        RecordingProbe recording = new RecordingProbe(probe, () -> { });
        Observation meanwhile = Probe.awaitingRole(probe).check(Duration.ofSeconds(5));
        Thread creator = new Thread(() -> {
            try {
                // The role appears once the wait has been refused at least once: it is under way.
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (recording.observations().isEmpty() && System.nanoTime() - deadline < 0) {
                    Thread.sleep(10);
                }
                try (Connection admin = connect(settings, settings.user(), settings.password());
                     Statement statement = admin.createStatement()) {
                    statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + APP_PASSWORD.reveal() + "'");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        creator.start();
        try {
            ReadinessReport report = Readiness.of(Probe.awaitingRole(recording)).await(Duration.ofSeconds(30));

            assertThat(report.services().get(0).last().state()).isEqualTo(ProbeState.READY);
            assertThat(recording.observations().get(0).state()).isEqualTo(ProbeState.CREDENTIALS_REJECTED);
            assertThat(meanwhile.state()).isEqualTo(ProbeState.CREDENTIALS_REJECTED);
            assertThat(meanwhile.detail()).contains("28P01", "waiting until the deadline: the role may not exist yet");
        } finally {
            creator.join();
            try (Connection admin = connect(settings, settings.user(), settings.password());
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP ROLE IF EXISTS " + role);
            }
        }
    }

    /** Also when the awaiting probe is wrapped again ({@link Probe#observing}), as a bootstrap may do. */
    @ParameterizedTest(name = "observed again: {0}")
    @ValueSource(booleans = {false, true})
    void aWrongPasswordOfAProbeThatAwaitsItsRoleFailsAtTheDeadlineSayingRoleOrPassword(boolean observed) {
        PostgresSettings settings = TestServers.postgres();
        Secret wrong = Secret.of("wrong-password-456");
        Probe awaiting = Probe.awaitingRole(Probe.postgres(settings.jdbcUrl(), settings.user(), wrong));
        Probe probe = observed ? Probe.observing(awaiting, observation -> observation) : awaiting;

        NotReadyException failure = catchThrowableOfType(NotReadyException.class, () -> Readiness.of(probe)
                .await(Duration.ofSeconds(3)));

        // Not at once: the role might have been in the making. Many attempts show the wait ran to its deadline.
        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.DEADLINE_PASSED);
        assertThat(failure.report().services().get(0).attempts()).isGreaterThan(1);
        assertThat(failure.getMessage()).contains("CREDENTIALS_REJECTED", "28P01",
                "the role does not exist or its password is not the one given", "sharedsvc-cli ensure")
                .doesNotContain(wrong.reveal());
    }

    @Test
    void missingDatabaseIsReportedWithAHint() {
        PostgresSettings settings = TestServers.postgres();
        Probe probe = Probe.postgres(settings.jdbcUrl("not_created_yet"), settings.user(), Secret.of(settings.password()));

        NotReadyException failure = catchThrowableOfType(NotReadyException.class,
                () -> Readiness.of(probe).await(Duration.ofSeconds(1)));

        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.DEADLINE_PASSED);
        assertThat(failure.report().services().get(0).last().state()).isEqualTo(ProbeState.DATABASE_MISSING);
        assertThat(failure.getMessage()).contains("3D000", "not_created_yet", "does not exist (yet)");
    }

    @Test
    void tooManyClientsIsReported() throws Exception {
        PostgresSettings settings = ownServerRunning();
        List<Connection> slots = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                slots.add(connect(settings, APP_ROLE, APP_PASSWORD.reveal()));
            }
            Observation observation = Probe.postgres(settings.jdbcUrl(), APP_ROLE, APP_PASSWORD).check(Duration.ofSeconds(5));

            assertThat(observation.state()).isEqualTo(ProbeState.TOO_MANY_CLIENTS);
            assertThat(observation.detail()).startsWith("SQLSTATE 53300");
        } finally {
            for (Connection slot : slots) {
                slot.close();
            }
        }
    }

    /** SIGTERM to the postmaster is a smart shutdown: it waits for open sessions and rejects new ones (57P03). */
    @Test
    void serverShuttingDownIsRejecting() throws Exception {
        PostgresSettings settings = ownServerRunning();
        long postmaster = Long.parseLong(Files.readAllLines(own.dataDirectory().resolve("postmaster.pid")).get(0).trim());
        try (Connection session = connect(settings, settings.user(), settings.password())) {
            ProcessHandle.of(postmaster).orElseThrow().destroy();

            Observation observation = probe(settings).check(Duration.ofSeconds(5));
            for (int i = 0; i < 50 && observation.state() == ProbeState.READY; i++) {
                observation = probe(settings).check(Duration.ofSeconds(5));
            }

            assertThat(observation.state()).isEqualTo(ProbeState.REJECTING);
            assertThat(observation.detail()).startsWith("SQLSTATE 57P03").contains("shutting down");
        } finally {
            ProcessHandle.of(postmaster).ifPresent(process -> process.onExit().join());
            try {
                own.stop();
            } catch (RuntimeException alreadyStopped) {
                // the smart shutdown ended the server when the session closed
            }
        }
    }
}
