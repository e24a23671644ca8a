package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("deployment")
class EmbeddedStandbyTest {

    @Test
    void theStandbyStreamsThePrimarysWritesRefusesItsOwnAndWritesOncePromoted() throws Exception {
        try (EmbeddedPostgres primary = EmbeddedPostgres.builder().start();
             EmbeddedStandby standby = EmbeddedStandby.of(primary)) {
            execute(primary.settings(), "CREATE TABLE streamed (id int)");
            assertThat(standby.inRecovery()).isTrue();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!tableExists(standby.settings()) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(tableExists(standby.settings())).isTrue();
            assertThatThrownBy(() -> execute(standby.settings(), "CREATE TABLE local (id int)"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));

            standby.promote();

            assertThat(standby.inRecovery()).isFalse();
            execute(standby.settings(), "CREATE TABLE local (id int)");
        }
    }

    private static boolean tableExists(PostgresSettings settings) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT to_regclass('streamed') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static void execute(PostgresSettings settings, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
