package dev.sharedsvc.postgres;

/**
 * The administrator's login as the server sees it, read once at connect.
 *
 * @param user                   the administrator's role name ({@code current_user})
 * @param serverVersion          {@code server_version_num}, e.g. 160004
 * @param superuser              whether it is a superuser
 * @param createrole             whether it may create roles
 * @param createdb               whether it may create databases
 */
record AdminInfo(String user, int serverVersion, boolean superuser, boolean createrole, boolean createdb) {

    /**
     * Whether a role this administrator creates is granted to it with SET and INHERIT by the server itself
     * (PostgreSQL 16+, where the session sets {@code createrole_self_grant}); before 16 a GRANT is needed.
     */
    boolean selfGrantsCreatedRoles() {
        return !superuser && serverVersion >= 160_000;
    }
}
