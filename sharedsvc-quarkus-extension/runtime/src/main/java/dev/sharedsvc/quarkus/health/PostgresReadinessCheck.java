package dev.sharedsvc.quarkus.health;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.quarkus.SharedServicesConfiguration;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Whether the service's role can log in to its database now and run a query: UP, or DOWN with the state the probe
 * found ({@code NO_RESPONSE}, {@code CREDENTIALS_REJECTED}, {@code TOO_MANY_CLIENTS}, ...). Each check opens and
 * closes a connection of its own, bounded by {@code quarkus.sharedsvc.health.timeout}, so a hung server makes it
 * DOWN rather than slow.
 */
@Readiness
@Singleton
public class PostgresReadinessCheck implements HealthCheck {

    private final Probe probe;
    private final String role;
    private final SharedServicesConfiguration configuration;

    @Inject
    PostgresReadinessCheck(SharedServices services, SharedServicesConfiguration configuration) {
        SharedServicesConfig config = services.config();
        ServiceDatabase service = config.serviceDatabase();
        this.probe = services.probes().postgres(); // through the pooler when the service's pool uses one
        this.role = service.owner();
        this.configuration = configuration;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = ProbeResponses.named("sharedsvc PostgreSQL").withData("role", role);
        ProbeResponses.probe(response, "server", probe, configuration.health().timeout());
        return response.build();
    }
}
