package dev.sharedsvc.test.spring;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.test.IsolatedTenants;
import dev.sharedsvc.test.internal.SharedPools;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantPool;

/**
 * The application's {@code DataSource} under {@link AutoConfigureTenants}: one HikariCP pool for the context, whose
 * connections come from the current test's tenant ({@link Tenant#dataSource()}, whose first connection is logged in
 * ahead). Before the next test the pool's connections are evicted, and the tenant is given back, which aborts the
 * connections still in use, so none ever reaches the next tenant; the tenant is reset (under a new password) or
 * dropped in the background.
 *
 * <p>Outside a test (while the context starts, or between tests) a tenant is taken when the first connection is
 * asked for, and replaced before the next test. Thread-safe.
 */
public final class TenantDataSource implements DataSource, AutoCloseable {

    /** How long a swap waits for the pool to close its idle connections, so that they are kept for the next test. */
    private static final long EVICTION_WAIT_NANOS = 1_000_000_000L;

    private final Supplier<TenantPool> pool;
    private final HikariConfig hikari;
    private final String name;
    /** One test (or test class) at a time uses the context's tenant; not bound to a thread. */
    private final Semaphore turn = new Semaphore(1, true);
    /** Connections of the tenants' DataSources that the pool holds and has not closed. */
    private final AtomicInteger open = new AtomicInteger();
    private Object owner;
    private int depth;
    /** The current tenant; read without the lock by the pool's threads. */
    private volatile Tenant tenant;
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

    /** The HikariCP pool, with a {@link #currentTenant() current tenant}. */
    private synchronized TenantDataSource open() {
        if (closed) {
            throw new IllegalStateException("the application context of " + name + " is closed");
        }
        if (tenant == null) {
            tenant = pool.get().acquire();
        }
        if (connections == null) {
            HikariConfig config = new HikariConfig();
            hikari.copyStateTo(config);
            config.setDataSource(new Route());
            config.setJdbcUrl(null);
            config.setUsername(null);
            config.setPassword(null);
            config.setPoolName("tenants-" + name);
            connections = new HikariDataSource(config);
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

    /**
     * Gives the current tenant back: the pool's idle connections are closed (and so kept for the tenant's next
     * holder) and the ones in use marked to close when returned; giving the tenant back aborts what is still in use.
     */
    private void retire() {
        Tenant retired = tenant;
        if (retired == null) {
            return;
        }
        tenant = null;
        try {
            if (connections != null) {
                HikariPoolMXBean state = connections.getHikariPoolMXBean();
                state.softEvictConnections();
                long deadline = System.nanoTime() + EVICTION_WAIT_NANOS;
                while (open.get() > state.getActiveConnections() && System.nanoTime() - deadline < 0) {
                    LockSupport.parkNanos(50_000);
                }
            }
        } finally {
            retired.close();
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
            if (connections != null) {
                connections.close();
            }
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

    /** Where the pool takes its connections: the current tenant's DataSource, counted while the pool holds them. */
    private final class Route implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Tenant current = tenant;
            if (current == null) {
                throw new SQLException("no tenant: the test of " + name + " has ended", "08001");
            }
            Connection connection = current.dataSource().getConnection();
            open.incrementAndGet();
            AtomicBoolean ended = new AtomicBoolean();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        boolean ending = (method.getName().equals("close") || method.getName().equals("abort"))
                                && ended.compareAndSet(false, true);
                        try {
                            return method.invoke(connection, arguments);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        } finally {
                            // Counted down once the tenant has the connection back, so retire() waits for that.
                            if (ending) {
                                open.decrementAndGet();
                            }
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("a tenant's connections log in as its own role");
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper for " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    /** Such as {@code TenantDataSource[Tenant[sharedsvc_tenant_1a2b3c4d_7 at jdbc:postgresql://...]]}. */
    @Override
    public synchronized String toString() {
        return "TenantDataSource[" + (tenant == null ? "no tenant yet" : tenant) + "]";
    }
}
