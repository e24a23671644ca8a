package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.redis.RedisTarget.Isolation;

class RedisUrlTest {

    private static final RedisLayout SEED = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);

    @Test
    void theDatabaseComesFromThePathOrTheParameter() {
        assertThat(RedisUrl.parse("REDIS_URL", "redis://redis.internal:6379/3").database()).isEqualTo(3);
        assertThat(RedisUrl.parse("REDIS_URL", "redis://redis.internal?database=4").database()).isEqualTo(4);
        assertThat(RedisUrl.parse("REDIS_URL", "redis://redis.internal?db=5").database()).isEqualTo(5);
        assertThat(RedisUrl.parse("REDIS_URL", "rediss://app:pw@redis.internal:6380/2").database()).isEqualTo(2);
        assertThat(RedisUrl.parse("REDIS_URL", "redis://:pw@redis.internal:6379/2?database=2").database()).isEqualTo(2);
        assertThat(RedisUrl.parse("REDIS_URL", " redis://redis.internal ").database()).isZero();
        assertThat(RedisUrl.parse("REDIS_URL", "redis://redis.internal/").database()).isZero();
    }

    @Test
    void aUrlOnTheLayoutsIndexHasNoMismatch() {
        assertThat(RedisUrl.parse("REDIS_URL", "redis://:pw@redis.internal:6379/0").mismatch(SEED.resolve("prod", "broker")))
                .isEmpty();
        assertThat(RedisUrl.parse("CACHE_REDIS_URL", "redis://redis.internal/1").mismatch(SEED.resolve("prod", "cache")))
                .isEmpty();
    }

    @Test
    void aMismatchNamesTheSettingAndBothIndexes() {
        RedisUrl url = RedisUrl.parse("CACHE_REDIS_URL", "redis://:s3cret@redis.internal:6379/3");

        assertThat(url.mismatch(SEED.resolve("prod", "cache"))).hasValue("CACHE_REDIS_URL selects database 3,"
                + " but the layout gives prod.cache database 1; make it select database 1 (path /1)");
        assertThat(url.mismatch(SEED.resolve("prod", "cache").withIsolation(Isolation.KEY_PREFIX))).hasValue(
                "CACHE_REDIS_URL selects database 3, but prod.cache uses key prefix 'prod:cache:' in database 0;"
                        + " make it select database 0 (path /0)");
        assertThat(url).hasToString("CACHE_REDIS_URL=redis://redis.internal:6379/3");
    }

    @Test
    void theUriKeepsTheCredentials() {
        RedisUrl url = RedisUrl.parse("REDIS_URL", "rediss://app:s3cret@redis.internal:6380/2?timeout=4s");

        assertThat(url.setting()).isEqualTo("REDIS_URL");
        assertThat(new String(url.uri().getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("s3cret");
        assertThat(url.uri().isSsl()).isTrue();
        assertThat(url.toString()).doesNotContain("s3cret");
    }

    @Test
    void badUrlsAreRejectedNamingTheSettingAndThePartButNeverThePassword() {
        assertBad("http://:s3cret@redis.internal/1", "REDIS_URL is not a usable Redis URL: its scheme is 'http',"
                + " not redis, rediss, redis-sentinel or rediss-sentinel; expected"
                + " redis[s]://[[user]:password@]host[:port][/database] or redis[s]-sentinel://");
        assertBad("redis.internal:6379", "its scheme is 'redis.internal', not redis, rediss");
        assertBad("//:s3cret@redis.internal/1", "its scheme is missing");
        assertBad("redis://:s3cret@redis.internal/one", "its path 'one' is not a database index");
        assertBad("redis://:s3cret@redis.internal/-1", "its path '-1' is not a database index");
        assertBad("redis://:s3cret@redis.internal?database=x", "its database parameter 'x' is not a database index");
        assertBad("redis://:s3cret@redis.internal/1?database=2",
                "it names database 1 in its path and 2 in its parameters; keep one");
        assertBad("redis://:s3cret@/1", "it names no host");
        assertBad("redis://:s3cret@redis internal/1", "it is not a URI");
        assertBad("redis://:s3cret@redis.internal:99999/1", "Lettuce does not accept it");
    }

    @Test
    void aSentinelUrlNamesItsSentinelsAndMasterAndKeepsTheMastersPassword() {
        RedisUrl url = RedisUrl.parse("REDIS_URL",
                "redis-sentinel://:s3cret@sentinel-1:26379,sentinel-2:26380/3?sentinelMasterId=mymaster");

        assertThat(url.sentinel()).isTrue();
        assertThat(url.database()).isEqualTo(3);
        assertThat(url.uri().getSentinels()).extracting(node -> node.getHost() + ":" + node.getPort())
                .containsExactly("sentinel-1:26379", "sentinel-2:26380");
        assertThat(new String(url.uri().getCredentialsProvider().resolveCredentials().block().getPassword()))
                .isEqualTo("s3cret");
        assertThat(url).hasToString(
                "REDIS_URL=redis-sentinel://sentinel-1:26379,sentinel-2:26380/3?sentinelMasterId=mymaster");
        assertThat(RedisUrl.parse("REDIS_URL", "rediss-sentinel://sentinel-1#mymaster").uri().isSsl()).isTrue();
        assertThat(RedisUrl.parse("REDIS_URL", "redis://redis.internal").sentinel()).isFalse();
    }

    @Test
    void aSentinelUrlWithoutAMasterNameOrSentinelIsRejected() {
        assertBad("redis-sentinel://:s3cret@sentinel-1:26379,sentinel-2:26380/3", "it names no master: add"
                + " ?sentinelMasterId=<name>");
        assertBad("redis-sentinel:///3?sentinelMasterId=mymaster", "it names no sentinel");
    }

    private static void assertBad(String url, String expected) {
        assertThatThrownBy(() -> RedisUrl.parse("REDIS_URL", url))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessageStartingWith("REDIS_URL is not a usable Redis URL: ")
                .hasMessageContaining(expected)
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }
}
