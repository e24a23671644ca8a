package dev.sharedsvc.tenant;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisory lock {@code (RUN_LOCKS, run)} a live run holds on a connection of its own, in the maintenance
 * database, for as long as it lives: the server frees it when the process dies, however it dies, and a sweep that
 * can take it knows the run is gone.
 */
final class RunLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
    private static final int RUN_LOCKS = 0x7376_7275; // "svru"
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection connection;
    private final int run;
    private final String database;

    private RunLock(Connection connection, int run, String database) {
        this.connection = connection;
        this.run = run;
        this.database = database;
    }

    /** Picks a run id no live run has and takes its lock on a new connection. */
    static RunLock take(AdminLogin login) throws SQLException {
        Connection connection = login.maintenance();
        try {
            String database = Sql.queryString(connection, "SELECT current_database()");
            while (true) {
                int run = RANDOM.nextInt();
                if (tryLock(connection, run)) {
                    LOG.debug("Run {} holds its lock in {} on {}", Marker.runText(run), database, login.describe());
                    return new RunLock(connection, run, database);
                }
            }
        } catch (SQLException | RuntimeException e) {
            Sql.closeQuietly(connection);
            throw e;
        }
    }

    /** Takes the lock of {@code run} if it is free (the run is gone); the caller then {@link #unlock}s it. */
    static boolean tryLock(Connection connection, int run) throws SQLException {
        return "t".equals(Sql.queryString(connection, "SELECT pg_try_advisory_lock(" + RUN_LOCKS + ", " + run + ")"));
    }

    static void unlock(Connection connection, int run) throws SQLException {
        Sql.queryString(connection, "SELECT pg_advisory_unlock(" + RUN_LOCKS + ", " + run + ")");
    }

    int run() {
        return run;
    }

    /** The database the lock lives in, which the run's markers name. */
    String database() {
        return database;
    }

    /** Frees the lock by closing its connection. */
    @Override
    public void close() {
        Sql.closeQuietly(connection);
    }
}
