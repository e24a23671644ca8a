package dev.sharedsvc.bootstrap;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Logger;

import javax.sql.DataSource;

/**
 * The service's login that a bootstrap keeps from the readiness probe, so a warm start logs in once: the check runs
 * on it, then the pool takes it over as its first connection ({@link #firstFrom}: the probe and the pool connect to
 * the same server with the same login; Flyway does not, as it must reach a primary); whatever is left is closed with
 * {@link #close()}. A connection offered after the close (by a probe attempt still in flight when the wait gave up)
 * is closed at once. Thread-safe: the probe offers on its own thread.
 */
final class HeldLogin implements Consumer<Connection>, AutoCloseable {

    private Connection held;
    private boolean closed;

    /** Keeps {@code connection} (the latest probe attempt's), closing the one kept before. */
    @Override
    public void accept(Connection connection) {
        Connection unwanted;
        synchronized (this) {
            unwanted = closed ? connection : held;
            held = closed ? null : connection;
        }
        close(unwanted);
    }

    /** Closes the kept connection: a later probe attempt did not find the server ready, so it is not current. */
    void discard() {
        close(take().orElse(null));
    }

    /** The kept connection, if there is one and it is open; it is then the caller's. */
    synchronized Optional<Connection> take() {
        Connection connection = held;
        held = null;
        return Optional.ofNullable(connection);
    }

    /** A data source that hands out the kept connection first, if it is still open, then those of {@code fresh}. */
    DataSource firstFrom(DataSource fresh) {
        return new FirstFrom(fresh);
    }

    @Override
    public void close() {
        Connection connection;
        synchronized (this) {
            closed = true;
            connection = held;
            held = null;
        }
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // closing a connection nobody uses; nothing depends on it succeeding
            }
        }
    }

    /** {@link #firstFrom}. */
    private final class FirstFrom implements DataSource {

        private final DataSource fresh;

        FirstFrom(DataSource fresh) {
            this.fresh = fresh;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Optional<Connection> kept = take();
            if (kept.isPresent() && !kept.get().isClosed()) {
                return kept.get();
            }
            return fresh.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return fresh.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return fresh.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            fresh.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            fresh.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return fresh.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return fresh.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : fresh.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || fresh.isWrapperFor(type);
        }

        @Override
        public String toString() {
            return fresh.toString();
        }
    }
}
