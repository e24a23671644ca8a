package dev.sharedsvc.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * Test support for provisioning: the test server's administrator, catalog look-ups, and clean-up. Public for the
 * bootstrap tests, which provision through the same server.
 */
public final class TestDatabases {

    private TestDatabases() {
    }

    public static PostgresSettings server() {
        return TestServers.postgres();
    }

    public static PostgresAdmin admin() {
        return admin(server());
    }

    public static PostgresAdmin admin(PostgresSettings settings) {
        return PostgresAdmin.connect(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()));
    }

    /** A name no other test uses. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Connection login(String database, String user, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        return DriverManager.getConnection(server().jdbcUrl(database), login);
    }

    /** The first column of the first row of a query run as the administrator in the maintenance database. */
    public static String queryAsAdmin(String sql, Object... parameters) throws SQLException {
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

    public static void executeAsAdmin(String... statements) throws SQLException {
        PostgresSettings admin = server();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    public static int serverVersion() throws SQLException {
        return Integer.parseInt(queryAsAdmin("SHOW server_version_num"));
    }

    /**
     * Starts a server of the test's own that logs every statement, at the major version the tests run
     * ({@value TestServers#POSTGRES_VERSION_PROPERTY}); the caller closes it.
     */
    public static EmbeddedPostgres startLoggingEveryStatement() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().serverSetting("log_statement", "all")
                .serverSetting("log_connections", "on");
        String version = System.getProperty(TestServers.POSTGRES_VERSION_PROPERTY);
        if (version != null && !version.isBlank()) {
            builder.version(Integer.parseInt(version));
        }
        return builder.start();
    }

    /** What was written to {@code file} after it had {@code fromByte} bytes. */
    public static String tail(Path file, long fromByte) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(Arrays.copyOfRange(all, (int) fromByte, all.length), StandardCharsets.UTF_8);
    }

    /** Drops the databases, then the roles, that a test made. */
    public static void drop(List<String> databases, List<String> roles) throws SQLException {
        List<String> statements = new ArrayList<>();
        for (String database : databases) {
            statements.add("DROP DATABASE IF EXISTS " + Identifiers.quote(database) + " WITH (FORCE)");
        }
        for (String role : roles) {
            statements.add("DROP ROLE IF EXISTS " + Identifiers.quote(role));
        }
        executeAsAdmin(statements.toArray(String[]::new));
    }

    public static void drop(ServiceDatabase... services) throws SQLException {
        List<String> databases = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (ServiceDatabase service : services) {
            databases.add(service.database());
            roles.add(service.owner());
            roles.addAll(service.dutyRoles());
        }
        drop(databases, roles);
    }
}
