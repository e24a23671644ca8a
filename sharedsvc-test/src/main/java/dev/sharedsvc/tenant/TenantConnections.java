package dev.sharedsvc.tenant;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
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
 * The connections of one holder of a tenant: logs in as its role, keeps the connections a test closes for its next
 * {@link #getConnection()}, and ends them when the tenant is given back. No threads, no validation: it lives for one
 * test, usually with one or two connections.
 *
 * <p>A connection closed by the test goes back to the idle ones after its statements are closed, an open
 * transaction is rolled back, auto-commit switched back on, read-only mode off and the network timeout set back to
 * the login's; one whose transaction isolation, schema, catalog, holdability or type map was set through JDBC, or
 * that fails while being put back, is closed instead. Session state set by SQL ({@code SET search_path}) stays on it within the test, as in any pool. When the
 * tenant is given back, connections still lent out are aborted, and idle ones are closed or kept for the tenant's
 * reset, which resets their sessions ({@code DISCARD ALL}) and hands them to the next holder.
 *
 * <p>Thread-safe.
 */
final class TenantConnections implements DataSource {

    /** How many idle connections a released tenant keeps through its reset. */
    static final int KEPT_AT_MOST = 2;

    /** Setters whose effect outlives the connection's use: such a connection is closed rather than reused. */
    private static final Set<String> ALTERING = Set.of("setTransactionIsolation", "setSchema", "setCatalog",
            "setHoldability", "setTypeMap");

    private final String name;
    private final PGSimpleDataSource login;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private final Set<Connection> lent = new HashSet<>();
    /** Idle connections kept through the tenant's reset, for its next holder; see {@link #close(boolean)}. */
    private final List<Connection> kept = new ArrayList<>();
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
            // A pool sets a network timeout on a connection it closes (HikariCP: 15 s); the next holder gets the login's.
            int networkTimeout = login.getSocketTimeout() * 1000;
            if (physical.getNetworkTimeout() != networkTimeout) {
                physical.setNetworkTimeout(Runnable::run, networkTimeout);
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

    /** {@link #close(boolean) close(false)}: ends every connection. */
    void close() {
        close(false);
    }

    /**
     * Ends the connections of this holder: later calls fail, connections still lent out are aborted (their sockets
     * closed, so the server rolls back what they left open), and idle ones, which the test closed, are closed or,
     * with {@code keepIdle}, kept (at most {@value #KEPT_AT_MOST}) for {@link #takeKept()}. {@code close(false)}
     * after {@code close(true)} closes the kept ones too.
     */
    void close(boolean keepIdle) {
        List<Connection> ending = new ArrayList<>();
        List<Connection> aborting = new ArrayList<>();
        synchronized (this) {
            if (!closed) {
                closed = true;
                aborting.addAll(lent);
                lent.clear();
                kept.addAll(idle);
                idle.clear();
            }
            if (!keepIdle) {
                ending.addAll(kept);
                kept.clear();
            }
            while (kept.size() > KEPT_AT_MOST) {
                ending.add(kept.remove(kept.size() - 1));
            }
        }
        ending.forEach(Sql::closeQuietly);
        for (Connection connection : aborting) {
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                Sql.closeQuietly(connection);
            }
        }
    }

    /** The idle connections {@link #close(boolean) close(true)} kept, which the caller now owns. */
    synchronized List<Connection> takeKept() {
        List<Connection> taken = new ArrayList<>(kept);
        kept.clear();
        return taken;
    }

    /**
     * Takes {@code connections}, logged in as this tenant's role and reset to a new session's state, as idle ones.
     */
    void adopt(List<Connection> connections) {
        synchronized (this) {
            if (!closed) {
                idle.addAll(connections);
                return;
            }
        }
        connections.forEach(Sql::closeQuietly);
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

    private static boolean isClosed(Statement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /** A connection as the test holds it: {@code close()} gives it back, after which it refuses every call. */
    private final class Lent implements InvocationHandler {

        private final Connection physical;
        /** What the test made on it: closed with it, so that none runs on the session once it is given back. */
        private final List<Statement> statements = new ArrayList<>();
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
                        closeStatements();
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
            Object result;
            try {
                result = method.invoke(physical, arguments);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result instanceof Statement statement) {
                synchronized (statements) {
                    if (statements.size() >= 64) {
                        statements.removeIf(TenantConnections::isClosed);
                    }
                    statements.add(statement);
                }
            }
            return result;
        }

        private void closeStatements() {
            synchronized (statements) {
                statements.forEach(Sql::closeQuietly);
                statements.clear();
            }
        }
    }
}
