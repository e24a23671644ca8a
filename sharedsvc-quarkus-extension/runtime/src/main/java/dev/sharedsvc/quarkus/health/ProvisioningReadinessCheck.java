package dev.sharedsvc.quarkus.health;

import java.util.Locale;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.sharedsvc.bootstrap.BootstrapReport;
import dev.sharedsvc.bootstrap.SharedServices;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What sharedsvc did when the application started: the mode, whether it changed anything on the server, how long it
 * took, and the drift it found and left alone. Always UP (a failed preparation stops the application instead); the
 * warnings are shown so that monitoring can pick them up.
 */
@Readiness
@Singleton
public class ProvisioningReadinessCheck implements HealthCheck {

    private final BootstrapReport report;

    @Inject
    ProvisioningReadinessCheck(SharedServices services) {
        this.report = services.report();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = ProbeResponses.named("sharedsvc provisioning")
                .withData("service", report.service())
                .withData("mode", report.mode().name().toLowerCase(Locale.ROOT))
                .withData("changed", report.changed())
                .withData("elapsed-ms", report.elapsed().toMillis())
                .withData("warnings", report.warnings().size());
        for (int i = 0; i < report.warnings().size(); i++) {
            response.withData("warning." + (i + 1), report.warnings().get(i));
        }
        return response.build();
    }
}
