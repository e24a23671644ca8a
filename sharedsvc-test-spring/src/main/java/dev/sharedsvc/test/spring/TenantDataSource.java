package dev.sharedsvc.test.spring;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.test.IsolatedTenants;
import dev.sharedsvc.test.internal.SharedPools;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantPool;

/**
 * The application's {@code DataSource} under {@link AutoConfigureTenants}: a HikariCP pool on the current test's
 * tenant (over the tenant's {@link Tenant#dataSource()}, whose first connection is logged in ahead), replaced by one
 * on a fresh tenant before the next test. Connections taken from it before a swap are aborted by the swap, so none
 * ever reaches the next tenant; the replaced tenant is reset (under a new password) or dropped in the background.
 *
 * <p>Outside a test (while the context starts, or between tests) a tenant is taken when the first connection is
 * asked for, and replaced before the next test. Thread-safe.
 */
public final class TenantDataSource implements DataSource, AutoCloseable {

    private final Supplier<TenantPool> pool;
    private final HikariConfig hikari;
    private final String name;
    /** One test (or test class) at a time uses the context's tenant; not bound to a thread. */
    private final Semaphore turn = new Semaphore(1, true);
    private Object owner;
    private int depth;
    private Tenant tenant;
    private HikariDataSource connections;
    private RedisTarget redis;
    private boolean closed;

    TenantDataSource(Supplier<TenantPool> pool, HikariConfig hikari, String name) {
        this.pool = pool;
        this.hikari = hikari;
        this.name = name;
    }

    /**
     * The tenant the application's connections go to now: the running test's.
     *
     * @throws IllegalStateException when the context is closed
     */
    public synchronized Tenant currentTenant() {
        return open().tenant;
    }

    /** The HikariCP pool on the {@link #currentTenant() current tenant}. */
    private synchronized TenantDataSource open() {
        if (closed) {
            throw new IllegalStateException("the application context of " + name + " is closed");
        }
        if (tenant == null) {
            Tenant next = pool.get().acquire();
            HikariConfig config = new HikariConfig();
            hikari.copyStateTo(config);
            // Hikari's connections come from the tenant's own DataSource: its first one is logged in already, so
            // the swap costs no login, and all of them end when the tenant is given back.
            config.setDataSource(next.dataSource());
            config.setJdbcUrl(null);
            config.setUsername(null);
            config.setPassword(null);
            config.setPoolName("tenant-" + next.database());
            try {
                connections = new HikariDataSource(config);
            } catch (RuntimeException e) {
                next.close();
                throw e;
            }
            tenant = next;
        }
        return this;
    }

    private synchronized HikariDataSource connections() {
        return open().connections;
    }

    /**
     * Starts the turn of {@code owner} (a test method, or a test class): waits for the test using the context to
     * end, then gives the context a fresh tenant and empties its Redis database. An owner that already has the turn
     * (a {@code @Nested} class inside its class) keeps its tenant.
     */
    void begin(Object owner) {
        synchronized (this) {
            if (this.owner != null && this.owner.equals(owner)) {
                depth++;
                return;
            }
        }
        turn.acquireUninterruptibly();
        synchronized (this) {
            this.owner = owner;
            depth = 1;
            try {
                retire();
                open();
                if (redis != null) {
                    SharedPools.redis().empty(redis);
                }
            } catch (RuntimeException e) {
                this.owner = null;
                turn.release();
                throw e;
            }
        }
    }

    /** Ends the turn of {@code owner}: drops its tenant and lets the next test have the context. */
    void end(Object owner) {
        synchronized (this) {
            if (this.owner == null || !this.owner.equals(owner) || --depth > 0) {
                return;
            }
            this.owner = null;
            retire();
        }
        turn.release();
    }

    /** The Redis database claimed for this context, claimed on first use. */
    synchronized RedisTarget redis() {
        if (redis == null) {
            redis = SharedPools.redis().allocate(name, IsolatedTenants.RedisIsolation.DATABASE);
        }
        return redis;
    }

    /** Closes the pool on the current tenant (aborting connections in use) and gives the tenant back. */
    private void retire() {
        if (tenant == null) {
            return;
        }
        try {
            connections.close();
        } finally {
            tenant.close();
            tenant = null;
            connections = null;
        }
    }

    /** Drops the current tenant and gives up the Redis database; called when the application context closes. */
    @Override
    public void close() {
        RedisTarget claimed;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            retire();
            claimed = redis;
            redis = null;
        }
        if (claimed != null) {
            SharedPools.redis().release(claimed);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connections().getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a tenant's connections log in as its own role; use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return connections().getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        connections().setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        connections().setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return connections().getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        Objects.requireNonNull(type, "type");
        return type.isInstance(this) ? type.cast(this) : connections().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || connections().isWrapperFor(type);
    }

    /** Such as {@code TenantDataSource[Tenant[sharedsvc_tenant_1a2b3c4d_7 at jdbc:postgresql://...]]}. */
    @Override
    public synchronized String toString() {
        return "TenantDataSource[" + (tenant == null ? "no tenant yet" : tenant) + "]";
    }
}
