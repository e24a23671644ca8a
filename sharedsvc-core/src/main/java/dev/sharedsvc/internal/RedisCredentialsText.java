package dev.sharedsvc.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;

/**
 * The user and password of a Lettuce {@link RedisURI}, as text, for a framework adapter that hands them to its own
 * Redis client as settings (Spring Boot's connection details, Quarkus's {@code quarkus.redis.hosts}). Lettuce offers
 * them only through its reactive {@link RedisCredentialsProvider}; a URI read from text answers at once, any other
 * provider is given {@link #TIMEOUT} at most, so a provider that never answers stops a start with an error instead
 * of hanging it.
 *
 * <p>Not for users: sibling modules of sharedsvc-core call it. Immutable and thread-safe; {@link #toString()} shows
 * the user, never the password.
 */
public final class RedisCredentialsText {

    /** How long a provider that does not answer at once may take: 10 seconds. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static final RedisCredentialsText NONE = new RedisCredentialsText(null, null);

    private final String user;
    private final Secret password;

    private RedisCredentialsText(String user, Secret password) {
        this.user = user;
        this.password = password;
    }

    /**
     * The credentials of {@code uri}, waiting at most {@link #TIMEOUT} for its provider.
     *
     * @throws SharedServicesException when the provider fails or gives nothing within the timeout
     */
    public static RedisCredentialsText of(RedisURI uri) {
        return of(uri, TIMEOUT);
    }

    /**
     * The credentials of {@code uri}, waiting at most {@code timeout} for a provider that does not answer at once.
     *
     * @param timeout positive
     * @throws SharedServicesException when the provider fails or gives nothing within the timeout; the message names
     *                                 the server, never a credential
     */
    public static RedisCredentialsText of(RedisURI uri, Duration timeout) {
        Objects.requireNonNull(uri, "uri");
        if (Objects.requireNonNull(timeout, "timeout").isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        if (provider == null) {
            return NONE;
        }
        RedisCredentials credentials;
        if (provider instanceof RedisCredentialsProvider.ImmediateRedisCredentialsProvider immediate) {
            credentials = immediate.resolveCredentialsNow();
        } else {
            try {
                credentials = provider.resolveCredentials().block(timeout);
            } catch (RuntimeException e) {
                // Reactor's timeout is an IllegalStateException whose text names the Mono, not the server.
                throw new SharedServicesException("The credentials of Redis " + uri.getHost() + ":" + uri.getPort()
                        + " could not be read within " + timeout.toMillis() + " ms: its credentials provider "
                        + provider.getClass().getName() + " did not answer (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        if (credentials == null) {
            return NONE;
        }
        String user = credentials.hasUsername() ? credentials.getUsername() : null;
        char[] password = credentials.hasPassword() ? credentials.getPassword() : null;
        return new RedisCredentialsText(user, password == null || password.length == 0 ? null
                : Secret.of(new String(password)));
    }

    /** The user (Redis 6 ACL), when the URI names one. */
    public Optional<String> user() {
        return Optional.ofNullable(user);
    }

    /** The password, when the URI has a non-empty one. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    @Override
    public String toString() {
        return "RedisCredentialsText[user " + (user == null ? "(none)" : user) + ", password "
                + (password == null ? "(none)" : "***") + "]";
    }
}
