package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.EmbeddedRedisSentinel;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Issue 13, reproduction 4: Redis with Sentinel is accepted wherever a Redis URL is, and a replica — such as the old
 * master after a failover — is never ready for writing.
 */
@Tag("deployment")
class RedisSentinelTest {

    private static final String PASSWORD = "sentinel-secret";
    private static final RedisLayout LAYOUT = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);

    private static EmbeddedRedisSentinel redis;

    @BeforeAll
    static void start() {
        redis = EmbeddedRedisSentinel.start(PASSWORD);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void aSentinelUrlIsProbedAndCheckedOnTheMasterAndAReplicaIsNeitherReadyNorChecked() {
        RedisUrl url = RedisUrl.parse("REDIS_URL", redis.sentinelUri());

        Observation throughSentinel = Probe.redis(url.uri()).check(Duration.ofSeconds(5));
        assertThat(throughSentinel.state()).isEqualTo(ProbeState.READY);
        assertThat(throughSentinel.detail()).isEqualTo("answered by 127.0.0.1:" + redis.master().port());
        assertThat(RedisServerCheck.ofDefaults().run(url.uri(), durableTargets()).findings(Severity.ERROR)).isEmpty();

        EmbeddedRedis replica = redis.replica();
        assertReplicaRefused(replica, redis.master().port());
    }

    @Test
    void afterAFailoverTheOldMasterFailsAndTheSentinelUrlFollowsTheNewMaster() throws Exception {
        RedisURI sentinel = RedisUrl.parse("REDIS_URL", redis.sentinelUri()).uri();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(sentinel)) {
            connection.sync().set("before-failover", "1");
            EmbeddedRedis oldMaster = redis.master();

            EmbeddedRedis newMaster = redis.failover();

            assertReplicaRefused(oldMaster, newMaster.port());
            Observation throughSentinel = Readiness.of(Probe.redis(sentinel)).await(Duration.ofSeconds(20))
                    .services().get(0).last();
            assertThat(throughSentinel.detail()).isEqualTo("answered by 127.0.0.1:" + newMaster.port());
            assertThat(RedisServerCheck.ofDefaults().run(sentinel, durableTargets()).findings(Severity.ERROR)).isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String written = null;
            while (written == null && System.nanoTime() < deadline) {
                try {
                    written = connection.sync().set("after-failover", "1");
                } catch (RuntimeException e) {
                    Thread.sleep(100);   // the old connection learns of the failover when the old master drops it
                }
            }
            assertThat(written).isEqualTo("OK");
        } finally {
            client.shutdown();
        }
    }

    private static void assertReplicaRefused(EmbeddedRedis replica, int masterPort) {
        RedisURI direct = RedisURI.builder().withHost("127.0.0.1").withPort(replica.port())
                .withPassword(PASSWORD.toCharArray()).build();
        NotReadyException notReady = org.assertj.core.api.Assertions.catchThrowableOfType(NotReadyException.class,
                () -> Readiness.of(Probe.redis(direct)).await(Duration.ofSeconds(5)));
        Observation last = notReady.report().services().get(0).last();
        assertThat(last.state()).isEqualTo(ProbeState.REJECTING);
        assertThat(last.detail()).startsWith("read-only: replica of 127.0.0.1:" + masterPort);
        assertThat(notReady.report().services().get(0).hint()).hasValueSatisfying(hint -> assertThat(hint)
                .contains("replica and refuses writes", "redis-sentinel://"));

        RedisCheckReport report = RedisServerCheck.ofDefaults().run(direct, durableTargets());
        assertThat(report.findings(Severity.ERROR)).singleElement().satisfies(finding -> assertThat(finding.message())
                .contains("is a read-only replica of 127.0.0.1:" + masterPort, "prod.broker"));
    }

    private static List<RedisTarget> durableTargets() {
        return LAYOUT.targets("prod", "broker", "cache");
    }
}
