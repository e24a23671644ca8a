package dev.sharedsvc.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.sharedsvc.bootstrap.BootstrapReport;
import dev.sharedsvc.bootstrap.ServiceProbes;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.spring.health.ProbeHealthIndicator;
import dev.sharedsvc.spring.health.ProvisioningHealthIndicator;

/**
 * The {@code sharedsvc} health contributor, at {@code /actuator/health/sharedsvc}: {@code postgres} (the service's
 * role logs in to its database now), {@code redis} (the server answers now; with the database of each purpose) and
 * {@code provisioning} (the start-up report: what was created or verified, the connection budget, the drift left
 * alone). Only with Spring Boot's health support on the class path (spring-boot-health, which the Actuator brings);
 * off with {@code management.health.sharedsvc.enabled=false}.
 */
@AutoConfiguration(after = SharedServicesAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(SharedServices.class)
@ConditionalOnEnabledHealthIndicator("sharedsvc")
public final class SharedServicesHealthContributorAutoConfiguration {

    /** How long one health check of a server may take. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    @ConditionalOnMissingBean(name = "sharedsvcHealthContributor")
    HealthContributor sharedsvcHealthContributor(SharedServices sharedServices) {
        SharedServicesConfig config = sharedServices.config();
        ServiceDatabase service = config.serviceDatabase();
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        ServiceProbes probes = sharedServices.probes();
        contributors.put("postgres", new ProbeHealthIndicator(probes.postgres(), CHECK_TIMEOUT,
                Map.of("role", service.owner())));
        if (!probes.redis().isEmpty()) {
            contributors.put("redis", redisHealth(sharedServices, probes));
        }
        BootstrapReport report = sharedServices.report();
        Map<String, Object> provisioning = new LinkedHashMap<>();
        provisioning.put("mode", report.mode().name().toLowerCase(Locale.ROOT));
        provisioning.put("database", service.database());
        provisioning.put("role", service.owner());
        provisioning.put("changed", report.changed());
        provisioning.put("report", report.toString().lines().toList());
        contributors.put("provisioning", new ProvisioningHealthIndicator(provisioning, report.warnings()));
        return CompositeHealthContributor.fromMap(contributors);
    }

    /**
     * Redis: one check per purpose, in the database (or with the prefix) that purpose uses, as in every adapter;
     * UP when every purpose is READY, else DOWN with the first state that is not.
     */
    private static HealthIndicator redisHealth(SharedServices sharedServices, ServiceProbes probes) {
        return () -> {
            Map<String, Object> purposes = new LinkedHashMap<>();
            String state = ProbeState.READY.name();
            for (Map.Entry<String, Probe> purpose : probes.redis().entrySet()) {
                Observation observation = purpose.getValue().check(CHECK_TIMEOUT);
                purposes.put(purpose.getKey(), sharedServices.redis(purpose.getKey()).target() + ": "
                        + observation.state() + (observation.detail().isEmpty() ? "" : " (" + observation.detail() + ")"));
                if (!observation.ready() && state.equals(ProbeState.READY.name())) {
                    state = observation.state().name();
                }
            }
            Health.Builder health = state.equals(ProbeState.READY.name()) ? Health.up() : Health.down();
            return health.withDetail("state", state).withDetail("purposes", purposes).build();
        };
    }
}
