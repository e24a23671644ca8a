package dev.sharedsvc.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.redis.ServiceRedis;
import io.lettuce.core.RedisURI;

/**
 * The readiness probes of one service, as every health endpoint and the command line's {@code wait} use them:
 * PostgreSQL as the service's own role in its own database, and Redis once per purpose, in the database (or with
 * the key prefix) the purpose uses.
 *
 * <pre>{@code
 * ServiceProbes probes = services.probes();            // after bootstrap or prepare: the targets the check chose
 * Readiness.of(probes.all()).await(config.waitSettings());
 * }</pre>
 *
 * <p>Each Redis probe keeps one Lettuce client for its checks (see {@link Probe#redis}), so make the probes once
 * and reuse them. Immutable and thread-safe.
 */
public final class ServiceProbes {

    private final Probe postgres;
    private final Map<String, Probe> redis;

    private ServiceProbes(Probe postgres, Map<String, Probe> redis) {
        this.postgres = postgres;
        this.redis = Collections.unmodifiableMap(redis);
    }

    /**
     * The probes of the configured service, with each purpose in the database the layout gives it (before any
     * server check has chosen a key-prefix fallback).
     */
    public static ServiceProbes of(SharedServicesConfig config) {
        Map<String, RedisURI> purposes = new LinkedHashMap<>();
        config.redis().ifPresent(redis -> {
            RedisURI server = redis.url().uri();
            for (RedisTarget target : redis.targets()) {
                purposes.put(target.purpose(), target.uri(server));
            }
        });
        return of(config, purposes);
    }

    /** The probes with the purposes' URIs as the server check resolved them. */
    static ServiceProbes of(SharedServicesConfig config, Map<String, RedisURI> purposes) {
        Map<String, Probe> redis = new LinkedHashMap<>();
        purposes.forEach((purpose, uri) -> redis.put(purpose, Probe.redis(uri)));
        return new ServiceProbes(Probe.postgres(config.serviceServer(), config.login()), redis);
    }

    /** PostgreSQL, logged in as the service's role to its database. */
    public Probe postgres() {
        return postgres;
    }

    /** One Redis probe per purpose, by purpose, in the service's order; empty when it uses no Redis. */
    public Map<String, Probe> redis() {
        return redis;
    }

    /** PostgreSQL first, then each purpose. */
    public List<Probe> all() {
        List<Probe> all = new ArrayList<>();
        all.add(postgres);
        all.addAll(redis.values());
        return List.copyOf(all);
    }

    /** Such as {@code ServiceProbes[postgresql db:5432/backend, redis cache, redis broker]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ServiceProbes[").append(postgres.name());
        redis.keySet().forEach(purpose -> text.append(", redis ").append(purpose));
        return text.append(']').toString();
    }
}
