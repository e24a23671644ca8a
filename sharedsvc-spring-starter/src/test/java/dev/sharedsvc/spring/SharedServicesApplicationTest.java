package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * A whole Spring Boot application whose only database and Redis configuration is {@code sharedsvc.*}: its
 * DataSource, Flyway and Redis template use what the starter provisioned.
 */
@SpringBootTest(properties = "management.endpoint.health.show-details=always")
class SharedServicesApplicationTest {

    private static final String SERVICE = TestServices.uniqueService("app");

    @DynamicPropertySource
    static void sharedsvc(DynamicPropertyRegistry registry) {
        TestServices.properties(SERVICE).forEach((name, value) -> registry.add(name, () -> value));
    }

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private SharedServicesRedis purposes;

    @Autowired
    private HealthEndpoint health;

    @Test
    void theDataSourceLogsInAsTheServiceRoleInItsOwnDatabase() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo(SERVICE);
        assertThat(jdbc.sql("SELECT current_database()").query(String.class).single()).isEqualTo(SERVICE);
    }

    @Test
    void flywaysMigrationsRanAsTheServiceRoleWhichOwnsTheirTables() throws Exception {
        assertThat(jdbc.sql("INSERT INTO greeting (text) VALUES ('hello') RETURNING text").query(String.class).single())
                .isEqualTo("hello");
        assertThat(TestServices.queryAsAdmin(SERVICE,
                "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables"
                        + " WHERE tablename IN ('greeting', 'flyway_schema_history')")).isEqualTo(SERVICE);
        assertThat(TestServices.queryAsAdmin(SERVICE,
                "SELECT string_agg(DISTINCT installed_by, ',') FROM flyway_schema_history")).isEqualTo(SERVICE);
    }

    @Test
    void theRedisTemplateWritesToTheDatabaseOfTheFirstPurpose() {
        String key = "greeting:" + SERVICE;
        redis.opsForValue().set(key, "cached");
        assertThat(valueIn(TestServices.CACHE_DATABASE, key)).isEqualTo("cached");
        assertThat(valueIn(0, key)).isNull();
        assertThat(valueIn(TestServices.BROKER_DATABASE, key)).isNull();
    }

    @Test
    void everyPurposeIsReachableOnItsOwnDatabase() {
        String key = "job:" + SERVICE;
        assertThat(purposes.purposes()).containsExactly("cache", "broker");
        assertThat(purposes.target("broker").database()).isEqualTo(TestServices.BROKER_DATABASE);
        purposes.stringTemplate("broker").opsForValue().set(key, "queued");
        assertThat(valueIn(TestServices.BROKER_DATABASE, key)).isEqualTo("queued");
        assertThat(valueIn(TestServices.CACHE_DATABASE, key)).isNull();
        assertThat(purposes.connectionFactory("broker")).isSameAs(purposes.connectionFactory("broker"));
    }

    @Test
    void healthIsUpWithDetailsOfEachServerAndOfProvisioning() {
        HealthDescriptor sharedsvc = health.healthForPath("sharedsvc");
        assertThat(sharedsvc).isInstanceOf(CompositeHealthDescriptor.class);
        assertThat(sharedsvc.getStatus()).isEqualTo(Status.UP);
        Map<String, HealthDescriptor> components = ((CompositeHealthDescriptor) sharedsvc).getComponents();
        assertThat(components).containsOnlyKeys("postgres", "redis", "provisioning");

        Map<String, Object> postgres = details(components.get("postgres"));
        assertThat(postgres).containsEntry("state", "READY").containsEntry("role", SERVICE).containsKey("instance");
        assertThat(details(components.get("redis"))).containsEntry("state", "READY")
                .extractingByKey("purposes").asString().contains("test.cache (evictable): database 3");
        Map<String, Object> provisioning = details(components.get("provisioning"));
        assertThat(provisioning).containsEntry("database", SERVICE).containsEntry("mode", "ensure")
                .containsEntry("changed", true).containsKey("warnings");
        assertThat(provisioning.get("report")).asString().contains("CREATE_DATABASE " + SERVICE)
                .contains("left to the framework: up to 10 connections as " + SERVICE);
        assertThat(health.healthForPath("sharedsvc", "postgres").getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    private static Map<String, Object> details(HealthDescriptor descriptor) {
        assertThat(descriptor).isInstanceOf(IndicatedHealthDescriptor.class);
        assertThat(descriptor.getStatus()).isEqualTo(Status.UP);
        return ((IndicatedHealthDescriptor) descriptor).getDetails();
    }

    /** The value of {@code key} in a database, read on a connection of the test's own. */
    private static String valueIn(int database, String key) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder(RedisURI.create(TestServers.redis().uri())).withDatabase(database).build())) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
