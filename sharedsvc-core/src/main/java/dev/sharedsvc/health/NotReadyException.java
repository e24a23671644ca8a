package dev.sharedsvc.health;

import java.time.Duration;

import dev.sharedsvc.SharedServicesException;

/**
 * A {@link Readiness#await(java.time.Duration) wait} gave up. The message lists every service's last state with a
 * hint for the common mistakes; {@link #reason()} says why it gave up and {@link #report()} has the details.
 */
public final class NotReadyException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    /** Why a wait gave up; callers map it to their own outcome, such as a command's exit code. */
    public enum Reason {
        /** The deadline passed before every service was ready. */
        DEADLINE_PASSED,
        /** A server rejected the credentials and the wait was set to fail fast on that (the default). */
        CREDENTIALS_REJECTED,
        /** The waiting thread was interrupted; its interrupt status is set again. */
        INTERRUPTED
    }

    private final Reason reason;
    private final transient ReadinessReport report;

    NotReadyException(Reason reason, Duration deadline, ReadinessReport report) {
        super(message(reason, deadline, report), null, remedy(reason));
        this.reason = reason;
        this.report = report;
    }

    private static String remedy(Reason reason) {
        return switch (reason) {
            case DEADLINE_PASSED -> "Start the servers that are not READY above, or correct sharedsvc.postgres.url and"
                    + " sharedsvc.redis.url so that they name them. If a server is only slow to start, raise"
                    + " sharedsvc.wait.timeout.";
            case CREDENTIALS_REJECTED -> REJECTED_CREDENTIALS;
            case INTERRUPTED -> "The start was interrupted while waiting for the servers; start the application again.";
        };
    }

    private static String message(Reason reason, Duration deadline, ReadinessReport report) {
        String why = switch (reason) {
            case DEADLINE_PASSED -> "not ready within " + Durations.format(deadline);
            case CREDENTIALS_REJECTED -> "credentials rejected, gave up after " + Durations.format(report.elapsed());
            case INTERRUPTED -> "interrupted after " + Durations.format(report.elapsed());
        };
        StringBuilder text = new StringBuilder("Services ").append(why).append(':');
        report.services().forEach(service -> text.append("\n  ").append(service));
        return text.toString();
    }

    /** Why the wait gave up. */
    public Reason reason() {
        return reason;
    }

    /** Every service's last state and how long it was waited for. */
    public ReadinessReport report() {
        return report;
    }
}
