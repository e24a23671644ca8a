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
 * Whether Redis serves each of the service's purposes now: one probe per purpose, each logging in and selecting the
 * database the layout gives that purpose. The data shows every purpose, whatever the others found: its target under
 * {@code <purpose>.target} and what its probe found under {@code <purpose>} ({@code READY}, or the state with the
 * server's or the client's words for it). DOWN when any purpose is not ready; UP with no data when the service uses
 * no Redis.
 */
@Readiness
@Singleton
public class RedisReadinessCheck implements HealthCheck {

    private final Map<RedisPurpose, Probe> probes = new LinkedHashMap<>();
    private final SharedServicesConfiguration configuration;

    @Inject
    RedisReadinessCheck(SharedServices services, SharedServicesConfiguration configuration) {
        // Core's probes, one per purpose: the same ones bootstrap, the command line and Spring's health use.
        services.probes().redis().forEach((purpose, probe) -> probes.put(services.redis(purpose), probe));
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
