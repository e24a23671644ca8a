package dev.sharedsvc.quarkus.health;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;

/** One attempt of a sharedsvc {@link Probe} as health-check data. */
final class ProbeResponses {

    private ProbeResponses() {
    }

    /**
     * Probes once, within {@code timeout}, and adds what it found under {@code key}: {@code READY}, or the state
     * ({@code NO_RESPONSE}, {@code CREDENTIALS_REJECTED}, {@code TOO_MANY_CLIENTS}, ...) with the server's or the
     * client's words for it. Marks the response DOWN when the server is not ready; shows no password.
     */
    static void probe(HealthCheckResponseBuilder response, String key, Probe probe, Duration timeout) {
        Observation observation = probe.check(timeout);
        String found = observation.state().name();
        if (!observation.detail().isEmpty()) {
            found += ": " + observation.detail();
        }
        response.withData(key, probe.name() + " " + found);
        if (!observation.ready()) {
            response.down();
        }
    }

    /** An UP response of that name, for {@link #probe} to mark DOWN. */
    static HealthCheckResponseBuilder named(String name) {
        return HealthCheckResponse.named(name).up();
    }
}
