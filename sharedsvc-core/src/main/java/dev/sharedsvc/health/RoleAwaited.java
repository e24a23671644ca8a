package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Objects;

/**
 * {@link Probe#awaitingRole}: a probe whose rejected login is waited out until the deadline, as a role an init
 * container (or the service's administrator) may still be creating. PostgreSQL answers {@code 28P01} alike for a
 * role that does not exist yet and for a wrong password, so the state stays {@link ProbeState#CREDENTIALS_REJECTED};
 * its detail says the wait goes on.
 */
final class RoleAwaited implements ServerProbe {

    /** How the detail of a rejected login that is waited out ends. */
    static final String WAITING = "; waiting until the deadline: the role may not exist yet";

    private final Probe probe;

    RoleAwaited(Probe probe) {
        this.probe = Objects.requireNonNull(probe, "probe");
    }

    @Override
    public String name() {
        return probe.name();
    }

    @Override
    public String host() {
        return probe instanceof ServerProbe server ? server.host() : null;
    }

    @Override
    public Observation check(Duration timeout) {
        Observation observation = probe.check(timeout);
        return observation.state() == ProbeState.CREDENTIALS_REJECTED
                ? Observation.of(ProbeState.CREDENTIALS_REJECTED, observation.detail() + WAITING) : observation;
    }

    @Override
    public String toString() {
        return probe.toString();
    }
}
