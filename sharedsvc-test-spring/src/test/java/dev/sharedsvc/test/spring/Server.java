package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.tenant.Tenant;

/** What the test PostgreSQL shows its administrator. */
final class Server {

    private Server() {
    }

    /**
     * Waits (up to a minute) until the tenant's password is refused: the tenant was given back and reset under a new
     * password, or dropped.
     */
    static void assertLoginRefused(Tenant tenant) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        SQLException refusal = null;
        while (refusal == null && System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(tenant.jdbcUrl(), tenant.user(),
                    tenant.password().reveal())) {
                connection.isValid(1);
            } catch (SQLException e) {
                refusal = e;
                break;
            }
            Thread.sleep(50);
        }
        assertThat((Object) refusal).as("login of %s with its old password", tenant.user()).isNotNull();
        assertThat(refusal.getSQLState()).as(refusal.getMessage()).isIn("28P01", "3D000", "28000");
    }

    /** The server's process id of the session behind {@code connection}. */
    static String backend(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT pg_backend_pid()::text");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Waits (up to a minute) until the server's session {@code pid} has ended. */
    static void assertSessionEnded(String pid) throws InterruptedException {
        String query = "SELECT 1 FROM pg_stat_activity WHERE pid = " + Integer.parseInt(pid);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (exists(query) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(exists(query)).as("session %s ended", pid).isFalse();
    }

    /** The server's clock now, as its administrator reads it: what its {@code backend_start} compares with. */
    static Instant now() {
        return asAdmin("SELECT clock_timestamp()", rows -> {
            rows.next();
            return rows.getTimestamp(1).toInstant();
        });
    }

    private static boolean exists(String sql) {
        return asAdmin(sql, ResultSet::next);
    }

    private interface Rows<T> {
        T read(ResultSet rows) throws SQLException;
    }

    private static <T> T asAdmin(String sql, Rows<T> reader) {
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             PreparedStatement query = connection.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            return reader.read(rows);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
