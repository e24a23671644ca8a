package dev.sharedsvc.quarkus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.SharedServicesException;
import io.lettuce.core.RedisURI;
import reactor.core.publisher.Mono;

class QuarkusConnectionsTest {

    @Test
    void redisHostsCarryTheEncodedCredentialsAndTheTargetsDatabase() {
        RedisURI uri = RedisURI.builder().withHost("cache.internal").withPort(6380)
                .withAuthentication("app user", "p@ss:w/rd+1".toCharArray()).withDatabase(5).build();

        assertThat(QuarkusConnections.redisHosts(uri))
                .isEqualTo("redis://app%20user:p%40ss%3Aw%2Frd%2B1@cache.internal:6380/5");
    }

    @Test
    void redisHostsWithoutCredentialsOverTlsAndOnIpv6() {
        RedisURI uri = RedisURI.builder().withHost("::1").withPort(6379).withSsl(true).build();

        assertThat(QuarkusConnections.redisHosts(uri)).isEqualTo("rediss://[::1]:6379/0");
    }

    @Test
    void aPasswordWithoutAUserLeavesTheUserEmpty() {
        RedisURI uri = RedisURI.create("redis://:secret@127.0.0.1:6379/2");

        assertThat(QuarkusConnections.redisHosts(uri)).isEqualTo("redis://:secret@127.0.0.1:6379/2");
    }

    @Test
    void aCredentialsProviderThatNeverAnswersStopsTheStartInsteadOfHangingIt() {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6390/1");
        uri.setCredentialsProvider(Mono::never);

        // The deadline only keeps a hang from blocking the build; the provider is given 10 s.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() -> QuarkusConnections.redisHosts(uri))
                .isInstanceOf(SharedServicesException.class)
                .hasMessageStartingWith("The credentials of Redis 127.0.0.1:6390 could not be read within 10000 ms"));
    }

    @Test
    void namedClientsAreNamedAfterThePurpose() {
        assertThat(QuarkusConnections.redisHostsKey("cache")).isEqualTo("quarkus.redis.cache.hosts");
    }
}
