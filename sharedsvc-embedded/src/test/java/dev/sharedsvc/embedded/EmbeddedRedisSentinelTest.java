package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("deployment")
class EmbeddedRedisSentinelTest {

    @Test
    void aFailoverMakesTheReplicaTheMasterAndTheOldMasterItsReplica() throws Exception {
        try (EmbeddedRedisSentinel redis = EmbeddedRedisSentinel.start("sentinel-test")) {
            EmbeddedRedis master = redis.master();
            EmbeddedRedis replica = redis.replica();
            assertThat(redis.sentinelUri()).startsWith("redis-sentinel://").endsWith("sentinelMasterId=mymaster");

            EmbeddedRedis newMaster = redis.failover();

            assertThat(newMaster).isSameAs(replica);
            assertThat(redis.replica()).isSameAs(master);
            try (RespConnection connection = new RespConnection("127.0.0.1", newMaster.port(), Duration.ofSeconds(2))) {
                connection.call("AUTH", "sentinel-test");
                assertThat(connection.call("SET", "written", "after-failover")).isEqualTo("OK");
            }
        }
    }
}
