package dev.sharedsvc.internal;

import java.util.Properties;

import dev.sharedsvc.postgres.PostgresServer;

/**
 * What a PostgreSQL connection is for, and the pgjdbc options that follow from it: the one place of these rules.
 * An option the user's URL sets itself always wins (pgjdbc reads the URL's parameters over the properties given
 * with the login, and {@link #apply(PostgresServer)} leaves an option the URL has alone).
 */
public enum PostgresDuty {

    /**
     * The administrator, the provisioning lock and the migrations: DDL, which a standby refuses. Such connections
     * go to a primary ({@code targetServerType=primary}: of a multi-host URL, whichever host is primary now; a
     * standby alone is refused at login with "Could not find a server with specified targetServerType", which the
     * readiness probe reports as {@code read-only}). They need a session of their own — the provisioning lock is a
     * session lock — so they must not go through a transaction pooler: name the server directly for them.
     */
    SCHEMA("targetServerType", "primary"),

    /**
     * The application's pool and its health checks, which may go through a pooler such as PgBouncer in transaction
     * mode: there one server connection serves many clients, so server-side prepared statements are off
     * ({@code prepareThreshold=0}), as a statement prepared on one server connection is unknown on the next (PgBouncer
     * before 1.21, or without {@code max_prepared_statements}, answers {@code prepared statement "S_1" does not
     * exist} or {@code already exists}).
     */
    POOLED("prepareThreshold", "0");

    private final String option;
    private final String value;

    PostgresDuty(String option, String value) {
        this.option = option;
        this.value = value;
    }

    /** Adds this duty's option to a login's properties unless they set it already. */
    public Properties apply(Properties login) {
        login.putIfAbsent(option, value);
        return login;
    }

    /** The server with this duty's option, unless its URL names the option already. */
    public PostgresServer apply(PostgresServer server) {
        return server.option(option).isPresent() ? server : server.withOption(option, value);
    }
}
