package dev.sharedsvc.config;

/**
 * What {@code SharedServices.bootstrap} does about the service's database and role ({@link Setting#MODE}). The
 * default is {@link #ENSURE} when an administrator password is configured, else {@link #VERIFY}, so a production
 * service that is given no administrator credentials checks and never changes anything.
 */
public enum Mode {

    /**
     * Makes the database, role, extensions and schemas exist as configured, with the administrator's credentials.
     * The administrator logs in for the readiness probe (the service's database may not exist yet); when the
     * service's own login then finds everything in place, the administrator sends nothing more and changes nothing.
     */
    ENSURE,

    /**
     * Checks with the service's own login that the database, role, connection limit, extensions and schemas are
     * in place, and fails naming the missing piece and the command that makes it; changes nothing.
     */
    VERIFY,

    /** Neither ensures nor verifies: the database and role are someone else's business. The rest still runs. */
    OFF
}
