package dev.sharedsvc.quarkus.deployment;

import java.util.List;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.quarkus.SharedServicesConfigBuilder;
import dev.sharedsvc.quarkus.SharedServicesRecorder;
import io.quarkus.arc.deployment.SyntheticBeanBuildItem;
import io.quarkus.arc.deployment.ValidationPhaseBuildItem.ValidationErrorBuildItem;
import io.quarkus.deployment.Capabilities;
import io.quarkus.deployment.Capability;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.annotations.ExecutionTime;
import io.quarkus.deployment.annotations.Record;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.RunTimeConfigBuilderBuildItem;
import io.quarkus.deployment.builditem.ShutdownContextBuildItem;
import io.quarkus.deployment.pkg.NativeConfig;
import io.quarkus.smallrye.health.deployment.spi.HealthBuildItem;
import jakarta.inject.Singleton;

/**
 * The build steps of the sharedsvc extension. The start-up order rests on one fact of Quarkus: it builds its
 * run-time configuration before it runs any run-time init step, and every client (Agroal's datasource, Flyway's
 * migration at start, the Redis client) reads that configuration. So the preparation runs in a source of that
 * configuration ({@code SharedServicesStartup}), and what it supplies is all those clients ever see.
 */
class SharedServicesProcessor {

    static final String FEATURE = "sharedsvc";
    static final String FLYWAY_LOCATIONS = "quarkus.flyway.locations";
    /** quarkus-flyway's location when {@code quarkus.flyway.locations} is not set. */
    static final String FLYWAY_DEFAULT_LOCATION = "db/migration";
    /** By name: the health API they implement is on the class path only when the application has it. */
    static final List<String> READINESS_CHECKS = List.of(
            "dev.sharedsvc.quarkus.health.PostgresReadinessCheck",
            "dev.sharedsvc.quarkus.health.RedisReadinessCheck",
            "dev.sharedsvc.quarkus.health.ProvisioningReadinessCheck");

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    /** The hook: run-time configuration only, so neither the build nor static init waits for a server. */
    @BuildStep
    RunTimeConfigBuilderBuildItem prepareWhileTheRunTimeConfigurationIsBuilt() {
        return new RunTimeConfigBuilderBuildItem(SharedServicesConfigBuilder.class);
    }

    /**
     * Tells the hook, at static init (before it runs), which of Quarkus's clients the application has, and, with
     * quarkus-flyway, the migration locations it was built with ({@code quarkus.flyway.locations} is a build-time
     * key: its migrations are found while the application is built).
     */
    @BuildStep
    @Record(ExecutionTime.STATIC_INIT)
    void supplyTheClientsThatArePresent(Capabilities capabilities, SharedServicesRecorder recorder) {
        List<String> flywayLocations = capabilities.isPresent(Capability.FLYWAY)
                ? ConfigProvider.getConfig().getOptionalValues(FLYWAY_LOCATIONS, String.class)
                        .orElse(List.of(FLYWAY_DEFAULT_LOCATION))
                : null;
        recorder.supply(capabilities.isPresent(Capability.AGROAL), capabilities.isPresent(Capability.REDIS_CLIENT),
                flywayLocations);
    }

    /** {@code @Inject SharedServices}: the configuration, the start-up report and each Redis purpose. */
    @BuildStep
    @Record(ExecutionTime.RUNTIME_INIT)
    SyntheticBeanBuildItem sharedServicesBean(SharedServicesRecorder recorder, ShutdownContextBuildItem shutdown) {
        return SyntheticBeanBuildItem.configure(SharedServices.class)
                .scope(Singleton.class)
                .unremovable()
                .setRuntimeInit()
                .supplier(recorder.sharedServices(shutdown))
                .done();
    }

    /** The readiness checks, only in an application that has SmallRye Health. */
    @BuildStep
    void readinessChecks(Capabilities capabilities, BuildProducer<HealthBuildItem> checks) {
        if (capabilities.isPresent(Capability.SMALLRYE_HEALTH)) {
            for (String check : READINESS_CHECKS) {
                checks.produce(new HealthBuildItem(check, true));
            }
        }
    }

    /**
     * Stops a native build at once: the preparation runs Lettuce and the PostgreSQL driver while the configuration is
     * built, which no native image of this extension has been made or tested for.
     */
    @BuildStep
    void refuseNativeImages(NativeConfig nativeConfig, BuildProducer<ValidationErrorBuildItem> errors) {
        if (nativeConfig.enabled()) {
            errors.produce(new ValidationErrorBuildItem(new UnsupportedOperationException(nativeImageRefusal())));
        }
    }

    static String nativeImageRefusal() {
        return "sharedsvc-quarkus-extension does not support native images yet: it prepares the database and Redis"
                + " in the JVM while Quarkus builds its configuration, which no native image has been built or tested"
                + " for. Build a JVM application instead (leave out -Dnative / quarkus.native.enabled=true); see the"
                + " README's Quarkus section.";
    }
}
