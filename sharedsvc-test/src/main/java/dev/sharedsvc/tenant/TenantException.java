package dev.sharedsvc.tenant;

import dev.sharedsvc.SharedServicesException;

/**
 * A tenant or its template could not be made, handed out or removed. The message names the server, the database
 * and what to do; it never contains a password. The cause, when there is one, is kept.
 */
public class TenantException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    public TenantException(String message) {
        super(message);
    }

    public TenantException(String message, Throwable cause) {
        super(message, cause);
    }
}
