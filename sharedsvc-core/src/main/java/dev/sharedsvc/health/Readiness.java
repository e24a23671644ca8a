package dev.sharedsvc.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until every service is ready, or one deadline passes.
 *
 * <pre>{@code
 * ReadinessReport report = Readiness.of(postgres, redis)
 *         .stable(3, Duration.ofMillis(200))
 *         .await(Duration.ofSeconds(30));
 * }</pre>
 *
 * <p>Each service is probed on a thread of its own, first 10 ms after the previous attempt, then with
 * exponential backoff and jitter up to 250 ms, starting over at 10 ms whenever its state changes, so readiness
 * is noticed soon after it happens. Every attempt's timeout is bounded by the time left, so the deadline holds
 * even when a connect or a read hangs. Progress is logged through SLF4J (logger {@code
 * dev.sharedsvc.health.Readiness}): INFO when a service's state changes and every 5 seconds while it does not,
 * DEBUG for every attempt. The wait is interruptible; when it ends, the probing threads (daemons) stop after the
 * attempt they are in, which its timeout bounds by the deadline.
 *
 * <p>An instance is an immutable setting: each method that changes it returns a new instance. Thread-safe; one
 * instance may run several waits at once.
 */
public final class Readiness {

    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);

    private final List<Probe> probes;
    private final int stableCount;
    private final Duration stableSpacing;
    private final Duration attemptTimeout;
    private final boolean failFastOnRejectedCredentials;

    private Readiness(List<Probe> probes, int stableCount, Duration stableSpacing, Duration attemptTimeout,
            boolean failFastOnRejectedCredentials) {
        this.probes = probes;
        this.stableCount = stableCount;
        this.stableSpacing = stableSpacing;
        this.attemptTimeout = attemptTimeout;
        this.failFastOnRejectedCredentials = failFastOnRejectedCredentials;
    }

    /**
     * A wait for these services with the defaults: ready after one good probe, attempts of at most 5 seconds,
     * fail fast when credentials are rejected.
     *
     * @throws IllegalArgumentException when no probe is given
     */
    public static Readiness of(Probe... probes) {
        return of(List.of(probes));
    }

    /** As {@link #of(Probe...)}. */
    public static Readiness of(List<Probe> probes) {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("give at least one probe to wait for");
        }
        return new Readiness(List.copyOf(probes), 1, Duration.ZERO, Duration.ofSeconds(5), true);
    }

    /**
     * Ready only after {@code times} good probes in a row, at least {@code spacing} apart, all answered by the
     * same server instance (PostgreSQL's {@code pg_postmaster_start_time()}, Redis's {@code run_id}). A server
     * that serves during its init scripts and then restarts, as the Docker PostgreSQL image does, does not pass.
     *
     * @param times   how many good probes in a row, 1 or more; 1 (the default) means the first good probe
     * @param spacing the pause between them; zero or positive
     * @throws IllegalArgumentException when {@code times} is below 1 or {@code spacing} is negative
     */
    public Readiness stable(int times, Duration spacing) {
        WaitSettings.requireStable(times, spacing);
        return new Readiness(probes, times, spacing, attemptTimeout, failFastOnRejectedCredentials);
    }

    /**
     * The longest a single attempt may take (connect, login, query); it is shortened further to the time left
     * before the deadline. Default 5 seconds.
     *
     * @param timeout positive
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public Readiness attemptTimeout(Duration timeout) {
        return new Readiness(probes, stableCount, stableSpacing, Durations.requirePositive(timeout, "attemptTimeout"),
                failFastOnRejectedCredentials);
    }

    /**
     * Whether to give up at once when a server rejects the credentials ({@link ProbeState#CREDENTIALS_REJECTED}),
     * which waiting rarely fixes; default {@code true}. With {@code false} the wait goes on until the deadline,
     * for a password that is being rotated in. A probe made with {@link Probe#awaitingRole} waits either way.
     */
    public Readiness failFastOnRejectedCredentials(boolean failFast) {
        return new Readiness(probes, stableCount, stableSpacing, attemptTimeout, failFast);
    }

    /**
     * Waits until every service is ready, with the settings' deadline and stable probes (which replace those of
     * {@link #stable}).
     *
     * @return how long each service took
     * @throws NotReadyException as {@link #await(Duration)}
     */
    public ReadinessReport await(WaitSettings settings) {
        return stable(settings.stableCount(), settings.stableSpacing()).await(settings.timeout());
    }

    /**
     * Waits until every service is ready.
     *
     * @param deadline how long to wait in all, from this call; positive. The wait returns or throws within it
     *                 (plus the few milliseconds it takes to write the report), whatever the servers do.
     * @return how long each service took
     * @throws NotReadyException        when the deadline passed, a server rejected the credentials (and the wait
     *                                  fails fast on that) or the thread was interrupted: see
     *                                  {@link NotReadyException#reason()}
     * @throws IllegalArgumentException when {@code deadline} is zero or negative
     */
    public ReadinessReport await(Duration deadline) {
        Durations.requirePositive(deadline, "deadline");
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        BlockingQueue<ServiceWait> finished = new LinkedBlockingQueue<>();
        CountDownLatch stop = new CountDownLatch(1);
        List<ServiceWait> waits = new ArrayList<>();
        for (Probe probe : probes) {
            ServiceWait wait = new ServiceWait(probe, this, start, end, finished, stop);
            Thread thread = new Thread(wait, "sharedsvc-readiness " + probe.name());
            thread.setDaemon(true);
            waits.add(wait);
            thread.start();
        }
        NotReadyException.Reason gaveUp = null;
        try {
            for (int done = 0; done < waits.size() && gaveUp == null; done++) {
                ServiceWait wait = finished.poll(end - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (wait != null && wait.broken() != null) {
                    throw wait.broken();
                }
                if (wait == null || !wait.ready()) {
                    gaveUp = wait != null && wait.gaveUpOnCredentials()
                            ? NotReadyException.Reason.CREDENTIALS_REJECTED : NotReadyException.Reason.DEADLINE_PASSED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            gaveUp = NotReadyException.Reason.INTERRUPTED;
        } finally {
            stop.countDown();
        }
        long now = System.nanoTime();
        List<ReadinessReport.Service> services = waits.stream().map(wait -> wait.snapshot(now)).toList();
        ReadinessReport report = new ReadinessReport(services, Duration.ofNanos(now - start));
        if (gaveUp != null) {
            throw new NotReadyException(gaveUp, deadline, report);
        }
        LOG.info("{}", report);
        return report;
    }

    int stableCount() {
        return stableCount;
    }

    Duration stableSpacing() {
        return stableSpacing;
    }

    Duration attemptTimeout() {
        return attemptTimeout;
    }

    boolean failsFastOnRejectedCredentials() {
        return failFastOnRejectedCredentials;
    }

    /** For example {@code Readiness[postgresql db:5432/app, redis cache:6379; stable 3 x 0.200 s; ...]}. */
    @Override
    public String toString() {
        return "Readiness[" + String.join(", ", probes.stream().map(Probe::name).toList())
                + "; stable " + stableCount + " x " + Durations.format(stableSpacing)
                + "; attempts up to " + Durations.format(attemptTimeout)
                + (failFastOnRejectedCredentials ? "; fails fast on rejected credentials" : "") + "]";
    }
}
