package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

class RedisTargetTest {

    private static final RedisLayout SEED = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);
    private static RedisClient client;

    @BeforeAll
    static void startClient() {
        client = RedisClient.create();
    }

    @AfterAll
    static void stopClient() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    @Test
    void dataWrittenThroughTheProdCacheUriLandsInDatabaseOneOnly() {
        RedisURI server = RedisURI.create(TestServers.redis().uri());
        RedisTarget target = SEED.resolve("prod", "cache");
        String key = "target-test:" + UUID.randomUUID();

        try (StatefulRedisConnection<String, String> service = client.connect(target.uri(server));
             StatefulRedisConnection<String, String> inspector = client.connect(server)) {
            service.sync().set(key, "cached");
            RedisCommands<String, String> commands = inspector.sync();
            for (int database = 0; database < RedisLayout.DEFAULT_DATABASES; database++) {
                commands.select(database);
                assertThat(commands.get(key)).as("key in database %d", database)
                        .isEqualTo(database == 1 ? "cached" : null);
            }
            service.sync().del(key);
        }
    }

    @Test
    void theUriKeepsCredentialsTlsTimeoutAndClientName() {
        RedisURI server = RedisURI.create("rediss://svc:s3cret@redis.internal:6380/7?timeout=3s&clientName=billing");

        RedisURI uri = SEED.resolve("staging", "cache").uri(server);

        assertThat(uri.getDatabase()).isEqualTo(3);
        assertThat(uri.isSsl()).isTrue();
        assertThat(uri.getHost()).isEqualTo("redis.internal");
        assertThat(uri.getPort()).isEqualTo(6380);
        assertThat(uri.getTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(uri.getClientName()).isEqualTo("billing");
        RedisCredentials credentials = uri.getCredentialsProvider().resolveCredentials().block();
        assertThat(credentials.getUsername()).isEqualTo("svc");
        assertThat(new String(credentials.getPassword())).isEqualTo("s3cret");
        assertThat(uri.toString()).doesNotContain("s3cret");
        assertThat(server.getDatabase()).as("the base URI is not changed").isEqualTo(7);
    }

    @Test
    void underKeyPrefixIsolationTheTargetUsesDatabaseZeroAndItsPrefix() {
        RedisTarget byDatabase = SEED.resolve("prod", "cache");
        RedisTarget byPrefix = byDatabase.withIsolation(Isolation.KEY_PREFIX);

        assertThat(byDatabase.keyPrefix()).isEmpty();
        assertThat(byDatabase).hasToString("prod.cache (evictable): database 1");
        assertThat(byPrefix.database()).isZero();
        assertThat(byPrefix.index()).isEqualTo(1);
        assertThat(byPrefix.keyPrefix()).isEqualTo("prod:cache:");
        assertThat(byPrefix).hasToString("prod.cache (evictable): key prefix 'prod:cache:' in database 0");
        assertThat(byPrefix.uri(RedisURI.create("redis://h/5")).getDatabase()).isZero();
    }

    @Test
    void aNegativeIndexIsRefused() {
        assertThatThrownBy(() -> new RedisTarget("prod", "cache", -1, Durability.EVICTABLE, Isolation.DATABASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("index must not be negative, was -1");
    }
}
