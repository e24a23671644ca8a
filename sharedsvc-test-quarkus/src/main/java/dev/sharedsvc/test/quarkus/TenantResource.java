package dev.sharedsvc.test.quarkus;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.test.IsolatedTenants;
import dev.sharedsvc.test.TenantServer;
import dev.sharedsvc.test.internal.SharedPools;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantTemplate;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a {@code @QuarkusTest} application a tenant of its own: a PostgreSQL database and login role, migrated from
 * the application's migrations, and a Redis database, for as long as the application runs (Quarkus starts it once
 * for the test classes that share its test resources and profile, and again for a class whose differ).
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(TenantResource.class)
 * class GreetingResourceTest { ... }
 * }</pre>
 *
 * <p>It works through the sharedsvc extension's own settings: the tenant is the service ({@code
 * quarkus.sharedsvc.service} is the tenant's name, which is its database and role), its password is the service's,
 * {@code quarkus.sharedsvc.mode=off} (the tenant is made already: nothing is provisioned, nothing is done as an
 * administrator), and every Redis purpose of the service's environment gets the tenant's Redis database, emptied
 * when it is claimed and when it is given back. Quarkus's Flyway still runs at start and finds the schema there.
 *
 * <p>Arguments ({@code @WithTestResource(initArgs = ...)}): {@code migrations}, comma-separated Flyway locations
 * (default {@code quarkus.flyway.locations}, else {@code classpath:db/migration}); {@code extensions},
 * comma-separated. The server is the test PostgreSQL ({@code SHAREDSVC_TEST_POSTGRES_URL}, else an embedded one)
 * and the test Redis ({@code SHAREDSVC_TEST_REDIS_URL}, else an embedded one).
 *
 * <p>Per test method tenants are not offered: Agroal's pool is built once per application start from the
 * configuration of that start, and has no supported way to move its connection factory to another database.
 */
public class TenantResource implements QuarkusTestResourceLifecycleManager {

    private static final String PREFIX = "quarkus.sharedsvc.";
    private static final String DEFAULT_MIGRATIONS = "classpath:db/migration";

    private List<String> migrations;
    private List<String> extensions = List.of();
    private Tenant tenant;
    private RedisTarget redis;

    @Override
    public void init(Map<String, String> arguments) {
        Config config = ConfigProvider.getConfig();
        String locations = arguments.getOrDefault("migrations",
                config.getOptionalValue("quarkus.flyway.locations", String.class).orElse(DEFAULT_MIGRATIONS));
        migrations = split(locations).stream()
                .map(location -> location.contains(":") ? location : "classpath:" + location).toList();
        if (arguments.containsKey("extensions")) {
            extensions = split(arguments.get("extensions"));
        }
    }

    @Override
    public Map<String, String> start() {
        if (migrations == null) {
            init(Map.of());
        }
        TenantServer server = TenantServer.standard();
        TenantTemplate template = TenantTemplate.builder().migrations(migrations.toArray(String[]::new))
                .extensions(extensions.toArray(String[]::new)).build();
        tenant = SharedPools.pool(server, template).acquire();
        Map<String, String> supplied = new LinkedHashMap<>();
        try {
            supplied.put(PREFIX + "service", tenant.database());
            supplied.put(PREFIX + "mode", "off");
            supplied.put(PREFIX + "postgres.url", server.jdbcUrl());
            supplied.put(PREFIX + "postgres.password", tenant.password().reveal());
            Config config = ConfigProvider.getConfig();
            List<String> purposes = config.getOptionalValue(PREFIX + "redis.purposes", String.class).map(TenantResource::split)
                    .orElse(List.of());
            if (!purposes.isEmpty()) {
                redis = SharedPools.redis().allocate(tenant.database(), IsolatedTenants.RedisIsolation.DATABASE);
                String environment = config.getOptionalValue(PREFIX + "environment", String.class).orElse("test");
                supplied.put(PREFIX + "environment", environment);
                supplied.put(PREFIX + "redis.url", TestServers.redis().uri());
                supplied.put(PREFIX + "redis.layout", purposes.stream()
                        .map(purpose -> environment + "." + purpose + "=" + redis.index())
                        .collect(Collectors.joining(",")));
            }
            return supplied;
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @Override
    public void stop() {
        if (redis != null) {
            SharedPools.redis().release(redis);
            redis = null;
        }
        if (tenant != null) {
            tenant.close();
            tenant = null;
        }
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(part -> !part.isEmpty()).toList();
    }
}
