package dev.sharedsvc.quarkus.it;

import java.util.Map;
import java.util.UUID;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The servers of the test application: the project's test PostgreSQL and Redis ({@link TestServers}), given to
 * sharedsvc as the administrator in ensure mode, and a service name no earlier run has used, so the service's
 * database and role do not exist when the application starts.
 */
public class SharedServersResource implements QuarkusTestResourceLifecycleManager {

    static final String LAYOUT = "prod.broker=0, prod.cache=1, dev.broker=4, dev.cache=5";

    @Override
    public Map<String, String> start() {
        PostgresSettings postgres = TestServers.postgres();
        RedisSettings redis = TestServers.redis();
        return Map.of(
                "quarkus.sharedsvc.service", "quarkus_it_" + UUID.randomUUID().toString().substring(0, 8),
                "quarkus.sharedsvc.postgres.url", postgres.jdbcUrl(),
                "quarkus.sharedsvc.postgres.admin-user", postgres.user(),
                "quarkus.sharedsvc.postgres.admin-password", postgres.password(),
                "quarkus.sharedsvc.postgres.connection-limit", "6",
                "quarkus.sharedsvc.postgres.pool-size", "3",
                "quarkus.sharedsvc.redis.url", redis.uri(),
                "quarkus.sharedsvc.redis.layout", LAYOUT,
                "quarkus.sharedsvc.environment", "dev",
                "quarkus.sharedsvc.redis.purposes", "cache,broker");
    }

    @Override
    public void stop() {
        // The test servers stop with the JVM.
    }
}
