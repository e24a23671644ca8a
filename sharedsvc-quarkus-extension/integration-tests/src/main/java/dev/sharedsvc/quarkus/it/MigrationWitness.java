package dev.sharedsvc.quarkus.it;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.api.configuration.FluentConfiguration;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;

/**
 * Quarkus calls this while it configures its Flyway, at run-time init, just before the migration at start. It logs
 * in through Flyway's datasource and writes down who it is and where: if sharedsvc had not yet made the service's
 * database and role, which do not exist before the application starts, that login would fail and so would the
 * start.
 */
@Singleton
public class MigrationWitness implements FlywayConfigurationCustomizer {

    private volatile String seen = "Flyway was not configured";

    @Override
    public void customize(FluentConfiguration configuration) {
        try (Connection connection = configuration.getDataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user || '@' || current_database()")) {
            row.next();
            seen = row.getString(1);
        } catch (SQLException e) {
            seen = "Flyway's datasource could not log in: " + e.getMessage();
        }
    }

    /** {@code role@database} as Flyway's datasource saw it, or why it could not. */
    public String seen() {
        return seen;
    }
}
