package dev.sharedsvc.health;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Readiness#await(Duration) wait} found for each service, and how long each took: the result of a
 * wait that succeeded, and the {@link NotReadyException#report() report} of one that did not. Printable as it
 * is ({@link #toString()}), for a log line or a health endpoint. Immutable and thread-safe.
 *
 * @param services one entry per probe, in the order they were given
 * @param elapsed  from the start of the wait until it returned or gave up
 */
public record ReadinessReport(List<Service> services, Duration elapsed) {

    public ReadinessReport {
        services = List.copyOf(services);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether every service is ready. */
    public boolean allReady() {
        return services.stream().allMatch(Service::ready);
    }

    /**
     * Where one service stood at the end of the wait.
     *
     * @param name     the probe's {@link Probe#name() name}
     * @param ready    whether it was found ready (with the stable option: the required number of times in a row)
     * @param last     what its last finished attempt saw; {@link ProbeState#NO_RESPONSE} when none finished
     * @param attempts how many attempts finished
     * @param elapsed  from the start of the wait until it was ready, or until the wait gave up
     * @param hint     what to check when it is not ready, for the common mistakes; empty when ready or unknown
     */
    public record Service(String name, boolean ready, Observation last, int attempts, Duration elapsed,
            Optional<String> hint) {

        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(last, "last");
            Objects.requireNonNull(elapsed, "elapsed");
            Objects.requireNonNull(hint, "hint");
        }

        /** For example {@code redis db:6379: READY (primary, instance 5f2...) after 0.125 s, 4 attempts}. */
        @Override
        public String toString() {
            String text = name + ": " + last + (ready ? " after " : " for ") + Durations.format(elapsed) + ", "
                    + attempts + (attempts == 1 ? " attempt" : " attempts");
            return hint.map(h -> text + "\n    hint: " + h).orElse(text);
        }
    }

    /** A header line, then one line per service (and its hint). */
    @Override
    public String toString() {
        long ready = services.stream().filter(Service::ready).count();
        StringBuilder text = new StringBuilder()
                .append(ready).append(" of ").append(services.size()).append(" services ready after ")
                .append(Durations.format(elapsed));
        services.forEach(service -> text.append("\n  ").append(service));
        return text.toString();
    }
}
