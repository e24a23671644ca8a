package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.Secret;

/**
 * Issue 13, reproduction 5: a server with {@code max_connections=20} (17 slots for login roles) and 30 starts of 10
 * services at once, while other clients hold most of the slots for the first seconds: every login of every phase
 * waits for a slot within the one deadline, and only a deadline too short fails, with the budget in its advice.
 */
class ConnectionStormTest {

    private static final String PASSWORD = "Storm-Password-7c2e";
    private static final int SLOTS_FOR_ROLES = 17;

    private static EmbeddedPostgres server;
    private final List<Connection> squatters = new ArrayList<>();

    @BeforeAll
    static void start() throws SQLException {
        server = EmbeddedPostgres.builder().serverSetting("max_connections", "20")
                .serverSetting("superuser_reserved_connections", "3").start();
        try (Connection admin = admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE storm_squatter LOGIN PASSWORD '" + PASSWORD + "'");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void release() {
        squatters.forEach(ConnectionStormTest::closeQuietly);
        squatters.clear();
    }

    private static Connection admin() throws SQLException {
        PostgresSettings admin = server.settings();
        return DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
    }

    /** Holds {@code count} of the slots for login roles. */
    private void squat(int count) throws SQLException {
        for (int i = 0; i < count; i++) {
            squatters.add(DriverManager.getConnection(server.settings().jdbcUrl(), "storm_squatter", PASSWORD));
        }
    }

    private static SharedServicesConfig.Builder ensure(String service, Duration deadline) {
        PostgresSettings admin = server.settings();
        return SharedServicesConfig.builder().service(service).postgresUrl(admin.jdbcUrl())
                .password(Secret.of(PASSWORD)).adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .migrations(List.of("classpath:db/bootstrap")).poolSize(2).waitTimeout(deadline);
    }

    private static SharedServicesConfig verify(String service, Duration deadline) {
        return SharedServicesConfig.builder().service(service).postgresUrl(server.settings().jdbcUrl())
                .password(Secret.of(PASSWORD)).poolSize(0).waitTimeout(deadline).build();
    }

    @Test
    void thirtyStartsOfTenServicesOnTwentySlotsAllStartAndNoneFailsForWantOfASlot() throws Exception {
        long logBefore = Files.size(server.serverLog());
        squat(SLOTS_FOR_ROLES - 2); // the fleet starts crowded: 2 slots for 30 starts and 10 waits
        ExecutorService fleet = Executors.newFixedThreadPool(40);
        List<Future<String>> starts = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                String service = String.format(Locale.ROOT, "storm_%02d", i % 10);
                starts.add(fleet.submit(() -> {
                    try (SharedServices started = SharedServices.bootstrap(ensure(service, Duration.ofSeconds(120)).build())) {
                        return started.report().mode().toString();
                    }
                }));
            }
            // A wait --service for each service, started before its role exists (reproduction 5, second half).
            for (int i = 0; i < 10; i++) {
                String service = String.format(Locale.ROOT, "storm_%02d", i);
                starts.add(fleet.submit(() -> Readiness.of(Probe.awaitingRole(ServiceProbes.of(
                        verify(service, Duration.ofSeconds(120))).postgres())).await(Duration.ofSeconds(120)).toString()));
            }
            // The squatters leave once the server has refused the fleet for want of a slot: the storm is real.
            awaitRefusals(logBefore);
            release();
            List<String> outcomes = new ArrayList<>();
            for (Future<String> start : starts) {
                outcomes.add(start.get(3, TimeUnit.MINUTES)); // throws the start's own failure, if any
            }

            assertThat(outcomes.subList(0, 30)).containsOnly("ENSURE");
            assertThat(outcomes.subList(30, 40)).allSatisfy(report -> assertThat(report).contains("1 of 1 services ready"));
        } finally {
            fleet.shutdownNow();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(schemaVersion(String.format(Locale.ROOT, "storm_%02d", i))).isEqualTo(2);
        }
    }

    /** Waits (up to a minute) until the server log, from {@code offset} on, shows a login refused for want of a slot. */
    private static void awaitRefusals(long offset) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!refused(offset) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertThat(refused(offset)).as("the server refused logins for want of a slot").isTrue();
    }

    private static boolean refused(long offset) throws IOException {
        String log = Files.readString(server.serverLog()).substring((int) offset);
        return log.contains("too many clients") || log.contains("remaining connection slots are reserved");
    }

    @Test
    void aDeadlineTooShortForTheStormFailsWithTheConnectionBudgetInItsAdvice() throws Exception {
        squat(SLOTS_FOR_ROLES); // every slot for login roles is taken; the superusers' reserve is left

        // Ensure mode: the superuser administrator waits and ensures on its reserve, then the service's own logins
        // (ensure's check of the new login, the check after it) find no slot until the deadline.
        BootstrapException afterTheWait = catchThrowableOfType(BootstrapException.class,
                () -> SharedServices.bootstrap(ensure("storm_short", Duration.ofSeconds(3)).build()).close());
        // Verify mode: the service's own wait finds no slot.
        BootstrapException inTheWait = catchThrowableOfType(BootstrapException.class,
                () -> SharedServices.bootstrap(verify("storm_squatter", Duration.ofSeconds(2))).close());

        assertThat(afterTheWait.phase()).isEqualTo(Phase.PROVISION);
        assertThat(afterTheWait.getMessage()).contains("53300");
        assertThat(afterTheWait.remedy()).hasValueSatisfying(remedy -> assertThat(remedy)
                .contains("no free connection slot until the deadline (sharedsvc.wait.timeout = 3.000 s)",
                        "17 of max_connections 20 for login roles (3 reserved for superusers)",
                        "raise max_connections", "sharedsvc.postgres.pool-size"));
        assertThat(inTheWait.phase()).isEqualTo(Phase.WAIT);
        assertThat(inTheWait.getMessage()).contains("TOO_MANY_CLIENTS", "no free connection slot");
        assertThat(inTheWait.remedy()).hasValueSatisfying(remedy -> assertThat(remedy)
                .contains("sharedsvc.wait.timeout = 2.000 s", "max_connections, less superuser_reserved_connections"));
    }

    private static int schemaVersion(String database) throws SQLException {
        PostgresSettings admin = server.settings();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(database), admin.user(), admin.password());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT max(version::int) FROM flyway_schema_history WHERE success")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // gone already
        }
    }
}
