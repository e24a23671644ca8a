package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The application has only sharedsvc settings, and its service's database and role do not exist before it starts;
 * yet Quarkus's datasource and Flyway, which start at run-time init, work as the service's role.
 */
@QuarkusTest
@WithTestResource(SharedServersResource.class)
class StartupOrderTest {

    @ConfigProperty(name = "quarkus.sharedsvc.service")
    String service;

    @ConfigProperty(name = "quarkus.datasource.jdbc.max-size")
    int agroalMaxSize;

    @Inject
    DataSource dataSource;

    @Inject
    SharedServices sharedServices;

    @Inject
    MigrationWitness migrationWitness;

    @TestHTTPResource("/q/health/ready")
    URI readiness;

    @Test
    void quarkusFlywayFoundTheDatabaseAndRoleThatSharedsvcMadeAtThisStart() {
        assertThat(migrationWitness.seen()).isEqualTo(service + "@" + service);
        assertThat(sharedServices.report().changed()).as("sharedsvc created them at this start").isTrue();
        assertThat(sharedServices.report().provisioning()).isNotEmpty();
    }

    @Test
    void theDatasourceLogsInAsTheServicesRoleToItsDatabase() throws SQLException {
        assertThat(query("SELECT current_user || '@' || current_database()")).containsExactly(service + "@" + service);
    }

    @Test
    void flywaysTablesBelongToTheServicesRole() throws SQLException {
        assertThat(query("SELECT tablename || ':' || tableowner FROM pg_tables"
                + " WHERE tablename IN ('flyway_schema_history', 'greetings') ORDER BY tablename"))
                .containsExactly("flyway_schema_history:" + service, "greetings:" + service);
        assertThat(query("SELECT count(*) FROM flyway_schema_history WHERE success")).containsExactly("1");
    }

    @Test
    void agroalsPoolIsTheSizeTheBudgetWasCheckedFor() {
        assertThat(agroalMaxSize).isEqualTo(3);
        assertThat(sharedServices.report().toString()).contains("up to 3 connections as " + service);
    }

    @Test
    void eachPurposeWritesIntoTheDatabaseTheLayoutGivesIt() {
        RedisPurpose cache = sharedServices.redis("cache");
        RedisPurpose broker = sharedServices.redis("broker");
        String key = "quarkus-it:" + UUID.randomUUID();
        cache.connection().sync().setex(key, 60, "cached");
        broker.connection().sync().setex(key, 60, "queued");

        RedisClient client = RedisClient.create();
        try {
            assertThat(get(client, 5, key)).isEqualTo("cached");
            assertThat(get(client, 4, key)).isEqualTo("queued");
            assertThat(get(client, 0, key)).as("nothing in database 0").isNull();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void readinessIsUpWithSharedsvcsChecks() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(readiness).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\": \"UP\"", "sharedsvc PostgreSQL", "sharedsvc Redis",
                "sharedsvc provisioning", "dev.cache (evictable): database 5");
    }

    private List<String> query(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static String get(RedisClient client, int database, String key) {
        RedisURI uri = RedisURI.create(TestServers.redis().uri());
        uri.setDatabase(database);
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            return connection.sync().get(key);
        }
    }
}
