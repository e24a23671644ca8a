package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * {@link Probe#observing}: another probe whose observations pass through a function; its name, its host (for the
 * hints), whether it waits out a rejected login, and its {@code toString} stay the other probe's.
 */
class Observing implements ServerProbe {

    private final Probe probe;
    private final UnaryOperator<Observation> after;

    Observing(Probe probe, UnaryOperator<Observation> after) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.after = Objects.requireNonNull(after, "after");
    }

    @Override
    public final String name() {
        return probe.name();
    }

    @Override
    public final String host() {
        return ServerProbe.host(probe);
    }

    @Override
    public boolean awaitsRole() {
        return ServerProbe.awaitsRole(probe);
    }

    @Override
    public final Observation check(Duration timeout) {
        return after.apply(probe.check(timeout));
    }

    @Override
    public final String toString() {
        return probe.toString();
    }
}
