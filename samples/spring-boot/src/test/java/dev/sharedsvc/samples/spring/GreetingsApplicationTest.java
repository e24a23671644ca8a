package dev.sharedsvc.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** The sample on the test servers, through HTTP: the table and the cache on the database its layout gives it. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "logging.threshold.console=off", "logging.file.name=target/test.log", "spring.main.banner-mode=off",
        "sharedsvc.dev-services.enabled=false" })
class GreetingsApplicationTest {

    private static final String SERVICE = "greetings_" + UUID.randomUUID().toString().substring(0, 8);
    /** dev.cache in the sample's layout. */
    private static final int CACHE_DATABASE = 2;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        PostgresSettings admin = TestServers.postgres();
        registry.add("sharedsvc.service", () -> SERVICE);
        registry.add("sharedsvc.postgres.url", admin::jdbcUrl);
        registry.add("sharedsvc.postgres.admin-user", admin::user);
        registry.add("sharedsvc.postgres.admin-password", admin::password);
        registry.add("sharedsvc.postgres.password", () -> "sample-test-password");
        registry.add("sharedsvc.redis.url", () -> TestServers.redis().uri());
    }

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient database;

    @Test
    void aGreetingIsStoredInTheServicesTableAndThenServedFromItsCache() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        ResponseEntity<Map<String, Object>> created = http.post().uri("/greetings")
                .body(Map.of("text", "hello")).retrieve().toEntity(new ParameterizedTypeReference<>() { });
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        Object id = created.getBody().get("id");

        Map<String, Object> first = http.get().uri("/greetings/{id}", id).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        Map<String, Object> second = http.get().uri("/greetings/{id}", id).retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(first).containsEntry("text", "hello").containsEntry("source", "database");
        assertThat(second).containsEntry("text", "hello").containsEntry("source", "cache");
        assertThat(cached("greeting:" + id)).isEqualTo("hello");
    }

    @Test
    void theServiceUsesItsOwnRoleAndDatabase() {
        assertThat(database.sql("SELECT current_user || '@' || current_database()").query(String.class).single())
                .isEqualTo(SERVICE + "@" + SERVICE);
    }

    @Test
    void healthShowsSharedsvc() {
        Map<String, Object> health = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health")
                .retrieve().body(new ParameterizedTypeReference<>() { });
        assertThat(health).containsEntry("status", "UP");
        assertThat(health.get("components")).asString().contains("sharedsvc", "provisioning", "READY");
    }

    private static String cached(String key) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder(RedisURI.create(TestServers.redis().uri())).withDatabase(CACHE_DATABASE).build())) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
