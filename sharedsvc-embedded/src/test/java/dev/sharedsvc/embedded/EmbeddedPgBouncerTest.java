package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("deployment")
class EmbeddedPgBouncerTest {

    @Test
    void aRoleCreatedOnTheServerLogsInThroughThePoolerInTransactionMode() throws SQLException {
        PostgresSettings admin = TestServers.postgres();
        try (EmbeddedPgBouncer bouncer = EmbeddedPgBouncer.builder(admin).start();
             Connection direct = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = direct.createStatement()) {
            statement.execute("DROP ROLE IF EXISTS bouncer_probe");
            statement.execute("CREATE ROLE bouncer_probe LOGIN PASSWORD 'probe-secret'");
            try (Connection pooled = DriverManager.getConnection(bouncer.settings().jdbcUrl() + "?prepareThreshold=0",
                    "bouncer_probe", "probe-secret");
                 Statement query = pooled.createStatement();
                 ResultSet row = query.executeQuery("SELECT current_user, inet_server_port()")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("bouncer_probe");
                assertThat(row.getInt(2)).isEqualTo(admin.port());
            } finally {
                statement.execute("DROP ROLE bouncer_probe");
            }
        }
    }
}
