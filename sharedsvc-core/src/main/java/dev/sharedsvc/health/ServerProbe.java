package dev.sharedsvc.health;

/**
 * A probe of ours that knows which host it asks, for the hints of {@link NotReadyException}, and whether it waits
 * out a rejected login ({@link Probe#awaitingRole}); {@link Probe#observing} keeps both.
 */
interface ServerProbe extends Probe {

    /** The host name or address as the user gave it. */
    String host();

    /** Whether a rejected login is waited out until the deadline rather than ending the wait at once. */
    default boolean awaitsRole() {
        return false;
    }

    /** {@code probe}'s host, or null when it does not know one. */
    static String host(Probe probe) {
        return probe instanceof ServerProbe server ? server.host() : null;
    }

    /** Whether {@code probe} waits out a rejected login. */
    static boolean awaitsRole(Probe probe) {
        return probe instanceof ServerProbe server && server.awaitsRole();
    }
}
