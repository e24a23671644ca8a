package dev.sharedsvc.spring;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * The {@code sharedsvc.*} properties of a service on the test servers ({@link TestServers}), and look-ups on those
 * servers as their administrator.
 */
final class TestServices {

    /** The Redis layout of the tests: environment {@code test}, cache on 3 and broker on 4. */
    static final String LAYOUT = "test.cache=3, test.broker=4, prod.cache=1";
    static final int CACHE_DATABASE = 3;
    static final int BROKER_DATABASE = 4;
    /** Not Spring Boot's default location, so that a test sees sharedsvc.postgres.migrations at work. */
    static final String MIGRATIONS = "classpath:db/greetings";

    private TestServices() {
    }

    /** A service name no other test uses. */
    static String uniqueService(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Everything a service on the test servers needs, with Redis purposes cache and broker in environment test. */
    static Map<String, String> properties(String service) {
        PostgresSettings postgres = TestServers.postgres();
        RedisSettings redis = TestServers.redis();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("sharedsvc.service", service);
        properties.put("sharedsvc.environment", "test");
        properties.put("sharedsvc.postgres.url", postgres.jdbcUrl());
        properties.put("sharedsvc.postgres.admin-user", postgres.user());
        properties.put("sharedsvc.postgres.admin-password", postgres.password());
        properties.put("sharedsvc.postgres.password", service + "-secret");
        properties.put("sharedsvc.redis.url", redis.uri());
        properties.put("sharedsvc.redis.layout", LAYOUT);
        properties.put("sharedsvc.redis.purposes", "cache,broker");
        properties.put("sharedsvc.postgres.migrations", MIGRATIONS);
        properties.put("sharedsvc.wait.timeout", "30s");
        return properties;
    }

    /** The properties as {@code name=value} pairs, for {@code withPropertyValues}. */
    static String[] pairs(Map<String, String> properties) {
        return properties.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }

    /** Runs a statement as the administrator in the maintenance database. */
    static void executeAsAdmin(String sql) throws SQLException {
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password())) {
            connection.createStatement().execute(sql);
        }
    }

    /** The first column of the first row of a query run as the administrator in {@code database}. */
    static String queryAsAdmin(String database, String sql, Object... parameters) throws SQLException {
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(database), admin.user(),
                admin.password());
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
