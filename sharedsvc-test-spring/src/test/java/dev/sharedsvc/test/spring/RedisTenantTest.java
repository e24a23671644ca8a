package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.test.IsolatedTenants.RedisIsolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** The application's Redis connection goes to a database of the context's own, empty at the start of each test. */
@SpringBootTest(classes = NotesApplication.class)
@AutoConfigureTenants(redis = RedisIsolation.DATABASE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisTenantTest {

    private static int database;

    @Autowired
    private StringRedisTemplate redis;

    @Autowired
    private LettuceConnectionFactory connections;

    @Order(1)
    @Test
    void theApplicationWritesIntoADatabaseOfItsOwn() {
        redis.opsForValue().set("greeting", "hello");
        database = connections.getDatabase();
        assertThat(database).isPositive();
        assertThat(valueIn(database, "greeting")).isEqualTo("hello");
        assertThat(valueIn(0, "greeting")).isNull();
    }

    @Order(2)
    @Test
    void theNextTestFindsItEmpty() {
        assertThat(connections.getDatabase()).isEqualTo(database);
        assertThat(redis.hasKey("greeting")).isFalse();
    }

    private static String valueIn(int index, String key) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder(RedisURI.create(TestServers.redis().uri())).withDatabase(index).build())) {
            return connection.sync().get(key);
        } finally {
            client.shutdown();
        }
    }
}
