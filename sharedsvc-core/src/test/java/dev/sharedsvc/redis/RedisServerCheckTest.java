package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.redis.RedisCheckReport.Finding;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

class RedisServerCheckTest {

    private static final RedisLayout SEED = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);
    private static final RedisServerCheck DEFAULTS = RedisServerCheck.ofDefaults();

    private final List<EmbeddedRedis> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(EmbeddedRedis::close);
    }

    @Test
    void theSeedTableOnAServerWithoutMemoryLimitHasNoFindings() {
        RedisCheckReport report = DEFAULTS.run(uri(TestServers.redis()), SEED.targets("prod"));

        assertThat(report.findings()).isEmpty();
        assertThat(report.targets()).extracting(RedisTarget::isolation).containsOnly(Isolation.DATABASE);
        assertThat(report.target("prod", "cache").database()).isEqualTo(1);
        assertThat(report.summary()).contains("standalone, 16 databases, maxmemory 0 (no limit)");
        assertThat(report.toString()).startsWith("Redis 127.0.0.1:" + TestServers.redis().port() + ": Redis ")
                .contains("; 0 errors, 0 warnings\n  prod.broker (durable): database 0\n  prod.cache (evictable): database 1")
                .doesNotContain(TestServers.redis().password());
        assertThat(report.orThrow()).isSameAs(report);
    }

    @Test
    void anIndexBeyondTheServersDatabasesIsAnError() {
        RedisURI server = start("databases", "4");
        RedisLayout layout = RedisLayout.parse("prod.broker=0, prod.cache=5");

        RedisCheckReport report = DEFAULTS.run(server, layout.targets("prod"));

        assertThat(report.findings(Severity.ERROR)).extracting(Finding::message).containsExactly(
                "prod.cache: database 5 does not exist on Redis at " + address(server) + ", which has 4 databases"
                        + " (CONFIG GET databases); raise 'databases' in its configuration or give the pair an index"
                        + " below 4");
        assertThat(report.summary()).contains("4 databases");
        assertThatThrownBy(report::orThrow).isInstanceOf(RedisCheckException.class)
                .hasMessage(report.toString())
                .satisfies(e -> assertThat(((RedisCheckException) e).report()).isSameAs(report));
    }

    @Test
    void whereConfigIsDisabledSelectTellsThatAnIndexIsOutOfRange() {
        RedisURI server = start("databases", "4", "rename-command", "CONFIG \"\"");
        RedisLayout layout = RedisLayout.parse("prod.broker=3, prod.cache=4");

        RedisCheckReport report = DEFAULTS.run(server, layout.targets("prod"));

        assertThat(report.findings()).extracting(Finding::toString).containsExactly("ERROR: prod.cache: database 4"
                + " does not exist on Redis at " + address(server) + " (SELECT 4 answered 'ERR DB index is out of"
                + " range'); raise 'databases' in its configuration or give the pair a lower index");
        assertThat(report.summary()).contains("databases unknown (CONFIG refused)");
    }

    @Test
    void allkeysLruIsAnErrorForTheDurablePurposesOnly() {
        RedisURI server = start("maxmemory", "64mb", "maxmemory-policy", "allkeys-lru");

        RedisCheckReport report = DEFAULTS.run(server, SEED.targets("prod"));

        assertThat(report.findings()).extracting(Finding::toString).containsExactly("ERROR: maxmemory-policy"
                + " allkeys-lru with maxmemory 64.00M on Redis at " + address(server) + " can evict any key, including"
                + " those of the durable purposes prod.broker (database 0); set maxmemory-policy noeviction on it, or"
                + " put the durable purposes on a separate Redis server with noeviction");
        assertThat(DEFAULTS.run(server, SEED.targets("prod", "cache")).findings()).isEmpty();
        assertThat(RedisServerCheck.builder().evictionRisk(Severity.WARNING).build().run(server, SEED.targets("prod"))
                .findings()).extracting(Finding::severity).containsExactly(Severity.WARNING);
    }

    @Test
    void volatileLruWarnsWhileDurableKeysHaveNoTtlAndIsAnErrorOnceTheyHave() {
        RedisURI server = start("maxmemory", "64mb", "maxmemory-policy", "volatile-lru");
        List<RedisTarget> targets = SEED.targets("staging");

        RedisCheckReport before = DEFAULTS.run(server, targets);
        withConnection(SEED.resolve("staging", "broker").uri(server),
                connection -> connection.sync().setex("celery-task-meta-1", 3600, "{}"));
        RedisCheckReport after = DEFAULTS.run(server, targets);

        assertThat(before.findings()).extracting(Finding::toString).containsExactly("WARNING: maxmemory-policy"
                + " volatile-lru with maxmemory 64.00M on Redis at " + address(server) + " evicts keys that have a TTL;"
                + " the databases of the durable purposes staging.broker (database 2) hold none now, but any such key"
                + " written later can be evicted; set maxmemory-policy noeviction on it, or put the durable purposes"
                + " on a separate Redis server with noeviction");
        assertThat(after.findings()).extracting(Finding::toString).containsExactly("ERROR: maxmemory-policy"
                + " volatile-lru with maxmemory 64.00M on Redis at " + address(server) + " can evict the keys with a TTL"
                + " that the durable purposes staging.broker (database 2) hold; set maxmemory-policy noeviction on it,"
                + " or put the durable purposes on a separate Redis server with noeviction");
    }

    @Test
    void noevictionOrNoMemoryLimitKeepsDurableKeys() {
        RedisURI noeviction = start("maxmemory", "64mb", "maxmemory-policy", "noeviction");
        RedisURI unlimited = start("maxmemory", "0", "maxmemory-policy", "allkeys-lru");

        assertThat(DEFAULTS.run(noeviction, SEED.targets()).findings()).isEmpty();
        assertThat(DEFAULTS.run(unlimited, SEED.targets()).findings()).isEmpty();
    }

    @Test
    void aServerThatRefusesSelectFailsByDefault() {
        RedisURI server = start("rename-command", "SELECT \"\"");

        RedisCheckReport report = DEFAULTS.run(server, SEED.targets("dev"));

        assertThat(report.findings()).extracting(Finding::toString).singleElement().asString()
                .startsWith("ERROR: Redis at " + address(server) + " has no separate databases: it refuses SELECT ('ERR")
                .endsWith("the databases of dev.broker (4), dev.cache (5) would all be database 0. Use a standalone"
                        + " Redis, or choose the key-prefix fallback and have the service prefix its keys");
        assertThat(report.targets()).extracting(RedisTarget::isolation).containsOnly(Isolation.DATABASE);
    }

    @Test
    void aServerThatRefusesSelectGivesKeyPrefixesWhenConfiguredTo() {
        RedisURI server = start("rename-command", "SELECT \"\"");

        RedisCheckReport report = RedisServerCheck.builder().withoutDatabases(Fallback.KEY_PREFIX).build()
                .run(server, SEED.targets("dev"));

        assertThat(report.hasErrors()).isFalse();
        assertThat(report.findings()).extracting(Finding::toString).singleElement().asString()
                .endsWith("the targets use key prefixes in database 0 instead (dev:broker:, dev:cache:), which the"
                        + " service must put before every key");
        assertThat(report.target("dev", "cache").keyPrefix()).isEqualTo("dev:cache:");
        assertThat(report.target("dev", "cache").uri(server).getDatabase()).isZero();
    }

    @Test
    void aServerThatIgnoresSelectIsFoundByTheProbeKey() throws Exception {
        RedisURI server = start();
        try (SelectIgnoringRelay enterpriseLike = new SelectIgnoringRelay(server.getPort())) {
            RedisURI relayed = RedisURI.create("redis://127.0.0.1:" + enterpriseLike.port());

            RedisCheckReport failing = DEFAULTS.run(relayed, SEED.targets("prod"));
            RedisCheckReport prefixed = RedisServerCheck.builder().withoutDatabases(Fallback.KEY_PREFIX).build()
                    .run(relayed, SEED.targets("prod"));

            assertThat(failing.findings()).extracting(Finding::toString).singleElement().asString().startsWith(
                    "ERROR: Redis at " + address(relayed) + " has no separate databases: it accepts SELECT but"
                            + " ignores it (a key written in database 0 was visible in database 1), as Redis Enterprise"
                            + " does; the databases of prod.broker (0), prod.cache (1) would all be database 0.");
            assertThat(prefixed.target("prod", "broker").keyPrefix()).isEqualTo("prod:broker:");
        }
        withConnection(server, connection -> assertThat(connection.sync().dbsize()).as("probe keys left").isZero());
    }

    @Test
    void theProbeThatLooksForIgnoredSelectLeavesNoKeyBehind() {
        RedisURI server = start();

        assertThat(DEFAULTS.run(server, SEED.targets()).findings()).isEmpty();

        withConnection(server, connection -> {
            for (int database = 0; database < RedisLayout.DEFAULT_DATABASES; database++) {
                connection.sync().select(database);
                assertThat(connection.sync().dbsize()).as("keys in database %d", database).isZero();
            }
        });
    }

    @Test
    void aWrongPasswordThrowsNamingTheServerButNotThePassword() {
        RedisSettings settings = TestServers.redis();
        RedisURI server = RedisURI.builder().withHost(settings.host()).withPort(settings.port())
                .withPassword("wrong-s3cret".toCharArray()).build();

        assertThatThrownBy(() -> DEFAULTS.run(server, SEED.targets("prod")))
                .isInstanceOf(RedisCheckException.class)
                .hasMessageStartingWith("Could not check Redis at " + address(server) + ": ")
                .hasMessageNotContaining("wrong-s3cret")
                .hasCauseInstanceOf(RedisException.class);
    }

    @Test
    void anUnreachableServerThrowsNamingItsAddress() {
        RedisURI server = start();
        servers.get(0).stop();

        assertThatThrownBy(() -> RedisServerCheck.builder().timeout(Duration.ofSeconds(2)).build()
                .run(server, SEED.targets("prod")))
                .isInstanceOf(RedisCheckException.class)
                .hasMessageStartingWith("Could not check Redis at " + address(server) + ": ")
                .hasMessageEndingWith("check that it runs, that the address and credentials are right, and that INFO"
                        + " is allowed");
    }

    @Test
    void theBuilderRefusesMeaninglessSettings() {
        assertThatThrownBy(() -> RedisServerCheck.builder().evictionRisk(Severity.INFO))
                .hasMessage("evictionRisk must be ERROR or WARNING, not INFO");
        assertThatThrownBy(() -> RedisServerCheck.builder().timeout(Duration.ZERO))
                .hasMessage("timeout must be positive, was PT0S");
    }

    @Test
    void aReportNamesThePairsItCovered() {
        RedisCheckReport report = DEFAULTS.run(uri(TestServers.redis()), SEED.targets("prod"));

        assertThatThrownBy(() -> report.target("dev", "cache")).isInstanceOf(RedisLayoutException.class)
                .hasMessageEndingWith("did not cover dev.cache; it covered prod.broker, prod.cache");
    }

    /** Starts a Redis of its own with the given redis.conf directives (name, value, name, value, ...). */
    private RedisURI start(String... settings) {
        EmbeddedRedis.Builder builder = EmbeddedRedis.builder().executable(TestServers.redisBinary());
        for (int i = 0; i < settings.length; i += 2) {
            builder.setting(settings[i], settings[i + 1]);
        }
        EmbeddedRedis redis = builder.build();
        servers.add(redis);
        return uri(redis.start().settings());
    }

    static RedisURI uri(RedisSettings settings) {
        return RedisURI.create(settings.uri());
    }

    private static String address(RedisURI server) {
        return server.getHost() + ":" + server.getPort();
    }

    private static void withConnection(RedisURI uri, Consumer<StatefulRedisConnection<String, String>> work) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            work.accept(connection);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
