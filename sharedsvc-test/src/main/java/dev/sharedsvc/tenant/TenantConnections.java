package dev.sharedsvc.tenant;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The connections of one handed-out tenant: logs in as its role, keeps the connections a test closes for its next
 * {@link #getConnection()}, and ends them all when the tenant is given back. No threads, no validation: it lives
 * for one test, usually with one or two connections.
 *
 * <p>A connection closed by the test goes back to the idle ones after an open transaction is rolled back,
 * auto-commit switched back on and read-only mode off; one whose transaction isolation, schema, catalog, holdability
 * or type map was set through JDBC, or that fails while being put back, is closed instead. Session state set by SQL
 * ({@code SET search_path}) stays on it, as in any pool.
 *
 * <p>Thread-safe.
 */
final class TenantConnections implements DataSource {

    /** Setters whose effect outlives the connection's use: such a connection is closed rather than reused. */
    private static final Set<String> ALTERING = Set.of("setTransactionIsolation", "setSchema", "setCatalog",
            "setHoldability", "setTypeMap");

    private final String name;
    private final PGSimpleDataSource login;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> lent = new HashSet<>();
    private boolean closed;

    TenantConnections(String name, PGSimpleDataSource login) {
        this.name = name;
        this.login = login;
    }

    /**
     * Logs in once ahead of the test, so that its first {@link #getConnection()} costs no login.
     *
     * @throws SQLException when the login fails; nothing is kept
     */
    void openAhead() throws SQLException {
        Connection physical = login.getConnection();
        synchronized (this) {
            if (!closed) {
                idle.addFirst(physical);
                return;
            }
        }
        physical.close();
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection physical;
        synchronized (this) {
            requireOpen();
            physical = idle.pollFirst();
        }
        if (physical == null) {
            physical = login.getConnection();
        }
        synchronized (this) {
            if (closed) {
                Sql.closeQuietly(physical);
                requireOpen();
            }
            lent.add(physical);
        }
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Lent(physical));
    }

    private void requireOpen() throws SQLException {
        if (closed) {
            throw new SQLException("tenant " + name + " was given back: its connections are closed", "08003");
        }
    }

    /** Puts a connection the test closed back among the idle ones, or closes it. */
    private void giveBack(Connection physical, boolean altered) {
        synchronized (this) {
            if (!lent.remove(physical)) {
                return;
            }
        }
        try {
            if (altered || physical.isClosed()) {
                physical.close();
                return;
            }
            if (!physical.getAutoCommit()) {
                physical.rollback();
                physical.setAutoCommit(true);
            }
            if (physical.isReadOnly()) {
                physical.setReadOnly(false);
            }
            physical.clearWarnings();
            synchronized (this) {
                if (!closed) {
                    idle.addFirst(physical);
                    return;
                }
            }
            physical.close();
        } catch (SQLException e) {
            Sql.closeQuietly(physical);
        }
    }

    private void aborted(Connection physical, Executor executor) throws SQLException {
        synchronized (this) {
            lent.remove(physical);
        }
        physical.abort(executor);
    }

    /**
     * Ends every connection: the idle ones are closed, the ones still lent out are aborted (their sockets closed, so
     * the server rolls back what they left open); later calls fail. Idempotent.
     */
    void close() {
        List<Connection> idleOnes;
        List<Connection> lentOnes;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            idleOnes = new ArrayList<>(idle);
            lentOnes = new ArrayList<>(lent);
            idle.clear();
            lent.clear();
        }
        idleOnes.forEach(Sql::closeQuietly);
        for (Connection connection : lentOnes) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                Sql.closeQuietly(connection);
            }
        }
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("a tenant's connections log in as its own role; use getConnection()");
    }

    @Override
    public PrintWriter getLogWriter() {
        return login.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        login.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        login.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
        return login.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "TenantConnections[" + name + "]";
    }

    /** A connection as the test holds it: {@code close()} gives it back, after which it refuses every call. */
    private final class Lent implements InvocationHandler {

        private final Connection physical;
        private boolean altered;
        private volatile boolean returned;

        Lent(Connection physical) {
            this.physical = physical;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
            switch (method.getName()) {
                case "close":
                    if (!returned) {
                        returned = true;
                        giveBack(physical, altered);
                    }
                    return null;
                case "isClosed":
                    return returned || physical.isClosed();
                case "abort":
                    if (!returned) {
                        returned = true;
                        aborted(physical, (Executor) arguments[0]);
                    }
                    return null;
                case "equals":
                    return proxy == arguments[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "Connection[" + name + (returned ? ", closed" : "") + "]";
                default:
                    break;
            }
            if (returned) {
                if (method.getName().equals("isValid")) {
                    return false;
                }
                throw new SQLException("connection to tenant " + name + " is closed", "08003");
            }
            if (ALTERING.contains(method.getName())) {
                altered = true;
            }
            try {
                return method.invoke(physical, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
