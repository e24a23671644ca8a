package dev.sharedsvc.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
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

import dev.sharedsvc.health.Probe;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.spring.health.ProbeHealthIndicator;
import dev.sharedsvc.spring.health.ProvisioningHealthIndicator;

/**
 * The {@code sharedsvc} health contributor, at {@code /actuator/health/sharedsvc}: {@code postgres} (the service's
 * role logs in to its database now), {@code redis} (the server answers now, with each purpose's database) and
 * {@code provisioning} (what start-up created or verified, and the drift it left alone). Only with Spring Boot's
 * health support on the class path (spring-boot-health, as the Actuator brings it); off with
 * {@code management.health.sharedsvc.enabled=false}.
 */
@AutoConfiguration(after = SharedServicesAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(name = "sharedServices")
@ConditionalOnEnabledHealthIndicator("sharedsvc")
public final class SharedServicesHealthContributorAutoConfiguration {

    /** How long one health check of a server may take. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);

    @Bean
    @ConditionalOnMissingBean(name = "sharedsvcHealthContributor")
    HealthContributor sharedsvcHealthContributor(InterimBootstrap.Result sharedServices) {
        Map<String, HealthContributor> contributors = new LinkedHashMap<>();
        contributors.put("postgres", new ProbeHealthIndicator(
                Probe.postgres(sharedServices.jdbcUrl(), sharedServices.role(), sharedServices.password()),
                CHECK_TIMEOUT, Map.of("role", sharedServices.role())));
        if (!sharedServices.redisTargets().isEmpty()) {
            Map<String, Object> purposes = new LinkedHashMap<>();
            for (RedisTarget target : sharedServices.redisTargets().values()) {
                purposes.put(target.purpose(), target.toString());
            }
            contributors.put("redis", new ProbeHealthIndicator(Probe.redis(sharedServices.redisServer()),
                    CHECK_TIMEOUT, Map.of("purposes", purposes)));
        }
        Map<String, Object> provisioning = new LinkedHashMap<>();
        provisioning.put("database", sharedServices.provisioning().service().database());
        provisioning.put("role", sharedServices.provisioning().service().owner());
        provisioning.put("changed", sharedServices.provisioning().changed());
        provisioning.put("actions", sharedServices.provisioning().actions().stream().map(Object::toString).toList());
        provisioning.put("readiness", sharedServices.readiness().toString());
        contributors.put("provisioning",
                new ProvisioningHealthIndicator(provisioning, sharedServices.provisioning().warnings()));
        return CompositeHealthContributor.fromMap(contributors);
    }
}
