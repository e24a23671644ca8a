package dev.sharedsvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisURI;
import reactor.core.publisher.Mono;

class RedisCredentialsTextTest {

    @Test
    void aUriReadFromTextGivesItsUserAndPassword() {
        RedisCredentialsText credentials = RedisCredentialsText.of(RedisURI.create("redis://alice:Pa55-word@127.0.0.1:6379/2"));

        assertThat(credentials.user()).contains("alice");
        assertThat(credentials.password()).map(Secret::reveal).contains("Pa55-word");
        assertThat(credentials).hasToString("RedisCredentialsText[user alice, password ***]");
    }

    @Test
    void aPasswordWithoutAUserAndNoCredentialsAtAll() {
        RedisCredentialsText passwordOnly = RedisCredentialsText.of(RedisURI.create("redis://:only-a-password@127.0.0.1:6379"));
        RedisCredentialsText none = RedisCredentialsText.of(RedisURI.create("redis://127.0.0.1:6379"));

        assertThat(passwordOnly.user()).isEmpty();
        assertThat(passwordOnly.password()).map(Secret::reveal).contains("only-a-password");
        assertThat(none.user()).isEmpty();
        assertThat(none.password()).isEmpty();
        assertThat(none).hasToString("RedisCredentialsText[user (none), password (none)]");
    }

    @Test
    void aProviderThatAnswersLaterIsWaitedFor() {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6379");
        uri.setCredentialsProvider(() -> Mono.just(RedisCredentials.just("token-user", "token-1"))
                .delayElement(Duration.ofMillis(50)));

        RedisCredentialsText credentials = RedisCredentialsText.of(uri, Duration.ofSeconds(10));

        assertThat(credentials.user()).contains("token-user");
        assertThat(credentials.password()).map(Secret::reveal).contains("token-1");
    }

    @Test
    void aProviderThatNeverAnswersIsAnErrorAfterTheTimeoutNamingTheServer() {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6390");
        uri.setCredentialsProvider(Mono::never);

        assertThatThrownBy(() -> RedisCredentialsText.of(uri, Duration.ofMillis(200)))
                .isInstanceOf(SharedServicesException.class)
                .hasMessageStartingWith("The credentials of Redis 127.0.0.1:6390 could not be read within 200 ms");
    }

    @Test
    void aProviderThatFailsIsAnErrorThatKeepsTheCause() {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6390");
        IllegalStateException vaultDown = new IllegalStateException("vault is down");
        uri.setCredentialsProvider(() -> Mono.error(vaultDown));

        assertThatThrownBy(() -> RedisCredentialsText.of(uri, Duration.ofSeconds(1)))
                .isInstanceOf(SharedServicesException.class).hasCause(vaultDown);
    }

    @Test
    void theTimeoutMustBePositive() {
        RedisURI uri = RedisURI.create("redis://127.0.0.1:6379");

        assertThatThrownBy(() -> RedisCredentialsText.of(uri, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
