package dev.sharedsvc.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/** Test support for provisioning: the test server's administrator, catalog look-ups, and clean-up. */
final class TestDatabases {

    private TestDatabases() {
    }

    static PostgresSettings server() {
        return TestServers.postgres();
    }

    static PostgresAdmin admin() {
        return admin(server());
    }

    static PostgresAdmin admin(PostgresSettings settings) {
        return PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()));
    }

    /** A name no other test uses. */
    static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Connection login(String database, String user, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        return DriverManager.getConnection(server().jdbcUrl(database), login);
    }

    /** The first column of the first row of a query run as the administrator in the maintenance database. */
    static String queryAsAdmin(String sql, Object... parameters) throws SQLException {
        PostgresSettings admin = server();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static void executeAsAdmin(String... statements) throws SQLException {
        PostgresSettings admin = server();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static int serverVersion() throws SQLException {
        return Integer.parseInt(queryAsAdmin("SHOW server_version_num"));
    }

    /** Drops the databases, then the roles, that a test made. */
    static void drop(List<String> databases, List<String> roles) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String database : databases) {
            statements.add("DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
        }
        for (String role : roles) {
            statements.add("DROP ROLE IF EXISTS " + Identifiers.quote(role));
        }
        executeAsAdmin(statements.toArray(String[]::new));
    }

    static void drop(ServiceDatabase... services) throws SQLException {
        List<String> databases = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (ServiceDatabase service : services) {
            databases.add(service.database());
            roles.add(service.owner());
        }
        drop(databases, roles);
    }
}
