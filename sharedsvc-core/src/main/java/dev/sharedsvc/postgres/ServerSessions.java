package dev.sharedsvc.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.sharedsvc.internal.Logins;

/**
 * Tells whether a connection keeps one server session, which the provisioning lock (a session advisory lock) and
 * session settings ({@code SET lock_timeout}) need. Through a transaction pooler (PgBouncer with
 * {@code pool_mode = transaction} or {@code statement}) each transaction runs on whichever server connection is
 * free, so a lock taken in one transaction is held by a server connection that the next transaction may not get:
 * the unlock misses it and the lock leaks into the pool.
 *
 * <p>The test: the server process of {@code first} is noted ({@code pg_backend_pid()}); a second connection opens a
 * transaction and notes its own; {@code first} asks again. On a real session the three are two different processes
 * and {@code first}'s stays the same. Through a transaction pooler, the second connection's transaction is handed
 * the idle server connection {@code first} just used, or {@code first} is moved to another, or waits (within 5
 * seconds) for a server connection while the pool's last one is in the other's transaction: each shows. A
 * pooler can in principle hide itself (a busy pool handing out two fresh server connections), never the reverse:
 * a direct connection is never reported as pooled.
 */
final class ServerSessions {

    /** How long the first connection's second question may take; a session of its own answers at once. */
    private static final java.time.Duration WAIT_FOR_FIRST = java.time.Duration.ofSeconds(5);

    private ServerSessions() {
    }

    /** Whether {@code first} is reached through a transaction pooler; {@code second} opens another such login. */
    static boolean pooled(Connection first, Logins.Login second) throws SQLException {
        try {
            return sharesSessions(first, second);
        } catch (SQLException e) {
            // pgjdbc prepares its own BEGIN and ROLLBACK as named statements: a name that already exists (42P05) or
            // is unknown (26000) on the server connection shows that another client's session was handed to us.
            if ("42P05".equals(e.getSQLState()) || "26000".equals(e.getSQLState())) {
                return true;
            }
            throw e;
        }
    }

    private static boolean sharesSessions(Connection first, Logins.Login second) throws SQLException {
        int before = backend(first);
        try (Connection other = second.open()) {
            other.setAutoCommit(false);
            try {
                int others = backend(other);
                if (others == before) {
                    return true;
                }
                int timeout = first.getNetworkTimeout();
                first.setNetworkTimeout(Runnable::run, (int) WAIT_FOR_FIRST.toMillis());
                try {
                    return backend(first) != before;
                } catch (SQLException e) {
                    // A pooler with every server connection taken (the other's open transaction holds the last one)
                    // makes the first wait; a session of its own never waits for this query.
                    return true;
                } finally {
                    if (!first.isClosed()) {
                        first.setNetworkTimeout(Runnable::run, timeout);
                    }
                }
            } finally {
                other.rollback();
            }
        }
    }

    private static int backend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }
}
