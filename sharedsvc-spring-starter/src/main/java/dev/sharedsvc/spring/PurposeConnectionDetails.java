package dev.sharedsvc.spring;

import java.time.Duration;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.redis.RedisTarget;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;

/**
 * One Redis purpose as Spring Boot's {@link DataRedisConnectionDetails}: the server of {@code sharedsvc.redis.url}
 * with the database index the layout gives the purpose in the service's environment.
 */
final class PurposeConnectionDetails implements DataRedisConnectionDetails {

    private static final Duration CREDENTIALS_TIMEOUT = Duration.ofSeconds(10);

    private final RedisTarget target;
    private final RedisURI uri;
    private final RedisCredentials credentials;

    PurposeConnectionDetails(RedisPurpose purpose) {
        this.target = purpose.target();
        this.uri = purpose.uri();
        this.credentials = credentials(uri.getCredentialsProvider());
    }

    /** The user and password of a URI read from text: they come at once, though through Lettuce's reactive API. */
    private static RedisCredentials credentials(RedisCredentialsProvider provider) {
        if (provider == null) {
            return null;
        }
        if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
            return immediate.resolveCredentialsNow();
        }
        return provider.resolveCredentials().block(CREDENTIALS_TIMEOUT);
    }

    @Override
    public String getUsername() {
        return credentials != null && credentials.hasUsername() ? credentials.getUsername() : null;
    }

    @Override
    public String getPassword() {
        return credentials != null && credentials.hasPassword() ? new String(credentials.getPassword()) : null;
    }

    @Override
    public SslBundle getSslBundle() {
        return uri.isSsl() ? SslBundle.systemDefault() : null;
    }

    @Override
    public Standalone getStandalone() {
        return Standalone.of(uri.getHost(), uri.getPort(), uri.getDatabase());
    }

    /** The purpose's target, as the server check resolved it. */
    RedisTarget target() {
        return target;
    }

    @Override
    public String toString() {
        return "PurposeConnectionDetails[" + target + "]";
    }
}
