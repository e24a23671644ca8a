package dev.sharedsvc.postgres;

import dev.sharedsvc.SharedServicesException;

/**
 * Provisioning could not be planned or done. The message names the server, the database or role, and what to do;
 * the SQLSTATE of the server's error, when there is one, is kept in {@link #sqlState()} and the cause.
 */
public class ProvisioningException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    private final String sqlState;

    public ProvisioningException(String message, String sqlState, Throwable cause) {
        super(message, cause, "28P01".equals(sqlState) || "28000".equals(sqlState) ? REJECTED_CREDENTIALS : null);
        this.sqlState = sqlState;
    }

    /** The SQLSTATE of the server's error, or {@code null} when the failure did not come from the server. */
    public String sqlState() {
        return sqlState;
    }
}
