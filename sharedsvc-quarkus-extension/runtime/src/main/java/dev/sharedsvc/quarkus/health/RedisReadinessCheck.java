package dev.sharedsvc.quarkus.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.quarkus.SharedServicesConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Whether Redis serves each of the service's purposes now, in the database the layout gives it: UP, or DOWN with
 * the state of the first purpose that does not. UP with no data when the service uses no Redis.
 */
@Readiness
@Singleton
public class RedisReadinessCheck implements HealthCheck {

    private final Map<RedisPurpose, Probe> probes = new LinkedHashMap<>();
    private final SharedServicesConfiguration configuration;

    @Inject
    RedisReadinessCheck(SharedServices services, SharedServicesConfiguration configuration) {
        for (String purpose : services.probes().redis().keySet()) {
            RedisPurpose redis = services.redis(purpose);
            probes.put(redis, Probe.redis(redis.uri()));
        }
        this.configuration = configuration;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = ProbeResponses.named("sharedsvc Redis");
        probes.forEach((purpose, probe) -> {
            String name = purpose.target().purpose();
            response.withData(name + ".target", purpose.toString());
            ProbeResponses.probe(response, name, probe, configuration.health().timeout());
        });
        return response.build();
    }
}
