package dev.sharedsvc.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.health.ReadinessReport;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningResult;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisCheckReport;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisServerCheck;
import dev.sharedsvc.redis.RedisTarget;
import io.lettuce.core.RedisURI;

/**
 * Stand-in for {@code SharedServices.bootstrap} until the bootstrap branch lands: waits, ensures and checks Redis
 * with the core's building blocks, from the bound properties. Deleted when the starter calls the core's bootstrap.
 */
final class InterimBootstrap {

    /** What the Spring beans need from a bootstrap. */
    record Result(String service, String jdbcUrl, String role, Secret password, ReadinessReport readiness,
                  ProvisioningResult provisioning, Optional<RedisCheckReport> redisCheck, RedisURI redisServer,
                  Map<String, RedisTarget> redisTargets, int poolSize) {
    }

    private InterimBootstrap() {
    }

    static Result run(SharedServicesProperties properties) {
        SharedServicesProperties.Postgres pg = properties.getPostgres();
        String database = pg.getDatabase() != null ? pg.getDatabase() : properties.getService();
        ServiceDatabase.Builder spec = ServiceDatabase.builder(database).password(Secret.of(pg.getPassword()));
        if (pg.getRole() != null) {
            spec.owner(pg.getRole());
        }
        if (pg.getConnectionLimit() != null) {
            spec.connectionLimit(pg.getConnectionLimit());
        }
        spec.extensions(pg.getExtensions().toArray(String[]::new)).schemas(pg.getSchemas().toArray(String[]::new));
        ServiceDatabase service = spec.build();
        Secret admin = Secret.of(pg.getAdminPassword());
        List<Probe> probes = new ArrayList<>();
        probes.add(Probe.postgres(pg.getUrl(), pg.getAdminUser(), admin));
        SharedServicesProperties.Redis redis = properties.getRedis();
        RedisURI server = redis.getUrl() == null ? null : RedisURI.create(redis.getUrl());
        if (!redis.getPurposes().isEmpty()) {
            probes.add(Probe.redis(server));
        }
        ReadinessReport readiness = Readiness.of(probes)
                .stable(properties.getWait().getStableCount(), properties.getWait().getStableSpacing())
                .await(properties.getWait().getTimeout());
        ProvisioningResult provisioning;
        try (PostgresAdmin postgresAdmin = PostgresAdmin.connect(pg.getUrl(), pg.getAdminUser(), admin)) {
            provisioning = postgresAdmin.ensure(service);
        }
        Map<String, RedisTarget> targets = new LinkedHashMap<>();
        RedisCheckReport check = null;
        if (!redis.getPurposes().isEmpty()) {
            RedisLayout layout = RedisLayout.parse(redis.getLayout());
            check = RedisServerCheck.builder().withoutDatabases(redis.getWithoutDatabases()).build()
                    .run(server, layout.targets(properties.getEnvironment(),
                            redis.getPurposes().toArray(String[]::new)))
                    .orThrow();
            for (RedisTarget target : check.targets()) {
                targets.put(target.purpose(), target);
            }
        }
        String jdbcUrl = pg.getUrl().replaceFirst("^(jdbc:postgresql://[^/?]*)/?[^?]*", "$1/" + service.database());
        return new Result(properties.getService(), jdbcUrl, service.owner(), service.password().orElseThrow(),
                readiness, provisioning, Optional.ofNullable(check), server, targets, pg.getPoolSize());
    }
}
