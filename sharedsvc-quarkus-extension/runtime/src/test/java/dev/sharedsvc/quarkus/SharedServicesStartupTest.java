package dev.sharedsvc.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quarkus.runtime.configuration.ConfigurationException;

/**
 * The start-up hook on its own, against the test servers, with both of Quarkus's clients present: what it supplies,
 * what it refuses, and how it fails.
 */
class SharedServicesStartupTest {

    private final String service = "quarkus_hook_" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void bothClientsArePresent() {
        SharedServicesStartup.supply(true, true, null);
    }

    @AfterEach
    void closeWhatWasPrepared() {
        SharedServicesStartup.takePrepared().ifPresent(SharedServices::close);
        SharedServicesStartup.supply(false, false, null);
    }

    @Test
    void suppliesTheDatasourceAsTheServicesRoleAndARedisClientPerPurposeInItsDatabase() {
        ConfigSource supplied = start(settings());

        PostgresSettings postgres = TestServers.postgres();
        assertThat(supplied.getValue("quarkus.datasource.jdbc.url")).startsWith(postgres.jdbcUrl(service));
        assertThat(supplied.getValue("quarkus.datasource.username")).isEqualTo(service);
        assertThat(supplied.getValue("quarkus.datasource.password")).isEqualTo("hook-password");
        assertThat(supplied.getValue("quarkus.datasource.jdbc.max-size")).isEqualTo("3");
        assertThat(supplied.getValue("quarkus.redis.hosts")).endsWith("/5")
                .isEqualTo(supplied.getValue("quarkus.redis.cache.hosts"));
        assertThat(supplied.getValue("quarkus.redis.broker.hosts")).endsWith("/4");

        String key = "quarkus-hook:" + UUID.randomUUID();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> cache = client.connect(RedisURI.create(supplied.getValue("quarkus.redis.hosts")));
             StatefulRedisConnection<String, String> database5 = client.connect(database(5));
             StatefulRedisConnection<String, String> database0 = client.connect(database(0))) {
            cache.sync().setex(key, 60, "cached");
            assertThat(database5.sync().get(key)).isEqualTo("cached");
            assertThat(database0.sync().exists(key)).isZero();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void withAPooledUrlTheDatasourceGoesThereAndFlywayStaysOnTheDirectUrl() throws Exception {
        PostgresSettings postgres = TestServers.postgres();
        // The same server under another name stands in for a pooler: what matters is which URL each one is given.
        String pooledHost = postgres.host().equals("localhost") ? "127.0.0.1" : "localhost";
        Map<String, String> settings = settings();
        settings.put("quarkus.sharedsvc.postgres.pooled-url", "jdbc:postgresql://" + pooledHost + ":" + postgres.port()
                + "/postgres");
        SharedServicesStartup.supply(true, true, List.of());

        ConfigSource supplied = start(settings);

        String pooled = supplied.getValue("quarkus.datasource.jdbc.url");
        assertThat(pooled).startsWith("jdbc:postgresql://" + pooledHost + ":" + postgres.port() + "/" + service + "?")
                .contains("prepareThreshold=0");
        assertThat(supplied.getValue("quarkus.flyway.jdbc-url")).startsWith(postgres.jdbcUrl(service) + "?")
                .doesNotContain("prepareThreshold");
        try (Connection connection = DriverManager.getConnection(pooled, service, "hook-password")) {
            assertThat(connection.unwrap(PGConnection.class).getPrepareThreshold()).isZero();
        }
        SharedServicesStartup.takePrepared().ifPresent(SharedServices::close);

        settings.put("quarkus.flyway.jdbc-url", postgres.jdbcUrl());
        assertThat(failure(settings).getMessage()).startsWith("quarkus.flyway.jdbc-url is set (in application.properties),"
                + " but sharedsvc supplies the direct URL of the migrations (sharedsvc.postgres.url)");
    }

    @Test
    void flywaySettingsReachSharedsvcsFlywayAndAreRefusedWhenQuarkusFlywayMigrates() {
        Map<String, String> settings = settings();
        settings.put("quarkus.sharedsvc.flyway.baselineOnMigrate", "true");
        settings.put("SHAREDSVC_FLYWAY_PLACEHOLDERS_TENANT", "acme");

        start(settings);
        try (SharedServices prepared = SharedServicesStartup.takePrepared().orElseThrow()) {
            assertThat(prepared.config().flyway()).containsExactly(
                    Map.entry("flyway.baselineOnMigrate", "true"), Map.entry("flyway.placeholders.tenant", "acme"));
        }

        SharedServicesStartup.supply(true, true, List.of());
        assertThat(failure(settings).getMessage()).contains("sharedsvc.flyway.baselineOnMigrate,"
                + " sharedsvc.flyway.placeholders.tenant: the framework's own Flyway runs the migrations");
    }

    @Test
    void aPoolSizedTheQuarkusWayIsThePoolTheBudgetChecks() {
        Map<String, String> settings = settings();
        settings.remove("quarkus.sharedsvc.postgres.pool-size");
        settings.put("quarkus.datasource.jdbc.max-size", "4");

        ConfigSource supplied = start(settings);

        assertThat(supplied.getValue("quarkus.datasource.jdbc.max-size")).as("the user's own stays").isNull();
        try (SharedServices prepared = SharedServicesStartup.takePrepared().orElseThrow()) {
            assertThat(prepared.report().toString()).contains("up to 4 connections as " + service);
        }
    }

    @Test
    void twoDifferentSizesOfThePoolAreRefused() {
        Map<String, String> settings = settings();
        settings.put("quarkus.datasource.jdbc.max-size", "4");

        assertThat(failure(settings)).hasMessageContaining("sharedsvc.postgres.pool-size")
                .hasMessageContaining("quarkus.datasource.jdbc.max-size is 4");
    }

    @Test
    void aDatasourceSettingOfTheUserIsRefusedBeforeAnyServerIsAsked() {
        Map<String, String> settings = settings();
        settings.put("quarkus.sharedsvc.postgres.url", closedPostgres());
        settings.put("quarkus.sharedsvc.wait.timeout", "60s");
        settings.put("quarkus.datasource.username", "somebody");

        long start = System.nanoTime();
        ConfigurationException failure = failure(settings);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(failure).hasMessage("quarkus.datasource.username is set (in application.properties), but sharedsvc"
                + " supplies the default datasource of " + service + " (its database and role). Remove"
                + " quarkus.datasource.username; quarkus.sharedsvc.* (or sharedsvc.*) names the service and its servers.");
        assertThat(failure.getConfigKeys()).containsExactly("quarkus.datasource.username");
    }

    @Test
    void migrationsOtherThanTheLocationsQuarkusFlywayWasBuiltWithAreRefused() {
        SharedServicesStartup.supply(true, true, List.of("db/migration"));
        Map<String, String> settings = settings();
        settings.put("sharedsvc.postgres.migrations", "db/other");

        assertThat(failure(settings)).hasMessageContaining("sharedsvc.postgres.migrations")
                .hasMessageContaining("quarkus.flyway.locations");
    }

    @Test
    void aMissingSettingIsOneMessageNamingItAndWhatToDo() {
        ConfigurationException failure = failure(Map.of());

        assertThat(failure.getMessage()).startsWith("sharedsvc could not make the service's PostgreSQL and Redis ready")
                .contains("sharedsvc.service (SHAREDSVC_SERVICE) is not set")
                .contains("What to do: Set or correct sharedsvc.service, as a property or as the environment variable"
                        + " SHAREDSVC_SERVICE.");
        assertThat(failure.getConfigKeys()).containsExactlyInAnyOrder("sharedsvc.service", "quarkus.sharedsvc.service");
        assertThat(failure.getCause()).as("Quarkus prints a root ConfigurationException as its message alone").isNull();
        assertThat(failure.getSuppressed()).singleElement()
                .isInstanceOf(dev.sharedsvc.config.ConfigurationException.class);
    }

    @Test
    void aServerThatDoesNotAnswerFailsWithinTheDeadlineWithWhatToDo() {
        Map<String, String> settings = settings();
        settings.put("quarkus.sharedsvc.postgres.url", closedPostgres());
        settings.put("quarkus.sharedsvc.wait.timeout", "1s");

        ConfigurationException failure = failure(settings);

        assertThat(failure.getMessage()).contains("failed in wait", "NO_RESPONSE",
                "What to do: Start the servers that are not READY above, or correct sharedsvc.postgres.url");
    }

    private Map<String, String> settings() {
        PostgresSettings postgres = TestServers.postgres();
        Map<String, String> settings = new HashMap<>();
        settings.put("quarkus.sharedsvc.service", service);
        settings.put("quarkus.sharedsvc.postgres.url", postgres.jdbcUrl());
        settings.put("quarkus.sharedsvc.postgres.admin-user", postgres.user());
        settings.put("sharedsvc.postgres.admin-password", postgres.password());
        settings.put("SHAREDSVC_POSTGRES_PASSWORD", "hook-password");
        settings.put("quarkus.sharedsvc.postgres.connection-limit", "5");
        settings.put("quarkus.sharedsvc.postgres.pool-size", "3");
        settings.put("REDIS_URL", TestServers.redis().uri());
        settings.put("quarkus.sharedsvc.redis.layout", "dev.broker=4, dev.cache=5");
        settings.put("quarkus.sharedsvc.environment", "dev");
        settings.put("quarkus.sharedsvc.redis.purposes", "cache,broker");
        return settings;
    }

    private static ConfigSource start(Map<String, String> settings) {
        Iterable<ConfigSource> sources = new SharedServicesStartup().getConfigSources(new MapContext(settings));
        return sources.iterator().next();
    }

    private static ConfigurationException failure(Map<String, String> settings) {
        return catchThrowableOfType(ConfigurationException.class, () -> start(settings));
    }

    private static String closedPostgres() {
        try (EmbeddedPostgres never = EmbeddedPostgres.builder().build()) {
            return never.settings().jdbcUrl();
        }
    }

    private static RedisURI database(int index) {
        RedisURI uri = RedisURI.create(TestServers.redis().uri());
        uri.setDatabase(index);
        return uri;
    }
}
