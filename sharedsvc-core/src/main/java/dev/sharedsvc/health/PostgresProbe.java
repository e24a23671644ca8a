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

import org.postgresql.Driver;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;

/**
 * {@link Probe#postgres(PostgresServer, PostgresLogin)}. pgjdbc's connect and socket timeouts are whole seconds, so the
 * attempt's deadline is kept by {@code loginTimeout}, which pgjdbc takes in fractional seconds and enforces by
 * abandoning the connecting thread, and after login by the connection's network timeout in milliseconds.
 */
final class PostgresProbe implements ServerProbe {

    private static final Driver DRIVER = new Driver();
    private static final String QUERY = "SELECT pg_postmaster_start_time(), pg_is_in_recovery()";

    private final PostgresServer server;
    private final PostgresLogin login;
    private final String host;
    private final String name;

    PostgresProbe(PostgresServer server, PostgresLogin login) {
        this.server = Objects.requireNonNull(server, "server");
        this.login = Objects.requireNonNull(login, "login");
        String first = server.hosts().get(0);
        this.host = first.substring(0, first.lastIndexOf(':'));
        this.name = "postgresql " + first + "/" + server.database();
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
        properties.setProperty("ApplicationName", "sharedsvc readiness probe");
        try (Connection connection = DRIVER.connect(server.jdbcUrl(), properties)) {
            long left = millis - (System.nanoTime() - started) / 1_000_000;
            if (left <= 0) {
                return Observation.of(ProbeState.NO_RESPONSE, "timed out after login");
            }
            connection.setNetworkTimeout(Runnable::run, (int) Math.min(left, Integer.MAX_VALUE));
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(QUERY)) {
                row.next();
                OffsetDateTime startTime = row.getObject(1, OffsetDateTime.class);
                return new Observation(ProbeState.READY, "", Optional.of(startTime.toInstant().toString()),
                        Optional.of(startTime.toInstant()), row.getBoolean(2));
            }
        } catch (SQLException e) {
            return classify(e);
        }
    }

    static Observation classify(SQLException e) {
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null) {
            return Observation.of(ProbeState.NO_RESPONSE, Failures.reason(e));
        }
        String sqlState = String.valueOf(server.getSQLState());
        ProbeState state = switch (sqlState) {
            case "57P03", "57P01" -> ProbeState.REJECTING;
            case "28P01", "28000" -> ProbeState.CREDENTIALS_REJECTED;
            case "3D000" -> ProbeState.DATABASE_MISSING;
            case "53300" -> ProbeState.TOO_MANY_CLIENTS;
            default -> ProbeState.OTHER_ERROR;
        };
        return Observation.of(state, "SQLSTATE " + sqlState + ": " + server.getMessage());
    }

    @Override
    public String toString() {
        return name;
    }
}
