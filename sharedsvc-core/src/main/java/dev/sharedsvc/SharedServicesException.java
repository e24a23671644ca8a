package dev.sharedsvc;

/**
 * The root of every error sharedsvc reports. Its message says what failed, against which server or setting, and
 * what to do; it never contains a password. The cause, when there is one, is kept.
 */
public class SharedServicesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SharedServicesException(String message) {
        super(message);
    }

    public SharedServicesException(String message, Throwable cause) {
        super(message, cause);
    }
}
