package dev.sharedsvc.quarkus;

import java.util.List;
import java.util.function.Supplier;

import dev.sharedsvc.bootstrap.SharedServices;
import io.quarkus.runtime.ShutdownContext;
import io.quarkus.runtime.annotations.Recorder;

/** What the deployment steps record for start-up. */
@Recorder
public class SharedServicesRecorder {

    /**
     * At static init, before the run-time configuration is built: which Quarkus clients {@link SharedServicesStartup}
     * supplies settings for, as the build found their extensions.
     *
     * @param flywayLocations the locations quarkus-flyway was built with; {@code null} without quarkus-flyway
     */
    public void supply(boolean datasource, boolean redis, List<String> flywayLocations) {
        SharedServicesStartup.supply(datasource, redis, flywayLocations);
    }

    /**
     * At run-time init, after the configuration (and so the preparation) is done: the prepared services for the
     * {@code SharedServices} bean, closed (its Redis connections) when the application stops.
     */
    public Supplier<SharedServices> sharedServices(ShutdownContext shutdown) {
        SharedServices services = SharedServicesStartup.takePrepared().orElseThrow(() -> new IllegalStateException(
                "sharedsvc prepared nothing: Quarkus started without building its run-time configuration"));
        shutdown.addShutdownTask(services::close);
        return () -> services;
    }
}
