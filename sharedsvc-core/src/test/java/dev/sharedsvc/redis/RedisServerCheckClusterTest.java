package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedisCluster;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.redis.RedisCheckReport.Finding;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

/** The key-prefix fallback on a real Redis Cluster: three masters on loopback ports, from the test's binary. */
class RedisServerCheckClusterTest {

    private static final RedisLayout SEED = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);
    private static final RedisServerCheck PREFIXING = RedisServerCheck.builder().withoutDatabases(Fallback.KEY_PREFIX).build();

    private static EmbeddedRedisCluster cluster;
    private static RedisURI firstNode;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().executable(TestServers.redisBinary()).start();
        firstNode = RedisServerCheckTest.uri(cluster.nodes().get(0));
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void aClusterFailsTheCheckByDefaultInsteadOfSharingDatabaseZero() {
        RedisCheckReport report = RedisServerCheck.ofDefaults().run(firstNode, SEED.targets("prod"));

        assertThat(report.findings()).extracting(Finding::toString).containsExactly("ERROR: Redis at 127.0.0.1:"
                + firstNode.getPort() + " has no separate databases: it runs in cluster mode (cluster_enabled:1), where"
                + " only database 0 exists; the databases of prod.broker (0), prod.cache (1) would all be database 0."
                + " Use a standalone Redis, or choose the key-prefix fallback and have the service prefix its keys");
        assertThat(report.summary()).contains("cluster, 1 database");
    }

    @Test
    void withTheFallbackEveryTargetGetsItsKeyPrefix() {
        RedisCheckReport report = PREFIXING.run(firstNode, SEED.targets());

        assertThat(report.hasErrors()).isFalse();
        assertThat(report.findings()).extracting(Finding::severity).containsExactly(Severity.INFO);
        assertThat(report.targets()).extracting(RedisTarget::isolation).containsOnly(Isolation.KEY_PREFIX);
        assertThat(report.targets()).extracting(RedisTarget::keyPrefix).containsExactly("prod:broker:", "prod:cache:",
                "staging:broker:", "staging:cache:", "dev:broker:", "dev:cache:");
        assertThat(report.target("prod", "cache").uri(firstNode).getDatabase()).isZero();
    }

    @Test
    void prefixedTargetsKeepTheirKeysApartAndSpreadOverEveryMaster() {
        RedisCheckReport report = PREFIXING.run(firstNode, SEED.targets());
        RedisTarget prod = report.target("prod", "cache");
        RedisTarget staging = report.target("staging", "cache");
        List<RedisURI> seeds = cluster.nodes().stream().map(RedisServerCheckTest::uri).collect(Collectors.toList());
        RedisClusterClient client = RedisClusterClient.create(seeds);
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> commands = connection.sync();
            IntStream.range(0, 30).forEach(i -> {
                commands.set(prod.keyPrefix() + "page:" + i, "prod");
                commands.set(staging.keyPrefix() + "page:" + i, "staging");
            });

            assertThat(commands.get(prod.keyPrefix() + "page:7")).isEqualTo("prod");
            assertThat(commands.get(staging.keyPrefix() + "page:7")).isEqualTo("staging");
            assertThat(cluster.nodes()).allSatisfy(node -> assertThat(keysOn(node, prod.keyPrefix()))
                    .as("prod cache keys on the master at port %d", node.port()).isPositive());

            IntStream.range(0, 30).forEach(i -> commands.del(prod.keyPrefix() + "page:" + i,
                    staging.keyPrefix() + "page:" + i));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** The keys with a prefix that one master holds, asked of that master alone. */
    private static long keysOn(RedisSettings node, String prefix) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisServerCheckTest.uri(node))) {
            return connection.sync().keys(prefix + "*").size();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
