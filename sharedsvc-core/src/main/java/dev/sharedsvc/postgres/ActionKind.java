package dev.sharedsvc.postgres;

/**
 * The kinds of change {@link PostgresAdmin#ensure} and {@link PasswordRotation} make. None of them drops or rewrites
 * data.
 */
public enum ActionKind {
    /**
     * {@code CREATE ROLE ... LOGIN}: the service's owner role, or one of its roles by duty, did not exist. With a
     * comment asked for, the same statement text sets it, in one transaction.
     */
    CREATE_ROLE,
    /** {@code ALTER ROLE ... LOGIN}: the role existed but could not log in. */
    ALLOW_LOGIN,
    /**
     * {@code ALTER ROLE ... PASSWORD}: no password, or a different one; hashed with SCRAM on the client. The target
     * is the owner or a role by duty.
     */
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
    CREATE_EXTENSION,
    /** {@code GRANT CONNECT ON DATABASE ... TO role}: a role by duty may connect to the service database. */
    GRANT_CONNECT,
    /**
     * {@code ALTER DEFAULT PRIVILEGES FOR ROLE owner GRANT ... TO role}: the rights of a role by duty on every table
     * or sequence the owner creates from now on, so later migrations are covered.
     */
    GRANT_DEFAULT_PRIVILEGES,
    /** {@code GRANT USAGE ON SCHEMA ... TO role}: a role by duty may use a schema of the service. */
    GRANT_SCHEMA_USAGE,
    /** {@code GRANT ... ON TABLE/SEQUENCE ... TO role}: tables or sequences made before the default privileges. */
    GRANT_EXISTING_OBJECTS,
    /**
     * {@code REVOKE CREATE ON SCHEMA public FROM PUBLIC}, then {@code GRANT CREATE} to the owner: before PostgreSQL
     * 15 every role may create in schema public, so a role by duty could; needs the schema's owner (a superuser).
     */
    CLOSE_PUBLIC_SCHEMA,
    /** {@code GRANT app TO app_2}: the application role's second login inherits its rights. */
    GRANT_MEMBERSHIP,
    /**
     * {@code ALTER ROLE ... NOLOGIN PASSWORD NULL}: the old login of a finished {@link PasswordRotation}, or the new
     * one of a rolled-back rotation; the one change that takes something away, and only what a rotation gave.
     */
    RETIRE_LOGIN
}
