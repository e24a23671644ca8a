package dev.sharedsvc.tenant;

import java.util.Objects;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

import dev.sharedsvc.postgres.Secret;

/**
 * One tenant: a database of its own, already migrated, and the login role that owns it and everything in it. The
 * role is provisioned as a service's role is in production: it may log in, owns its database and its tables, is
 * neither superuser nor able to create roles or databases, and no other role may connect to its database.
 *
 * <p>Taken from a {@link TenantPool}; {@link #close()} gives it back, and it is reset for the next test or dropped.
 * The database name may come back in a later tenant (reset), but never with this password, and never before every
 * session of this one has ended, except the sessions its test closed through {@link #dataSource()}, which are reset
 * ({@code DISCARD ALL}) and handed on. Its values are immutable; thread-safe; {@link #toString()} never shows the
 * password.
 */
public final class Tenant implements AutoCloseable {

    private final TenantPool pool;
    private final String name;
    private final Secret password;
    private final String jdbcUrl;
    private final TenantConnections connections;
    private final String baseline;

    /**
     * @param baseline what it was handed out with, for the {@link Recycler} to tell what its test changed; {@code null}
     *                 when it is not to be reset
     */
    Tenant(TenantPool pool, String name, Secret password, String jdbcUrl, String baseline) {
        this.pool = pool;
        this.baseline = baseline;
        this.name = Objects.requireNonNull(name, "name");
        this.password = Objects.requireNonNull(password, "password");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        PGSimpleDataSource login = new PGSimpleDataSource();
        login.setURL(jdbcUrl);
        login.setUser(name);
        login.setPassword(password.reveal());
        this.connections = new TenantConnections(name, login);
    }

    /** The tenant's database. */
    public String database() {
        return name;
    }

    /** The tenant's login role, which owns the database (same name as the database). */
    public String user() {
        return name;
    }

    /** The role's password: random, made for this tenant only. */
    public Secret password() {
        return password;
    }

    /** The JDBC URL of the database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * A {@link DataSource} that logs in as the tenant's role, with a small pool of its own for as long as the tenant
     * is held.
     *
     * <ul>
     *   <li>When the background maker kept up, one connection is logged in already when the tenant is handed out,
     *       so a test's first {@code getConnection()} costs no login: a session opened with this password after the
     *       tenant's copy or reset, or a session that the previous holder of a reset tenant closed, reset by
     *       {@code DISCARD ALL} (settings, temporary tables, prepared statements, advisory locks and listeners as in
     *       a new session; its statements were closed). Later calls open a new connection only when none is
     *       idle.</li>
     *   <li>{@code close()} on a connection closes its statements and puts it back for the next
     *       {@code getConnection()}: an open transaction is rolled back, auto-commit is switched back on and
     *       read-only mode off. One whose transaction isolation, schema, catalog, holdability or type map was set
     *       through JDBC is closed instead; session state set by SQL ({@code SET search_path}) stays until the
     *       tenant is given back, as in any pool. A closed connection refuses every further call.</li>
     *   <li>{@link #close()} ends them for this holder: connections still in use are aborted (the server rolls back
     *       their transactions) and refuse every call; idle ones are closed, or kept for the tenant's reset (at most
     *       two) and reach its next holder only as described above. After that {@code getConnection()}
     *       throws.</li>
     * </ul>
     *
     * <p>It opens no threads and does not validate idle connections. {@code getConnection(user, password)} is not
     * supported. A driver connection taken out with {@code unwrap} must not be used after its {@code close()}.
     * Thread-safe.
     */
    public DataSource dataSource() {
        return connections;
    }

    /** Its connections, which the pool opens ahead and ends on release. */
    TenantConnections connections() {
        return connections;
    }

    /** The baseline it was handed out with; {@code null} when it is not to be reset. */
    String baseline() {
        return baseline;
    }

    /** The pool it came from. */
    TenantPool pool() {
        return pool;
    }

    /** Gives the tenant back to its pool, which resets or drops it in the background; see {@link TenantPool#release}. */
    @Override
    public void close() {
        pool.release(this);
    }

    /** Such as {@code Tenant[sharedsvc_tenant_1a2b3c4d_7 at jdbc:postgresql://127.0.0.1:5432/sharedsvc_tenant_1a2b3c4d_7]}. */
    @Override
    public String toString() {
        return "Tenant[" + name + " at " + jdbcUrl + "]";
    }
}
