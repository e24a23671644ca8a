package dev.sharedsvc.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.test.IsolatedTenants.RedisIsolation;
import dev.sharedsvc.test.spring.AutoConfigureTenants;
import dev.sharedsvc.test.spring.TenantDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * The sample through HTTP, each test on a tenant of its own (a migrated database and role, and an empty Redis
 * database), in one application context: the greeting table starts empty in every test, so ids are predictable.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "logging.threshold.console=off", "logging.file.name=target/test.log", "spring.main.banner-mode=off",
        "sharedsvc.dev-services.enabled=false" })
@AutoConfigureTenants(redis = RedisIsolation.DATABASE)
class GreetingsApplicationTest {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient database;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private LettuceConnectionFactory redis;

    @Test
    void aGreetingIsStoredInTheTableAndThenServedFromTheCache() {
        RestClient http = RestClient.create("http://127.0.0.1:" + port);
        ResponseEntity<Map<String, Object>> created = http.post().uri("/greetings")
                .body(Map.of("text", "hello")).retrieve().toEntity(new ParameterizedTypeReference<>() { });
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody()).containsEntry("id", 1);

        Map<String, Object> first = http.get().uri("/greetings/1").retrieve()
                .body(new ParameterizedTypeReference<>() { });
        Map<String, Object> second = http.get().uri("/greetings/1").retrieve()
                .body(new ParameterizedTypeReference<>() { });
        assertThat(first).containsEntry("text", "hello").containsEntry("source", "database");
        assertThat(second).containsEntry("text", "hello").containsEntry("source", "cache");
        assertThat(cached("greeting:1")).isEqualTo("hello");
    }

    @Test
    void everyTestStartsWithAnEmptyTableAndAnEmptyCache() {
        assertThat(database.sql("SELECT count(*) FROM greeting").query(Long.class).single()).isZero();
        assertThat(cached("greeting:1")).isNull();
    }

    @Test
    void theServiceRunsAsTheTenantsOwnRole() {
        String tenant = ((TenantDataSource) dataSource).currentTenant().user();
        assertThat(database.sql("SELECT current_user || '@' || current_database()").query(String.class).single())
                .isEqualTo(tenant + "@" + tenant);
    }

    /** The key in the Redis database the application's connection uses: the tenant's. */
    private String cached(String key) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder(RedisURI.create(TestServers.redis().uri())).withDatabase(redis.getDatabase()).build())) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
