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
 * more connections (other codecs, pub/sub) with {@link #client()} and {@link #uri()}. Thread-safe, as Lettuce's
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

    /** The open connection to the target's database, with string keys and values. */
    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /** The Lettuce client all purposes of the service share. */
    public RedisClient client() {
        return client;
    }

    /** Such as {@code dev.cache (evictable): database 5}. */
    @Override
    public String toString() {
        return target.toString();
    }
}
