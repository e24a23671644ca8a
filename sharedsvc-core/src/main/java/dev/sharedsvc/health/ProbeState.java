package dev.sharedsvc.health;

/**
 * What one probe attempt found, in the sense of libpq's {@code PQping}, refined so that a caller can fail fast on
 * the mistakes that waiting does not fix.
 */
public enum ProbeState {

    /** The server accepted the login and answered a query (PostgreSQL) or {@code PING} (Redis). */
    READY,

    /**
     * The server answers but refuses work for now: PostgreSQL starting up, shutting down or in recovery without
     * hot standby (SQLSTATE {@code 57P03}, or {@code 57P01} when it shuts down during the probe); Redis
     * {@code -LOADING}, {@code -BUSY}, {@code -MASTERDOWN}, or a replica whose link to its master is down.
     */
    REJECTING,

    /** Nothing usable came back: connection refused or reset, a timeout, or a host name that does not resolve. */
    NO_RESPONSE,

    /**
     * The server is up and rejected the credentials: PostgreSQL {@code 28P01} or {@code 28000} (wrong password,
     * unknown role, no {@code pg_hba.conf} entry), Redis {@code WRONGPASS} or {@code NOAUTH}.
     */
    CREDENTIALS_REJECTED,

    /** The PostgreSQL server is up and the database does not exist (SQLSTATE {@code 3D000}). */
    DATABASE_MISSING,

    /** The PostgreSQL server is up and has no free connection slot (SQLSTATE {@code 53300}). */
    TOO_MANY_CLIENTS,

    /** The server is up and answered with an error no other state describes; the detail says which. */
    OTHER_ERROR
}
