package dev.sharedsvc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.config.Setting;

/**
 * Logins to PostgreSQL that a storm must not fail, within the one deadline of a start-up or a command. When a whole
 * fleet restarts at once, the server answers {@code 53300 too many clients} (or, starting, {@code 57P03}, or
 * PgBouncer {@code 08P01} while it waits for a server connection) to the logins that come a moment too early. Those
 * are retried with jittered exponential backoff (50 ms doubling to 1 s, each pause between half and all of it, so
 * a fleet does not retry in lockstep) until the deadline; any other failure, and the last refusal at the deadline,
 * is thrown as it is.
 *
 * <p>The deadline is the caller's: {@link #within} sets it for every login the work makes on the calling thread
 * (a bootstrap's wait, check, ensure, migrations and the pool's first connection share it), and
 * {@link #retrying(Duration, Login)} uses its own budget only where no deadline is set. Thread-safe; the deadline
 * is per thread.
 */
public final class Logins {

    /**
     * What to change when a server had no free connection slot until the deadline: the one text of this advice, in
     * the readiness hint and in a start's remedy (which adds the budget it read).
     */
    public static final String OUT_OF_SLOTS_ADVICE = "The connections of the services on it (pools, migrations,"
            + " probes) took it all: lower their " + Setting.POSTGRES_POOL_SIZE.property() + " or "
            + Setting.POSTGRES_CONNECTION_LIMIT.property() + ", raise max_connections, or give the start a longer "
            + Setting.WAIT_TIMEOUT.property() + " so it outlasts the storm.";

    /** How long a login keeps trying where the caller has set no deadline ({@link #within}). */
    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);
    private static final long FIRST_PAUSE_MILLIS = 50;
    private static final long LONGEST_PAUSE_MILLIS = 1_000;
    /** The deadline ({@link System#nanoTime()}) of the work running on this thread, if it set one. */
    private static final ThreadLocal<Long> DEADLINE = new ThreadLocal<>();

    private Logins() {
    }

    /** A login: opens a connection, or throws the driver's error. */
    @FunctionalInterface
    public interface Login {
        Connection open() throws SQLException;
    }

    /**
     * Runs {@code work} with every login it makes on this thread retried until {@code budget} from now has passed.
     * Nested calls keep the earlier of the two deadlines.
     */
    public static <T> T within(Duration budget, Supplier<T> work) {
        long deadline = System.nanoTime() + Objects.requireNonNull(budget, "budget").toNanos();
        Long outer = DEADLINE.get();
        DEADLINE.set(outer != null && outer - deadline < 0 ? outer : deadline);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                DEADLINE.remove();
            } else {
                DEADLINE.set(outer);
            }
        }
    }

    /** The time left until the deadline {@link #within} set on this thread (zero once passed); empty when none is set. */
    public static Optional<Duration> timeLeft() {
        Long deadline = DEADLINE.get();
        return deadline == null ? Optional.empty() : Optional.of(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    /**
     * Opens a connection, retrying the refusals of a crowded or starting server ({@link #passes}) until the deadline
     * of {@link #within}, or, where none is set, for {@code budget}.
     *
     * @param budget how long to keep retrying where no deadline is set; zero tries once
     * @throws SQLException the last refusal when the time is spent, or any other failure at once
     */
    public static Connection retrying(Duration budget, Login login) throws SQLException {
        Objects.requireNonNull(login, "login");
        long deadline = System.nanoTime() + timeLeft().orElse(Objects.requireNonNull(budget, "budget")).toNanos();
        int[] refusals = {0};
        Connection connection;
        try {
            connection = untilDeadline(deadline, () -> {
                try {
                    return login.open();
                } catch (SQLException e) {
                    throw new Refused(e);
                }
            }, failure -> {
                if (!(failure instanceof Refused refused) || !passes(refused.getCause())) {
                    return false;
                }
                refusals[0]++;
                LOG.debug("Login refused ({} {}); retrying", refused.getCause().getSQLState(),
                        refused.getCause().getMessage());
                return true;
            });
        } catch (Refused e) {
            throw e.getCause();
        }
        if (refusals[0] > 0) {
            LOG.info("Logged in after {} refusal(s) of a crowded or starting server", refusals[0]);
        }
        return connection;
    }

    /** A login's {@link SQLException}, carried through {@link #untilDeadline}. */
    private static final class Refused extends RuntimeException {

        Refused(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    /**
     * Runs {@code step} again while it fails for a connection lost or not had ({@link #lost}: a server restarting
     * or failing over) and the deadline of {@link #within} is not passed, with the same backoff as logins. Only for
     * steps that may run twice (they change nothing, or change it idempotently, or in one transaction that the lost
     * connection rolled back). Without a deadline it runs once.
     *
     * @param what what the step does, for the log line of each retry, such as {@code the service's check}
     * @throws RuntimeException the step's own, at once when it is not a lost connection, else at the deadline
     */
    public static <T> T acrossFailover(String what, Supplier<T> step) {
        return acrossFailover(what, failure -> true, step);
    }

    /**
     * As {@link #acrossFailover(String, Supplier)}, for a step that may run again only after some failures: a lost
     * connection for which {@code mayRunAgain} is false is thrown at once.
     */
    public static <T> T acrossFailover(String what, Predicate<RuntimeException> mayRunAgain, Supplier<T> step) {
        return again(step, e -> sqlCause(e).filter(Logins::lost).filter(lost -> mayRunAgain.test(e)).map(lost -> {
            LOG.warn("{} lost its connection ({} {}); the server may be restarting or failing over: running it again",
                    what, lost.getSQLState(), lost.getMessage());
            return lost;
        }).isPresent());
    }

    /**
     * Runs {@code step} again, with the backoff of logins, while it fails in a way that {@code passes} says will
     * pass (another start holding a lock, say) and the deadline of {@link #within} is not passed; {@code passes}
     * logs why it runs again. Without a deadline it runs once.
     *
     * @throws RuntimeException the step's own, at once when it does not pass, else at the deadline
     */
    public static <T> T again(Supplier<T> step, Predicate<RuntimeException> passes) {
        return untilDeadline(System.nanoTime() + timeLeft().orElse(Duration.ZERO).toNanos(), step, passes);
    }

    /**
     * Runs {@code step} until it succeeds, or fails in a way {@code passes} rejects, or the next jittered pause would
     * end after {@code deadline} ({@link System#nanoTime()}), or the thread is interrupted; then throws its failure.
     */
    private static <T> T untilDeadline(long deadline, Supplier<T> step, Predicate<RuntimeException> passes) {
        long pause = FIRST_PAUSE_MILLIS;
        while (true) {
            try {
                return step.get();
            } catch (RuntimeException e) {
                long sleep = jittered(pause);
                if (System.nanoTime() + sleep * 1_000_000 - deadline > 0 || !passes.test(e) || !slept(sleep)) {
                    throw e;
                }
                pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
            }
        }
    }

    /** Sleeps; false when interrupted (the interrupt is kept), so the caller throws what it has. */
    private static boolean slept(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static long jittered(long pause) {
        return ThreadLocalRandom.current().nextLong(pause / 2, pause + 1);
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

    /**
     * Whether a failure is what a server restarting or failing over does to a client: the connection lost or not
     * had ({@code 08xxx} but PgBouncer's protocol refusals, and pgjdbc's "This connection has been closed"), the
     * session ended by an administrator's or a crash's shutdown ({@code 57P01}, {@code 57P02}), the server not
     * accepting logins yet ({@code 57P03}) or no free slot ({@code 53300}), a transaction cancelled by a standby's
     * promotion ({@code 40001}), or no primary among the hosts yet (pgjdbc's {@code targetServerType}).
     */
    public static boolean lost(SQLException e) {
        String state = String.valueOf(e.getSQLState());
        String message = String.valueOf(e.getMessage());
        return state.startsWith("08") && !state.equals("08P01") || passes(e)
                || state.equals("57P01") || state.equals("57P02") || state.equals("40001")
                || message.contains("This connection has been closed") || message.contains("targetServerType");
    }

    /** The first {@link SQLException} in the chain of causes of {@code failure}. */
    public static Optional<SQLException> sqlCause(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return Optional.of(sql);
            }
        }
        return Optional.empty();
    }
}
