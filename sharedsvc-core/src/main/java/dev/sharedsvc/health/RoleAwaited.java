package dev.sharedsvc.health;

/**
 * {@link Probe#awaitingRole}: a probe whose rejected login is waited out until the deadline, as a role an init
 * container (or the service's administrator) may still be creating. PostgreSQL answers {@code 28P01} alike for a
 * role that does not exist yet and for a wrong password, so the state stays {@link ProbeState#CREDENTIALS_REJECTED};
 * its detail says the wait goes on; {@link #awaitsRole()} is what the wait and the hints recognise.
 */
final class RoleAwaited extends Observing {

    /** How the detail of a rejected login that is waited out ends. */
    static final String WAITING = "; waiting until the deadline: the role may not exist yet";

    RoleAwaited(Probe probe) {
        super(probe, observation -> observation.state() == ProbeState.CREDENTIALS_REJECTED
                ? Observation.of(ProbeState.CREDENTIALS_REJECTED, observation.detail() + WAITING) : observation);
    }

    @Override
    public boolean awaitsRole() {
        return true;
    }
}
