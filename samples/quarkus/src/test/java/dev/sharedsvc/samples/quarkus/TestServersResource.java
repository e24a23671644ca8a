package dev.sharedsvc.samples.quarkus;

import java.util.Map;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** The sample's servers in tests: the project's test PostgreSQL (as its administrator) and Redis. */
public class TestServersResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        PostgresSettings postgres = TestServers.postgres();
        return Map.of(
                "quarkus.sharedsvc.postgres.url", postgres.jdbcUrl(),
                "quarkus.sharedsvc.postgres.admin-user", postgres.user(),
                "quarkus.sharedsvc.postgres.admin-password", postgres.password(),
                "quarkus.sharedsvc.redis.url", TestServers.redis().uri());
    }

    @Override
    public void stop() {
        // The test servers stop with the JVM.
    }
}
