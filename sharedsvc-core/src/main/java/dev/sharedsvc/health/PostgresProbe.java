package dev.sharedsvc.health;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import org.postgresql.Driver;
import org.postgresql.core.BaseConnection;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;

/**
 * {@link Probe#postgres(PostgresServer, PostgresLogin)}. pgjdbc's connect and socket timeouts are whole seconds, so the
 * attempt's deadline is kept by {@code loginTimeout}, which pgjdbc takes in fractional seconds and enforces by
 * abandoning the connecting thread, and after login by the connection's network timeout in milliseconds.
 *
 * <p>Not API beyond {@link Probe#postgres}: {@link #keeping} is for {@code SharedServices.bootstrap}, which checks the
 * service's database on the connection of the attempt that found the server ready instead of logging in again.
 *
 * <p>A standby refuses writes, so it is ready only for a URL that asks for one ({@code targetServerType} of
 * {@code secondary} or {@code preferSecondary}: a service that only reads); otherwise it is
 * {@link ProbeState#REJECTING} with {@code read-only: standby}. A ready observation names the host of a
 * multi-host URL that answered ({@code answered by db-2:5432}).
 */
public final class PostgresProbe implements ServerProbe {

    private static final Driver DRIVER = new Driver();
    private static final String QUERY = "SELECT pg_postmaster_start_time(), pg_is_in_recovery()";
    /** pgjdbc's {@code targetServerType} values that ask for a standby (old names included). */
    private static final Set<String> STANDBY_TARGETS = Set.of("secondary", "preferSecondary", "slave", "preferSlave");

    private final PostgresServer server;
    private final PostgresLogin login;
    private final String host;
    private final String name;
    private final boolean standbyWanted;
    private final String applicationName;
    private final Consumer<Connection> keeper;

    PostgresProbe(PostgresServer server, PostgresLogin login) {
        this(server, login, "sharedsvc readiness probe", null);
    }

    private PostgresProbe(PostgresServer server, PostgresLogin login, String applicationName,
                          Consumer<Connection> keeper) {
        this.server = Objects.requireNonNull(server, "server");
        this.login = Objects.requireNonNull(login, "login");
        this.applicationName = Objects.requireNonNull(applicationName, "applicationName");
        this.keeper = keeper;
        String first = server.hosts().get(0);
        this.host = first.substring(0, first.lastIndexOf(':'));
        this.name = "postgresql " + String.join(",", server.hosts()) + "/" + server.database();
        this.standbyWanted = server.option("targetServerType").filter(STANDBY_TARGETS::contains).isPresent();
    }

    /**
     * A probe that does not close the connection of an attempt that found the server ready: it hands it, with no
     * network timeout left on it, to {@code keeper}, which then owns it (and closes any it was given before). Called
     * on the probing thread.
     *
     * @param applicationName what the server shows for the connection, which may outlive the probe (in a pool)
     */
    public static PostgresProbe keeping(PostgresServer server, PostgresLogin login, String applicationName,
                                        Consumer<Connection> keeper) {
        return new PostgresProbe(server, login, applicationName, Objects.requireNonNull(keeper, "keeper"));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public Observation check(Duration timeout) {
        long started = System.nanoTime();
        long millis = Math.max(1, Durations.requirePositive(timeout, "timeout").toMillis());
        String wholeSeconds = Long.toString((millis + 999) / 1000);
        Properties properties = server.connectionProperties(login);
        properties.setProperty("connectTimeout", wholeSeconds);
        properties.setProperty("socketTimeout", wholeSeconds);
        properties.setProperty("loginTimeout", String.format(Locale.ROOT, "%.3f", millis / 1000.0));
        properties.setProperty("ApplicationName", applicationName);
        Connection connection = null;
        try {
            connection = DRIVER.connect(server.jdbcUrl(), properties);
            long left = millis - (System.nanoTime() - started) / 1_000_000;
            if (left <= 0) {
                return Observation.of(ProbeState.NO_RESPONSE, "timed out after login");
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(left, Integer.MAX_VALUE));
            Observation ready;
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
                row.next();
                OffsetDateTime startTime = row.getObject(1, OffsetDateTime.class);
                boolean standby = row.getBoolean(2);
                String answeredBy = "answered by " + connection.unwrap(BaseConnection.class).getQueryExecutor().getHostSpec();
                if (standby && !standbyWanted) {
                    return Observation.of(ProbeState.REJECTING, Hints.READ_ONLY + " standby (pg_is_in_recovery()), "
                            + answeredBy);
                }
                ready = new Observation(ProbeState.READY, answeredBy, Optional.of(startTime.toInstant().toString()),
                        Optional.of(startTime.toInstant()), standby);
            }
            if (keeper != null) {
                connection.setNetworkTimeout(Runnable::run, 0);
                Connection kept = connection;
                connection = null;
                keeper.accept(kept);
            }
            return ready;
        } catch (SQLException e) {
            return classify(e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the attempt's answer stands; a connection that fails to close is gone anyway
            }
        }
    }

    static Observation classify(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("targetServerType")) {
                // pgjdbc reached hosts, but none of the type asked for: with "primary", only standbys answered.
                return Observation.of(ProbeState.REJECTING, Hints.READ_ONLY + " no host is of the type the URL asks"
                        + " for (" + message + ")");
            }
            return Observation.of(ProbeState.NO_RESPONSE, Failures.reason(e));
        }
        String sqlState = String.valueOf(server.getSQLState());
        String message = String.valueOf(server.getMessage());
        if (sqlState.equals("08P01")) {
            return pooler(message);
        }
        ProbeState state = switch (sqlState) {
            case "57P03", "57P01" -> ProbeState.REJECTING;
            case "28P01", "28000" -> ProbeState.CREDENTIALS_REJECTED;
            case "3D000" -> ProbeState.DATABASE_MISSING;
            case "53300" -> ProbeState.TOO_MANY_CLIENTS;
            default -> ProbeState.OTHER_ERROR;
        };
        return Observation.of(state, "SQLSTATE " + sqlState + ": " + message);
    }

    /**
     * PgBouncer answers its own refusals with SQLSTATE 08P01 where PostgreSQL has codes of their own: it has no
     * free client slot ({@code max_client_conn}), does not know the database, or cannot give a server connection in
     * time ({@code query_wait_timeout}, {@code server_login_retry}: the server is down, full, or refuses the
     * pooler's login).
     */
    private static Observation pooler(String message) {
        ProbeState state;
        if (message.contains("max_client_conn") || message.contains("no more connections allowed")) {
            state = ProbeState.TOO_MANY_CLIENTS;
        } else if (message.startsWith("no such database")) {
            state = ProbeState.DATABASE_MISSING;
        } else {
            state = ProbeState.REJECTING;
        }
        return Observation.of(state, Hints.POOLER + " " + message);
    }

    @Override
    public String toString() {
        return name;
    }
}
