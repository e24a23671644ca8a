package dev.sharedsvc.spring.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;

/**
 * A server's readiness now, as one attempt of a sharedsvc {@link Probe} sees it: UP when the probe finds the server
 * {@code READY}, else DOWN with the state ({@code NO_RESPONSE}, {@code CREDENTIALS_REJECTED}, {@code REJECTING},
 * {@code TOO_MANY_CLIENTS}, ...) and the server's or client's words for it. Each check opens and closes a connection
 * of its own, bounded by the timeout, so a hung server makes the check DOWN rather than slow. No detail holds a
 * password.
 */
public final class ProbeHealthIndicator implements HealthIndicator {

    private final Probe probe;
    private final Duration timeout;
    private final Map<String, Object> facts;

    /**
     * @param probe   what to check
     * @param timeout how long one check may take; positive
     * @param facts   details shown with every result, such as the role or the purposes' databases
     */
    public ProbeHealthIndicator(Probe probe, Duration timeout, Map<String, Object> facts) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    @Override
    public Health health() {
        Observation observation = probe.check(timeout);
        Health.Builder health = observation.ready() ? Health.up() : Health.down();
        health.withDetail("server", probe.name()).withDetail("state", observation.state().name());
        if (!observation.detail().isEmpty()) {
            health.withDetail("detail", observation.detail());
        }
        observation.serverInstance().ifPresent(instance -> health.withDetail("instance", instance));
        if (observation.ready()) {
            health.withDetail("standby", observation.standby());
        }
        return health.withDetails(facts).build();
    }

    @Override
    public String toString() {
        return "ProbeHealthIndicator[" + probe.name() + "]";
    }
}
