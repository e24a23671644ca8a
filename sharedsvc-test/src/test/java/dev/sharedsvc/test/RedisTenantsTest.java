package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;

import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.tenant.Tenant;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

class RedisTenantsTest {

    private static final RedisClient CLIENT = RedisClient.create();
    private static final Set<RedisURI> USED = ConcurrentHashMap.newKeySet();

    @AfterAll
    static void nothingIsLeftInTheTargetsOnceTheTestsAreOver() {
        for (RedisURI uri : USED) {
            try (StatefulRedisConnection<String, String> connection = CLIENT.connect(uri)) {
                assertThat(connection.sync().keys("tenant:*")).as("keys in %s", uri.getDatabase()).isEmpty();
                assertThat(connection.sync().keys("written")).isEmpty();
            }
        }
        CLIENT.shutdown();
    }

    @Nested
    @IsolatedTenants(redis = IsolatedTenants.RedisIsolation.DATABASE)
    class DatabaseOfItsOwn {

        @RepeatedTest(2)
        void startsEmptyInADatabaseNoOtherTenantHas(RedisTarget target, RedisURI uri, Tenant tenant) {
            assertThat(target.isolation()).isEqualTo(RedisTarget.Isolation.DATABASE);
            assertThat(target.database()).isPositive();
            assertThat(target.purpose()).isEqualTo(tenant.database());
            assertThat(uri.getDatabase()).isEqualTo(target.database());
            try (StatefulRedisConnection<String, String> connection = CLIENT.connect(uri)) {
                assertThat(connection.sync().dbsize()).isZero();
                connection.sync().set("written", tenant.database());
            }
            USED.add(uri);
        }
    }

    @Nested
    @IsolatedTenants(redis = IsolatedTenants.RedisIsolation.KEY_PREFIX)
    class KeyPrefixOfItsOwn {

        @RepeatedTest(2)
        void hasAPrefixNamedForTheTenantInDatabaseZero(RedisTarget target, RedisURI uri, Tenant tenant) {
            assertThat(target.keyPrefix()).isEqualTo("tenant:" + tenant.database() + ":");
            assertThat(uri.getDatabase()).isZero();
            try (StatefulRedisConnection<String, String> connection = CLIENT.connect(uri)) {
                assertThat(connection.sync().keys(target.keyPrefix() + "*")).isEmpty();
                connection.sync().set(target.keyPrefix() + "a", "1");
                connection.sync().set(target.keyPrefix() + "b", "2");
            }
            USED.add(uri);
        }
    }
}
