package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * What the tests of one meaning per key (issue 12) share: a profile that gives the application the test servers, a
 * service name no other run has used, and the keys of the case; and look-ups on the server as its administrator.
 * The Spring Boot starter's {@code FrameworkKeysTest} holds the same cases.
 */
final class FrameworkKeys {

    static final String AGROAL_SIZE = "quarkus.datasource.jdbc.max-size";
    static final String FLYWAY_LOCATIONS = "quarkus.flyway.locations";
    /**
     * This run's part of every service name, the same in every class loader: Quarkus makes a profile more than once,
     * and in a class loader of its own.
     */
    private static final String RUN = (String) System.getProperties().computeIfAbsent("sharedsvc.it.run",
            key -> UUID.randomUUID().toString().substring(0, 8));

    private FrameworkKeys() {
    }

    /** A profile with the test servers, a new service (its name under {@code quarkus.sharedsvc.service}) and the case's keys. */
    abstract static class Case implements QuarkusTestProfile {

        private final Map<String, String> overrides = new HashMap<>();

        /**
         * @param name the case, part of the service's name
         * @param keys {@code name=value} pairs
         */
        Case(String name, String... keys) {
            PostgresSettings postgres = postgres();
            overrides.put("quarkus.sharedsvc.service", service(name));
            overrides.put("quarkus.sharedsvc.postgres.url", postgres.jdbcUrl());
            overrides.put("quarkus.sharedsvc.postgres.admin-user", postgres.user());
            overrides.put("quarkus.sharedsvc.postgres.admin-password", postgres.password());
            for (String key : keys) {
                int eq = key.indexOf('=');
                overrides.put(key.substring(0, eq), key.substring(eq + 1));
            }
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides;
        }

    }

    /** The service of the case {@code name} in this run. */
    static String service(String name) {
        return "qk_" + name + "_" + RUN;
    }

    /**
     * The test PostgreSQL, the same one in every class loader: Quarkus loads the profile, the application and the test
     * in class loaders of their own, and {@link TestServers} would start a server in each. The first one is pinned
     * through {@link TestServers#POSTGRES_URL}, which every later look-up reads.
     */
    static synchronized PostgresSettings postgres() {
        PostgresSettings postgres = TestServers.postgres();
        String url = postgres.jdbcUrl();
        System.getProperties().putIfAbsent(TestServers.POSTGRES_URL, url + (url.contains("?") ? "&" : "?") + "user="
                + postgres.user() + "&password=" + postgres.password());
        return postgres;
    }

    /**
     * Launches the application, which must stop with one message holding every one of {@code expected}, no stack
     * trace, and nothing made on the server for the case's service.
     */
    static void assertRefused(QuarkusMainLauncher launcher, String name, String... expected) throws SQLException {
        LaunchResult result = launcher.launch(TestApplication.EXIT_AFTER_START);
        String output = result.getOutput() + "\n" + result.getErrorOutput();
        assertThat(result.exitCode()).as(output).isNotZero();
        assertThat(output).contains(expected).doesNotContain("\tat ");
        assertThat(roleExists(service(name))).as("refused before anything was made").isFalse();
    }

    /** Which of the two migrations' tables the service's database has, as {@code table:owner}, comma-separated. */
    static String migratedTables(String service) throws SQLException {
        return queryAsAdmin(service, "SELECT string_agg(tablename || ':' || tableowner, ',' ORDER BY tablename)"
                + " FROM pg_tables WHERE tablename IN ('farewells', 'greetings')");
    }

    static boolean roleExists(String role) throws SQLException {
        return queryAsAdmin(postgres().database(), "SELECT 1 FROM pg_roles WHERE rolname = ?", role) != null;
    }

    /** Makes a role and its database as an administrator would, outside sharedsvc; once, however often it is called. */
    static synchronized void createRoleAndDatabase(String name, String password) throws SQLException {
        if (roleExists(name)) {
            return;
        }
        PostgresSettings admin = postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + password + "'");
            statement.execute("CREATE DATABASE \"" + name + "\" OWNER \"" + name + "\"");
        }
    }

    /** The first column of the first row, run as the administrator in {@code database}; {@code null} for no row. */
    static String queryAsAdmin(String database, String sql, Object... parameters) throws SQLException {
        PostgresSettings admin = postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(database), admin.user(), admin.password());
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
