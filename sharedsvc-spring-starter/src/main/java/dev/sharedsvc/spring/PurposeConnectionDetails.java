package dev.sharedsvc.spring;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

import dev.sharedsvc.internal.RedisCredentialsText;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisTarget;
import io.lettuce.core.RedisURI;

/**
 * One Redis purpose as Spring Boot's {@link DataRedisConnectionDetails}: the server of {@code sharedsvc.redis.url}
 * with the database index the layout gives the purpose in the service's environment.
 */
final class PurposeConnectionDetails implements DataRedisConnectionDetails {

    private final RedisTarget target;
    private final RedisURI uri;
    private final RedisCredentialsText credentials;

    /**
     * @param target the purpose's target, as the server check resolved it
     * @param uri    the purpose's URI: the server with the target's database
     * @throws dev.sharedsvc.SharedServicesException when the URI's credentials provider gives nothing within
     *                                               {@link RedisCredentialsText#TIMEOUT}
     */
    PurposeConnectionDetails(RedisTarget target, RedisURI uri) {
        this.target = target;
        this.uri = uri;
        this.credentials = RedisCredentialsText.of(uri);
    }

    @Override
    public String getUsername() {
        return credentials.user().orElse(null);
    }

    @Override
    public String getPassword() {
        return credentials.password().map(Secret::reveal).orElse(null);
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
