package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wait for one service, on a thread of its own: attempts with exponential backoff and jitter until it is ready
 * (the required number of times in a row, from the same server instance), its credentials are rejected (when that
 * fails fast), the deadline passes, or the whole wait stops. An attempt in flight is never interrupted (Lettuce and
 * pgjdbc do not take that well); its timeout is bounded by the deadline, so it ends soon after the wait.
 */
final class ServiceWait implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    /** The first pause, and the pause after the state changed: readiness is noticed within a few milliseconds. */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest pause: a server that becomes ready is noticed within this, plus one attempt. */
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * The first pause when the server has no free connection slot: a crowded server is not asked again at once, as
     * each refused login costs it a whole authentication; the pauses then double, each between a quarter and all
     * of it, up to {@link #CROWDED_LONGEST_PAUSE_NANOS}, so a fleet spreads its logins out instead of crowding it
     * again together.
     */
    private static final long CROWDED_FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long CROWDED_LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    /** An unchanged state is logged at INFO this often; every attempt is logged at DEBUG. */
    private static final long PROGRESS_LOG_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Probe probe;
    private final Readiness settings;
    private final long startNanos;
    private final long deadlineNanos;
    private final Queue<ServiceWait> finished;
    private final CountDownLatch stop;

    private Observation last = Observation.of(ProbeState.NO_RESPONSE, "no attempt has finished");
    private volatile Error broken;
    private int attempts;
    private boolean ready;
    private long readyNanos;

    ServiceWait(Probe probe, Readiness settings, long startNanos, long deadlineNanos,
            Queue<ServiceWait> finished, CountDownLatch stop) {
        this.probe = probe;
        this.settings = settings;
        this.startNanos = startNanos;
        this.deadlineNanos = deadlineNanos;
        this.finished = finished;
        this.stop = stop;
    }

    @Override
    public void run() {
        try (Attempts session = Attempts.of(probe)) {
            attemptUntilDone(session);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Error e) {
            broken = e;
        } finally {
            finished.add(this);
        }
    }

    /** The error that ended this wait's thread (a broken classpath, say), for the waiting thread to rethrow. */
    Error broken() {
        return broken;
    }

    private void attemptUntilDone(Attempts session) throws InterruptedException {
        Optional<String> instance = Optional.empty();
        int inRow = 0;
        long pause = FIRST_PAUSE_NANOS;
        ProbeState previous = null;
        long loggedNanos = startNanos;
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || stop.getCount() == 0) {
                return;
            }
            boolean cutShort = left < settings.attemptTimeout().toNanos();
            Observation observation = attempt(session, Duration.ofNanos(Math.min(left, settings.attemptTimeout().toNanos())));
            if (cutShort && previous != null && observation.state() == ProbeState.NO_RESPONSE
                    && System.nanoTime() - deadlineNanos >= 0) {
                // The deadline, not the server, ended this attempt: it says nothing about the server, so the
                // report keeps what the server last answered (a refused login, say) rather than "no response".
                return;
            }
            if (inRow > 0 && !observation.serverInstance().equals(instance)) {
                LOG.info("{} restarted during the stable check (instance {} is now {}); counting again",
                        probe.name(), instance.orElse("?"), observation.serverInstance().orElse("?"));
                inRow = 0;
            }
            inRow = observation.ready() ? inRow + 1 : 0;
            instance = observation.serverInstance();
            long now = System.nanoTime();
            boolean done = inRow >= settings.stableCount();
            int attempt = record(observation, done, now);
            if (observation.state() != previous || done || now - loggedNanos >= PROGRESS_LOG_NANOS) {
                LOG.info("{}: {}{}, attempt {}, {} elapsed", probe.name(), observation,
                        observation.ready() && settings.stableCount() > 1
                                ? " " + inRow + " of " + settings.stableCount() + " in a row" : "",
                        attempt, Durations.format(Duration.ofNanos(now - startNanos)));
                loggedNanos = now;
            } else {
                LOG.debug("{}: {}, attempt {}", probe.name(), observation, attempt);
            }
            if (done || (observation.state() == ProbeState.CREDENTIALS_REJECTED && failsFastOnRejectedCredentials())) {
                return;
            }
            boolean crowded = observation.state() == ProbeState.TOO_MANY_CLIENTS;
            if (observation.state() != previous) {
                pause = crowded ? CROWDED_FIRST_PAUSE_NANOS : FIRST_PAUSE_NANOS;
            }
            previous = observation.state();
            long sleep = observation.ready() ? settings.stableSpacing().toNanos()
                    : crowded ? ThreadLocalRandom.current().nextLong(pause / 4, pause + 1) : withJitter(pause);
            pause = Math.min(pause * 2, crowded ? CROWDED_LONGEST_PAUSE_NANOS : LONGEST_PAUSE_NANOS);
            if (stop.await(Math.min(sleep, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    /** Whether rejected credentials end this wait at once: not for a probe that waits for its role. */
    private boolean failsFastOnRejectedCredentials() {
        return settings.failsFastOnRejectedCredentials() && !ServerProbe.awaitsRole(probe);
    }

    /** A probe of someone else's may throw; that is an answer too, and the wait goes on. */
    private Observation attempt(Attempts session, Duration timeout) {
        try {
            return session.check(timeout);
        } catch (RuntimeException e) {
            return Observation.of(ProbeState.OTHER_ERROR, "the probe failed: " + Failures.reason(e));
        }
    }

    /** Half the pause fixed, half random: waits of many services do not probe in lockstep. */
    private static long withJitter(long pause) {
        return pause / 2 + ThreadLocalRandom.current().nextLong(pause / 2 + 1);
    }

    private synchronized int record(Observation observation, boolean done, long now) {
        last = observation;
        attempts++;
        if (done) {
            ready = true;
            readyNanos = now;
        }
        return attempts;
    }

    /** Where this service stands, as of {@code nowNanos} unless it is ready. */
    synchronized ReadinessReport.Service snapshot(long nowNanos) {
        Duration elapsed = Duration.ofNanos((ready ? readyNanos : nowNanos) - startNanos);
        return new ReadinessReport.Service(probe.name(), ready, last, attempts, elapsed,
                ready ? Optional.empty() : Hints.forState(probe, last));
    }

    synchronized boolean ready() {
        return ready;
    }

    /** Whether this wait gave up because the credentials were rejected (and it fails fast on that). */
    synchronized boolean gaveUpOnCredentials() {
        return !ready && last.state() == ProbeState.CREDENTIALS_REJECTED && failsFastOnRejectedCredentials();
    }
}
