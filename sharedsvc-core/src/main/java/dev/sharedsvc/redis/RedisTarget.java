package dev.sharedsvc.redis;

import java.util.Objects;

import dev.sharedsvc.internal.RedisEndpoints;
import io.lettuce.core.RedisURI;

/**
 * Where one (environment, purpose) pair keeps its keys: a database index, or, on a server without databases
 * (Redis Cluster, a server that refuses or ignores {@code SELECT}), a key prefix in database 0.
 *
 * <p>{@link RedisLayout#resolve(String, String)} returns targets isolated by {@link Isolation#DATABASE}; a
 * {@link RedisServerCheck} returns them switched to {@link Isolation#KEY_PREFIX} when the server cannot keep
 * databases apart and the check is configured to fall back. A caller uses {@link #uri(RedisURI)} to connect and
 * puts {@link #keyPrefix()} before every key it writes (empty under database isolation).
 *
 * <p>Immutable and thread-safe.
 *
 * @param environment the environment, such as {@code prod}
 * @param purpose     the purpose, such as {@code cache}
 * @param index       the database index the layout gives the pair, 0 or more
 * @param durability  whether the pair's keys must survive memory pressure
 * @param isolation   how the pair is kept apart from the others on the server
 */
public record RedisTarget(String environment, String purpose, int index, Durability durability, Isolation isolation) {

    /** How a target is kept apart from the other pairs on the same server. */
    public enum Isolation {

        /** The target has a database of its own: {@link #database()} is the layout's index. */
        DATABASE,

        /** The target shares database 0 and owns the keys that start with {@link #keyPrefix()}. */
        KEY_PREFIX
    }

    /**
     * Checks the values.
     *
     * @throws NullPointerException     when a value is null
     * @throws IllegalArgumentException when {@code index} is negative
     */
    public RedisTarget {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(isolation, "isolation");
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, was " + index);
        }
    }

    /** {@code environment.purpose}, as in the layout text. */
    public String pair() {
        return environment + "." + purpose;
    }

    /** The database a connection selects: the layout's index under database isolation, else 0. */
    public int database() {
        return isolation == Isolation.DATABASE ? index : 0;
    }

    /**
     * What the caller puts before every key: {@code environment:purpose:} (such as {@code prod:cache:}) under
     * key-prefix isolation, empty under database isolation. The prefix has no hash tag, so in a Redis Cluster the
     * keys of one target still spread over all slots; a caller that needs several keys in one slot puts its own
     * hash tag after the prefix.
     */
    public String keyPrefix() {
        return isolation == Isolation.KEY_PREFIX ? environment + ":" + purpose + ":" : "";
    }

    /** This target with another isolation. */
    public RedisTarget withIsolation(Isolation isolation) {
        return new RedisTarget(environment, purpose, index, durability, isolation);
    }

    /**
     * A new URI for this target: a copy of {@code server} (credentials, TLS, timeouts, client name and all other
     * settings kept) that selects {@link #database()}, whatever database {@code server} named.
     */
    public RedisURI uri(RedisURI server) {
        Objects.requireNonNull(server, "server");
        return RedisEndpoints.copy(server, database());
    }

    /** Such as {@code prod.cache (evictable): database 1} or {@code ... key prefix 'prod:cache:' in database 0}. */
    @Override
    public String toString() {
        return pair() + " (" + durability.word() + "): "
                + (isolation == Isolation.DATABASE ? "database " + index : "key prefix '" + keyPrefix() + "' in database 0");
    }
}
