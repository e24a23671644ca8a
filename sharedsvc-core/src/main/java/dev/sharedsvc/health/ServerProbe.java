package dev.sharedsvc.health;

/** A probe of ours that knows which host it asks, for the hints of {@link NotReadyException}. */
interface ServerProbe extends Probe {

    /** The host name or address as the user gave it. */
    String host();
}
