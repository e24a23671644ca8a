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
 * session of this one has ended. Immutable and
 * thread-safe; {@link #toString()} never shows the password.
 */
public final class Tenant implements AutoCloseable {

    private final TenantPool pool;
    private final String name;
    private final Secret password;
    private final String jdbcUrl;
    private final PGSimpleDataSource dataSource;
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
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(name);
        dataSource.setPassword(password.reveal());
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
     * A {@link DataSource} that logs in as the tenant's role. It opens a new connection on every call and does not
     * pool them; whatever is left open when the tenant is dropped is closed by the server.
     */
    public DataSource dataSource() {
        return dataSource;
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
