package dev.sharedsvc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logins to PostgreSQL that a storm must not fail: when a whole fleet restarts at once, the server answers
 * {@code 53300 too many clients} (or, starting, {@code 57P03}, or PgBouncer {@code 08P01} while it waits for a
 * server connection) to the logins that come a moment too early. Those are retried with jittered exponential
 * backoff (50 ms doubling to 1 s, each pause between half and all of it, so a fleet does not retry in lockstep)
 * until the budget is spent; any other failure, and the last one after the budget, is thrown as it is.
 */
public final class Logins {

    /** How long a login keeps trying where the caller has no deadline of its own. */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;

    private Logins() {
    }

    /** A login: opens a connection, or throws the driver's error. */
    @FunctionalInterface
    public interface Login {
        Connection open() throws SQLException;
    }

    /**
     * Opens a connection, retrying the refusals of a crowded or starting server within {@code budget}.
     *
     * @param budget how long to keep retrying; zero tries once
     * @throws SQLException the last refusal when the budget is spent, or any other failure at once
     */
    public static Connection retrying(Duration budget, Login login) throws SQLException {
        Objects.requireNonNull(login, "login");
        long deadline = System.nanoTime() + Objects.requireNonNull(budget, "budget").toNanos();
        long pause = FIRST_PAUSE_MILLIS;
        int refusals = 0;
        while (true) {
            try {
                Connection connection = login.open();
                if (refusals > 0) {
                    LOG.info("Logged in after {} refusal(s) of a crowded or starting server", refusals);
                }
                return connection;
            } catch (SQLException e) {
                long sleep = ThreadLocalRandom.current().nextLong(pause / 2, pause + 1);
                if (!passes(e) || System.nanoTime() + sleep * 1_000_000 - deadline > 0) {
                    throw e;
                }
                refusals++;
                LOG.debug("Login refused ({} {}); retrying in {} ms", e.getSQLState(), e.getMessage(), sleep);
                try {
                    Thread.sleep(sleep);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /**
     * Whether a login failure passes by itself: no free connection slot ({@code 53300}), the server starting or
     * shutting down ({@code 57P03}), or PgBouncer without a server connection yet ({@code 08P01}
     * {@code query_wait_timeout}, {@code server_login_retry}, {@code no more connections allowed}).
     */
    public static boolean passes(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        String message = String.valueOf(e.getMessage());
        return state.equals("53300") || state.equals("57P03")
                || state.equals("08P01") && (message.contains("query_wait_timeout") || message.contains("server_login_retry")
                        || message.contains("no more connections allowed"));
    }
}
