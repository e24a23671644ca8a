package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.Secret;

/**
 * A server that restarts while a start migrates (as a failover does to its clients): a migration in a transaction,
 * which the lost connection rolled back, runs again when the server is back, within the deadline; one outside a
 * transaction, which may be partly applied, is not run again and the failure names the phase and the migration.
 */
class FailoverTest {

    private static final String PASSWORD = "Failover-Password-2b";

    private EmbeddedPostgres server;

    @BeforeEach
    void start() {
        server = EmbeddedPostgres.builder().start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SharedServicesConfig config(String migrations) {
        PostgresSettings admin = server.settings();
        return SharedServicesConfig.builder().service("failover").postgresUrl(admin.jdbcUrl())
                .password(Secret.of(PASSWORD)).adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .migrations(migrations).poolSize(1).waitTimeout(Duration.ofSeconds(60)).build();
    }

    private Connection admin(String database) throws SQLException {
        PostgresSettings admin = server.settings();
        return DriverManager.getConnection(admin.jdbcUrl(database), admin.user(), admin.password());
    }

    /** Starts the bootstrap, and restarts the server once a migration sleeps in {@code pg_sleep(3)}. */
    private CompletableFuture<SharedServices> startAndRestartDuringTheMigration(String migrations) throws Exception {
        CompletableFuture<SharedServices> start = CompletableFuture.supplyAsync(
                () -> SharedServices.bootstrap(config(migrations)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sleepingInAMigration()) {
            assertThat(System.nanoTime() - deadline).as("a migration reached its pg_sleep").isNegative();
            assertThat(start).as("the start is still migrating").isNotDone();
            Thread.sleep(20);
        }
        server.stop();
        server.start();
        return start;
    }

    private boolean sleepingInAMigration() throws SQLException {
        try (Connection connection = admin("postgres"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()")) {
            row.next();
            return row.getInt(1) > 0;
        }
    }

    private boolean tableExists(String table) throws SQLException {
        try (Connection connection = admin("failover"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    @Test
    void aMigrationInATransactionRunsAgainWhenTheServerIsBack() throws Exception {
        CompletableFuture<SharedServices> start = startAndRestartDuringTheMigration("classpath:db/failover");

        try (SharedServices services = start.get(90, TimeUnit.SECONDS)) {
            assertThat(services.report().migrationsApplied()).isEqualTo(1);
            assertThat(services.report().schemaVersion()).hasValue("1");
        }
        assertThat(tableExists("failover_marker")).isTrue();
    }

    @Test
    void aMigrationOutsideATransactionIsNotRunAgainAndTheFailureSaysItMayBePartlyApplied() throws Exception {
        CompletableFuture<SharedServices> start =
                startAndRestartDuringTheMigration("classpath:dev/sharedsvc/bootstrap/outside");

        ExecutionException failed = org.assertj.core.api.Assertions.catchThrowableOfType(ExecutionException.class,
                () -> start.get(90, TimeUnit.SECONDS).close());

        assertThat(failed.getCause()).isInstanceOfSatisfying(BootstrapException.class, failure -> {
            assertThat(failure.phase()).isEqualTo(Phase.MIGRATE);
            assertThat(failure.getMessage()).contains("was lost during migration 1 (PartlyApplied)",
                    "runs outside a transaction, so it may be partly applied", "not run again");
            assertThat(failure.remedy()).hasValueSatisfying(remedy -> assertThat(remedy).contains("INVALID"));
        });
        // What the failure warns of: the first statement stayed, the index never came.
        assertThat(tableExists("events")).isTrue();
        assertThat(tableExists("events_kind")).isFalse();
    }
}
