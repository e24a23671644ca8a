package dev.sharedsvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedStandby;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.Secret;

/**
 * Issue 13, failover: the primary stops while a start migrates, and its streaming standby is promoted. The start,
 * given both hosts, runs the migration (in a transaction, rolled back with the lost connection) again on the new
 * primary within its deadline, and its pool serves there.
 */
@Tag("deployment")
class FailoverToStandbyTest {

    private static final String PASSWORD = "Failover-Standby-Password-4d";

    private EmbeddedPostgres primary;
    private EmbeddedStandby standby;

    @BeforeEach
    void start() {
        primary = EmbeddedPostgres.builder().start();
        standby = EmbeddedStandby.of(primary);
    }

    @AfterEach
    void stop() {
        standby.close();
        primary.close();
    }

    private static Connection connect(PostgresSettings settings, String database) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(database), settings.user(), settings.password());
    }

    private boolean sleepingInAMigration() throws SQLException {
        try (Connection connection = connect(primary.settings(), "postgres"); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE query LIKE '%pg_sleep(3)%' AND pid <> pg_backend_pid()")) {
            row.next();
            return row.getInt(1) > 0;
        }
    }

    @Test
    void aStartWhosePrimaryFailsOverDuringTheMigrationsFinishesOnTheNewPrimary() throws Exception {
        PostgresSettings admin = primary.settings();
        SharedServicesConfig config = SharedServicesConfig.builder().service("failover")
                .postgresUrl("jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.server().port()
                        + "/postgres")
                .password(Secret.of(PASSWORD)).adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .migrations("classpath:db/failover").poolSize(1).waitTimeout(Duration.ofSeconds(90)).build();
        CompletableFuture<SharedServices> start = CompletableFuture.supplyAsync(() -> SharedServices.bootstrap(config));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!sleepingInAMigration()) {
            assertThat(System.nanoTime() - deadline).as("a migration reached its pg_sleep").isNegative();
            Thread.sleep(20);
        }

        primary.stop();
        standby.promote();

        try (SharedServices services = start.get(120, TimeUnit.SECONDS);
             Connection pooled = services.dataSource().getConnection();
             Statement statement = pooled.createStatement();
             ResultSet row = statement.executeQuery("SELECT inet_server_port(), to_regclass('failover_marker') IS NOT NULL,"
                     + " pg_is_in_recovery()")) {
            row.next();
            assertThat(services.report().migrationsApplied()).isEqualTo(1);
            assertThat(row.getInt(1)).as("the pool serves on the promoted standby").isEqualTo(standby.server().port());
            assertThat(row.getBoolean(2)).as("the migration ran again there").isTrue();
            assertThat(row.getBoolean(3)).isFalse();
        }
    }
}
