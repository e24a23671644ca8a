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
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.sharedsvc.bootstrap.BootstrapReport;
import dev.sharedsvc.bootstrap.ServiceProbes;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.Probe;
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
        probes.redis().forEach((purpose, probe) -> contributors.put("redis-" + purpose, new ProbeHealthIndicator(
                probe, CHECK_TIMEOUT, Map.of("target", sharedServices.redis(purpose).target().toString()))));
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
}
