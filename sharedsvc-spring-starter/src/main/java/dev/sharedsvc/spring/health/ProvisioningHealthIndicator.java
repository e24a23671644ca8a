package dev.sharedsvc.spring.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * What sharedsvc did when the application started: what it created or verified, how long each step took, and the
 * drift it found and left alone. Always UP (a failed start-up stops the application instead); the warnings are
 * shown under {@code warnings} so that monitoring can pick them up.
 */
public final class ProvisioningHealthIndicator implements HealthIndicator {

    private final Map<String, Object> details;

    /**
     * @param details  what happened at start-up, in the order to show it
     * @param warnings drift found and left alone
     */
    public ProvisioningHealthIndicator(Map<String, Object> details, List<String> warnings) {
        Map<String, Object> all = new LinkedHashMap<>(Objects.requireNonNull(details, "details"));
        all.put("warnings", List.copyOf(warnings));
        this.details = Collections.unmodifiableMap(all);
    }

    @Override
    public Health health() {
        return Health.up().withDetails(details).build();
    }
}
