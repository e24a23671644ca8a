package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/** What the test PostgreSQL shows its administrator. */
final class Server {

    private Server() {
    }

    static boolean databaseExists(String name) {
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits (up to a minute) for the background drop of a released tenant. */
    static void assertDropped(String database) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (databaseExists(database) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(databaseExists(database)).as("database %s dropped", database).isFalse();
    }
}
