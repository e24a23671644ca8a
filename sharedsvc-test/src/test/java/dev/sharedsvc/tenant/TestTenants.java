package dev.sharedsvc.tenant;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;

/** Test support for tenants: the test server, pools on it, catalog look-ups and child JVMs. */
final class TestTenants {

    /** The migrations under src/test/resources/db/pool, which need pgcrypto. */
    static final String MIGRATIONS = "classpath:db/pool";
    /** The environment variable a child JVM reads the administrator's password from (never its arguments). */
    static final String PASSWORD_VARIABLE = "SHAREDSVC_CHILD_ADMIN_PASSWORD";

    private TestTenants() {
    }

    static PostgresSettings server() {
        return TestServers.postgres();
    }

    static TenantPool.Builder pool() {
        PostgresSettings server = server();
        return TenantPool.builder(server.jdbcUrl(), server.user(), Secret.of(server.password()));
    }

    static TenantTemplate migrated() {
        return TenantTemplate.builder().migrations(MIGRATIONS).extensions("pgcrypto").build();
    }

    /** A migration directory of its own, with {@code scripts} as V1, V2, ... and a comment no other test has. */
    static Path migrations(Path directory, String... scripts) throws IOException {
        Files.createDirectories(directory);
        for (int i = 0; i < scripts.length; i++) {
            Files.writeString(directory.resolve("V" + (i + 1) + "__step.sql"),
                    "-- " + directory + "\n" + scripts[i] + "\n", StandardCharsets.UTF_8);
        }
        return directory;
    }

    static Connection asAdmin(String database) throws SQLException {
        PostgresSettings server = server();
        return DriverManager.getConnection(server.jdbcUrl(database), server.user(), server.password());
    }

    static Connection as(Tenant tenant) throws SQLException {
        return tenant.dataSource().getConnection();
    }

    static Connection login(String database, String user, Secret password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password.reveal());
        return DriverManager.getConnection(server().jdbcUrl(database), login);
    }

    /** The first column of the first row, or null. */
    static String query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String queryAsAdmin(String sql, Object... parameters) throws SQLException {
        try (Connection connection = asAdmin(server().database())) {
            return query(connection, sql, parameters);
        }
    }

    static void execute(Connection connection, String... statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static boolean databaseExists(String name) throws SQLException {
        return queryAsAdmin("SELECT datname FROM pg_database WHERE datname = ?", name) != null;
    }

    static boolean roleExists(String name) throws SQLException {
        return queryAsAdmin("SELECT rolname FROM pg_roles WHERE rolname = ?", name) != null;
    }

    /** Waits up to 30 seconds for the background drop of a tenant's database and role. */
    static void awaitDropped(String name) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (databaseExists(name) || roleExists(name)) {
            assertThat(System.nanoTime() - deadline).as("%s still exists after 30 s", name).isNegative();
            Thread.sleep(20);
        }
    }

    /** Tenant databases and roles whose marker names {@code runId}. */
    static List<String> markedBy(String runId) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = asAdmin(server().database());
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT datname FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE ?"
                             + " UNION ALL SELECT rolname FROM pg_roles WHERE shobj_description(oid, 'pg_authid') LIKE ?")) {
            statement.setString(1, "sharedsvc tenant run=" + runId + " %");
            statement.setString(2, "sharedsvc tenant run=" + runId + " %");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * A JVM running {@link ChildRun} with {@code arguments} after the server's URL and user, the password in its
     * environment, its output to {@code log}.
     */
    static Process startChild(Path log, String... arguments) throws IOException {
        PostgresSettings server = server();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildRun.class.getName(), server.jdbcUrl(), server.user()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put(PASSWORD_VARIABLE, server.password());
        return builder.start();
    }
}
