package dev.sharedsvc.bootstrap;

import dev.sharedsvc.internal.RedisEndpoints;
import dev.sharedsvc.redis.RedisTarget;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One Redis purpose of a bootstrapped service: where its keys live ({@link #target()}, checked against the live
 * server) and an open connection to them.
 *
 * <pre>{@code
 * RedisPurpose cache = services.redis("cache");
 * cache.connection().sync().set(cache.target().keyPrefix() + "user:42", json);   // prefix is "" unless on a cluster
 * }</pre>
 *
 * <p>The connection and the client belong to the {@link SharedServices} they came from and close with it; open
 * more connections (other codecs, pub/sub) with {@link #client()} and {@link #uri()}. After
 * {@link SharedServices#prepare} for a framework that opens its own Redis clients ({@link FrameworkOwns#REDIS})
 * there is no connection and no client: use {@link #uri()} with the framework's client. Thread-safe, as Lettuce's
 * connections are. {@link #toString()} shows no credentials.
 */
public final class RedisPurpose {

    private final RedisTarget target;
    private final RedisURI uri;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    RedisPurpose(RedisTarget target, RedisURI uri, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.target = target;
        this.uri = uri;
        this.client = client;
        this.connection = connection;
    }

    /** The purpose's database index, or key prefix in database 0, with its durability. */
    public RedisTarget target() {
        return target;
    }

    /** A new copy of the URI that selects the target's database, credentials and TLS included; never log it. */
    public RedisURI uri() {
        return RedisEndpoints.copy(uri, uri.getDatabase());
    }

    /**
     * The open connection to the target's database, with string keys and values.
     *
     * @throws IllegalStateException when the framework opens its own Redis clients ({@link FrameworkOwns#REDIS})
     */
    public StatefulRedisConnection<String, String> connection() {
        return requireOpened(connection);
    }

    /**
     * The Lettuce client all purposes of the service share.
     *
     * @throws IllegalStateException when the framework opens its own Redis clients ({@link FrameworkOwns#REDIS})
     */
    public RedisClient client() {
        return requireOpened(client);
    }

    private <T> T requireOpened(T opened) {
        if (opened == null) {
            throw new IllegalStateException("no Redis connection for " + target.pair() + ": the framework opens its"
                    + " own (FrameworkOwns.REDIS); connect to uri() with it");
        }
        return opened;
    }

    /** Such as {@code dev.cache (evictable): database 5}. */
    @Override
    public String toString() {
        return target.toString();
    }
}
