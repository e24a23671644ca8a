package dev.sharedsvc.bootstrap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.redis.ServiceRedis;
import io.lettuce.core.RedisURI;

/**
 * The readiness probes of one service, as every health endpoint and the command line's {@code wait} use them:
 * PostgreSQL as the service's own role in its own database, where its pool connects (through the pooler of
 * {@code sharedsvc.postgres.pooled-url} when one is set), and Redis once per purpose, in the database (or with the
 * key prefix) the purpose uses. With a pooler, the direct endpoint (where the migrations of the next start run) has
 * a probe of its own, {@link #direct()}.
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
    private final Probe direct;
    private final Map<String, Probe> redis;

    private ServiceProbes(Probe postgres, Probe direct, Map<String, Probe> redis) {
        this.postgres = postgres;
        this.direct = direct;
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
        Probe direct = config.pooled() ? Probe.postgres(config.serviceServer(), config.login()) : null;
        return new ServiceProbes(Probe.postgres(config.pooledServer(), config.login()), direct, redis);
    }

    /**
     * PostgreSQL, logged in as the service's role to its database where the pool connects: through the pooler when
     * {@code sharedsvc.postgres.pooled-url} is set, else directly.
     */
    public Probe postgres() {
        return postgres;
    }

    /**
     * With a pooler ({@code sharedsvc.postgres.pooled-url}), PostgreSQL logged in as the service's role directly
     * ({@code sharedsvc.postgres.url}), where the administrator and the migrations connect; empty without one, as
     * {@link #postgres()} is then that probe.
     */
    public Optional<Probe> direct() {
        return Optional.ofNullable(direct);
    }

    /** One Redis probe per purpose, by purpose, in the service's order; empty when it uses no Redis. */
    public Map<String, Probe> redis() {
        return redis;
    }

    /** PostgreSQL first (with a pooler, through it, then directly), then each purpose. */
    public List<Probe> all() {
        List<Probe> all = new ArrayList<>();
        all.add(postgres);
        direct().ifPresent(all::add);
        all.addAll(redis.values());
        return List.copyOf(all);
    }

    /** Such as {@code ServiceProbes[postgresql db:5432/backend, redis cache, redis broker]}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ServiceProbes[").append(postgres.name());
        direct().ifPresent(probe -> text.append(", ").append(probe.name()));
        redis.keySet().forEach(purpose -> text.append(", redis ").append(purpose));
        return text.append(']').toString();
    }
}
