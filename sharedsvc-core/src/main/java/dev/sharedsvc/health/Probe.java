package dev.sharedsvc.health;

import java.time.Duration;
import java.util.function.UnaryOperator;

import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisURI;

/**
 * One way to ask a service whether it is ready. The factories cover PostgreSQL and Redis; implement this
 * interface for anything else and pass it to {@link Readiness#of(Probe...)}.
 *
 * <p>Implementations must be thread-safe: {@link Readiness} calls a probe from a thread of its own.
 */
public interface Probe {

    /** A short name for logs and reports, such as {@code postgresql db:5432/app}; never contains a secret. */
    String name();

    /**
     * Makes one attempt and says what it found. Opens and closes its own connection.
     *
     * @param timeout how long the attempt may take in all (connect, login, query); positive. The attempt returns
     *                {@link ProbeState#NO_RESPONSE} when it runs out, even if a connect or read hangs.
     * @return what the attempt found; server problems are reported here, never thrown
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    Observation check(Duration timeout);

    /**
     * A PostgreSQL probe: logs in as {@code user} and runs
     * {@code SELECT pg_postmaster_start_time(), pg_is_in_recovery()}. A ready observation says which host answered
     * ({@code answered by db-2:5432}). A standby refuses writes, so it is {@link ProbeState#REJECTING}
     * ({@code read-only: standby ...}) unless the URL asks for one with {@code targetServerType=secondary} or
     * {@code preferSecondary} (a service that only reads). PgBouncer's refusals (SQLSTATE 08P01) are told apart:
     * {@code max_client_conn} is {@link ProbeState#TOO_MANY_CLIENTS}, an unknown database
     * {@link ProbeState#DATABASE_MISSING}, a server connection not had in time {@link ProbeState#REJECTING}.
     *
     * @param jdbcUrl  where the server is, such as {@code jdbc:postgresql://db:5432/app}; every host of a
     *                 multi-host URL is named in the probe's name. Other URL parameters ({@code sslmode},
     *                 {@code targetServerType}, ...) are kept.
     * @param user     the role to log in as
     * @param password its password
     * @throws IllegalArgumentException when {@code jdbcUrl} is not a PostgreSQL JDBC URL or carries a user or
     *                                  password (pass them here instead)
     */
    static Probe postgres(String jdbcUrl, String user, Secret password) {
        PostgresServer server = PostgresServer.parse(jdbcUrl);
        return postgres(server, server.presentingCertificate(PostgresLogin.password(user, password)));
    }

    /**
     * A PostgreSQL probe of {@code server.database()}: logs in with {@code login} (a password, tokens, a client
     * certificate or nothing) and runs {@code SELECT pg_postmaster_start_time(), pg_is_in_recovery()}.
     */
    static Probe postgres(PostgresServer server, PostgresLogin login) {
        return new PostgresProbe(server, login);
    }

    /**
     * A Redis probe (Lettuce): authenticates as the URI says ({@code HELLO}, or {@code AUTH} on servers before 6),
     * sends {@code PING}, and reads {@code INFO} for the role, the link to the master and the {@code run_id}.
     * The URI's own timeout is ignored; each attempt's timeout is used instead. The probe keeps one Lettuce client
     * for its {@link #check} calls, on an event loop shared by all such probes in the JVM, so a health endpoint
     * should make its probe once and reuse it.
     *
     * A replica refuses writes, so it is never ready: it is {@link ProbeState#REJECTING}
     * ({@code read-only: replica of host:port}). A ready observation says which server answered
     * ({@code answered by host:port}, from {@code CLIENT INFO}).
     *
     * @param uri a Redis URI, such as {@code redis://:secret@cache:6379}, or a Sentinel URI
     *            ({@code redis-sentinel://:secret@s1:26379,s2:26379?sentinelMasterId=mymaster}), whose master the
     *            sentinels name anew for every attempt
     * @throws IllegalArgumentException when the URI names neither a host nor a sentinel (a socket)
     */
    static Probe redis(RedisURI uri) {
        return new RedisProbe(uri);
    }

    /**
     * {@code probe}, with a rejected login ({@link ProbeState#CREDENTIALS_REJECTED}) waited out until the deadline
     * instead of ending the wait at once, whatever {@link Readiness#failFastOnRejectedCredentials} says: for a
     * service's own login whose role an init container, or an administrator's run, may still be creating.
     * PostgreSQL answers {@code 28P01} alike for a role that does not exist and for a wrong password, so a wrong
     * password is then reported at the deadline, not at once. Meanwhile the state stays
     * {@code CREDENTIALS_REJECTED}, its detail ending {@code waiting until the deadline: the role may not exist yet};
     * a wait that ends so is {@link NotReadyException.Reason#DEADLINE_PASSED}, with the hint that the role does not
     * exist or its password is not the one given.
     */
    static Probe awaitingRole(Probe probe) {
        return ServerProbe.awaitsRole(probe) ? probe : new RoleAwaited(probe);
    }

    /**
     * {@code probe}, each of its observations passed through {@code after} (to count them, act on them or report
     * them as another state); its name, and the host its hints name, stay {@code probe}'s.
     */
    static Probe observing(Probe probe, UnaryOperator<Observation> after) {
        return new Observing(probe, after);
    }
}
