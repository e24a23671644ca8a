package dev.sharedsvc.redis;

import dev.sharedsvc.SharedServicesException;

/**
 * A Redis server could not be checked (unreachable, authentication refused), or the check found errors; in the
 * second case {@link #report()} holds the whole report and the message is its printed form.
 */
public class RedisCheckException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    private final transient RedisCheckReport report;

    public RedisCheckException(String message, Throwable cause) {
        super(message, cause);
        this.report = null;
    }

    public RedisCheckException(RedisCheckReport report) {
        super(report.toString());
        this.report = report;
    }

    /** The report whose errors caused this exception; {@code null} when the server could not be checked at all. */
    public RedisCheckReport report() {
        return report;
    }
}
