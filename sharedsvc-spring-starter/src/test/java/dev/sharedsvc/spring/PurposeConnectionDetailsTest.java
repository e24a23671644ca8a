package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.redis.Durability;
import dev.sharedsvc.redis.RedisTarget;
import io.lettuce.core.RedisURI;
import reactor.core.publisher.Mono;

class PurposeConnectionDetailsTest {

    private static final RedisTarget CACHE = new RedisTarget("test", "cache", 3, Durability.EVICTABLE,
            RedisTarget.Isolation.DATABASE);

    @Test
    void theCredentialsAndDatabaseOfTheUriAreSpringBootsConnectionDetails() {
        RedisURI uri = CACHE.uri(RedisURI.create("redis://app:Pa55-word@127.0.0.1:6390"));

        PurposeConnectionDetails details = new PurposeConnectionDetails(CACHE, uri);

        assertThat(details.getUsername()).isEqualTo("app");
        assertThat(details.getPassword()).isEqualTo("Pa55-word");
        assertThat(details.getStandalone().getDatabase()).isEqualTo(3);
        assertThat(details.getSslBundle()).isNull();
        assertThat(details.toString()).doesNotContain("Pa55-word");
    }

    @Test
    void aCredentialsProviderThatNeverAnswersIsASharedsvcErrorNamingTheServer() {
        RedisURI uri = CACHE.uri(RedisURI.create("redis://127.0.0.1:6390"));
        uri.setCredentialsProvider(Mono::never);

        // The deadline only keeps a hang from blocking the build; the provider is given 10 s.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> new PurposeConnectionDetails(CACHE, uri))
                .isInstanceOf(SharedServicesException.class)
                .hasMessageStartingWith("The credentials of Redis 127.0.0.1:6390 could not be read within 10000 ms"));
    }
}
