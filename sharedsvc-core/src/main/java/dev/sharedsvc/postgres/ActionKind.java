package dev.sharedsvc.postgres;

/** The kinds of change {@link PostgresAdmin#ensure} makes. None of them drops or rewrites data. */
public enum ActionKind {
    /**
     * {@code CREATE ROLE ... LOGIN}: the service's owner role did not exist. With a comment asked for, the same
     * statement text sets it, in one transaction.
     */
    CREATE_ROLE,
    /** {@code ALTER ROLE ... LOGIN}: the role existed but could not log in. */
    ALLOW_LOGIN,
    /** {@code ALTER ROLE ... PASSWORD}: no password, or a different one; hashed with SCRAM on the client. */
    SET_PASSWORD,
    /** {@code ALTER ROLE ... CONNECTION LIMIT}: the role's limit differed from the one asked for. */
    SET_CONNECTION_LIMIT,
    /** {@code GRANT role TO admin}: a non-superuser administrator (as on managed clouds) needs it to act as owner. */
    GRANT_ROLE_TO_ADMIN,
    /** {@code CREATE DATABASE ... OWNER role}: the service database did not exist. */
    CREATE_DATABASE,
    /** {@code COMMENT ON DATABASE ...}: the database was just created and the service asks for a comment. */
    COMMENT_DATABASE,
    /** {@code REVOKE CONNECT, TEMPORARY ON DATABASE ... FROM PUBLIC}: other roles could connect. */
    REVOKE_PUBLIC,
    /** {@code CREATE SCHEMA IF NOT EXISTS ... AUTHORIZATION role} in the service database. */
    CREATE_SCHEMA,
    /** {@code CREATE EXTENSION IF NOT EXISTS ...} in the service database. */
    CREATE_EXTENSION
}
