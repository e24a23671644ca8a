package dev.sharedsvc.redis;

import static dev.sharedsvc.redis.RedisAclTest.refusal;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedisCluster;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;

/** A service's own Redis user on a three-master Redis Cluster: every node gets it. */
class RedisAclClusterTest {

    private static EmbeddedRedisCluster cluster;
    private static RedisURI firstNode;

    @BeforeAll
    static void startCluster() {
        cluster = EmbeddedRedisCluster.builder().executable(TestServers.redisBinary()).start();
        firstNode = RedisURI.create(cluster.nodes().get(0).uri());
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void everyMasterGetsTheUserAndTheServiceWorksAcrossSlotsWithinItsPrefix() {
        List<RedisTarget> targets = List.of(RedisAclTest.SEED.resolve("prod", "broker").withIsolation(Isolation.KEY_PREFIX),
                RedisAclTest.SEED.resolve("prod", "cache").withIsolation(Isolation.KEY_PREFIX));
        RedisServiceUser user = RedisServiceUser.of("clustered", Secret.of("cluster-User-pw-1"), RedisAclTest.SEED, targets);

        RedisAcl.Result first = RedisAcl.ensure(firstNode, user);

        assertThat(first.nodes()).hasSize(3).extracting(RedisAcl.Node::outcome).containsOnly(RedisAcl.Outcome.CREATED);
        assertThat(RedisAcl.ensure(firstNode, user).nodes()).extracting(RedisAcl.Node::outcome)
                .containsOnly(RedisAcl.Outcome.IN_PLACE);
        RedisClusterClient client = RedisClusterClient.create(user.uri(firstNode));
        try (StatefulRedisClusterConnection<String, String> connection = client.connect()) {
            RedisAdvancedClusterCommands<String, String> commands = connection.sync();
            for (int i = 0; i < 30; i++) {
                commands.set("prod:cache:key" + i, "v" + i);
            }
            assertThat(commands.get("prod:cache:key29")).isEqualTo("v29");
            assertThat(refusal(() -> commands.set("staging:cache:key", "x"))).isEqualTo("NOPERM");
            assertThat(refusal(() -> commands.configGet("*"))).isEqualTo("NOPERM");
        } finally {
            client.shutdown();
        }
    }
}
