package dev.sharedsvc;

import java.util.Optional;

/**
 * The root of every error sharedsvc reports. Its message says what failed, against which server or setting; its
 * {@link #remedy()} says what to do, decided where the failure was understood, so that a framework adapter prints it
 * as it is (never by reading the message). Neither contains a password. The cause, when there is one, is kept.
 */
public class SharedServicesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The remedy of a login a server refused: the password settings of each login. */
    protected static final String REJECTED_CREDENTIALS = "Correct the password the server rejected:"
            + " sharedsvc.postgres.admin-password (or sharedsvc.postgres.admin-password-file) for the administrator in"
            + " ensure mode, sharedsvc.postgres.password (or sharedsvc.postgres.password-file) for the service's role,"
            + " the password in sharedsvc.redis.url for Redis.";

    private final String remedy;

    public SharedServicesException(String message) {
        this(message, null, null);
    }

    public SharedServicesException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param remedy what to do about it, one or two sentences; {@code null} when the message says it all
     */
    protected SharedServicesException(String message, Throwable cause, String remedy) {
        super(message, cause);
        this.remedy = remedy;
    }

    /** What to do about it, when more than the message says; empty otherwise. */
    public Optional<String> remedy() {
        return Optional.ofNullable(remedy);
    }
}
