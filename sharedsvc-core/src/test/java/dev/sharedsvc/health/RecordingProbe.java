package dev.sharedsvc.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real probe that remembers every observation, and can act once on the server (stop it, say) right after the
 * first ready observation, before the waiter probes again.
 */
final class RecordingProbe implements Probe {

    private final Probe probe;
    private final Runnable afterFirstReady;
    private final List<Observation> observations = new ArrayList<>();

    RecordingProbe(Probe probe, Runnable afterFirstReady) {
        this.probe = probe;
        this.afterFirstReady = afterFirstReady;
    }

    @Override
    public String name() {
        return probe.name();
    }

    @Override
    public Observation check(Duration timeout) {
        Observation observation = probe.check(timeout);
        boolean first;
        synchronized (this) {
            first = observation.ready() && observations.stream().noneMatch(Observation::ready);
            observations.add(observation);
        }
        if (first) {
            afterFirstReady.run();
        }
        return observation;
    }

    synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    /** The first ready observation. */
    synchronized Observation firstReady() {
        return observations.stream().filter(Observation::ready).findFirst().orElseThrow();
    }
}
