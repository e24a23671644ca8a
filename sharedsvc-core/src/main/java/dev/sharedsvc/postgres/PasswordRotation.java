package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;

/**
 * Gives a service's application role a new password while the service runs, without a moment in which the pool
 * cannot open a connection.
 *
 * <p><b>Why two logins.</b> PostgreSQL keeps one password per role, and {@code VALID UNTIL} limits that one: a role
 * cannot accept an old and a new password at once. So the application role of a service with
 * {@linkplain ServiceDatabase#rolesByDuty() roles by duty} has two logins, {@code <owner>_app} (which also holds
 * the rights) and {@code <owner>_app_2} (a member that inherits them); at rest one of them may log in. A rotation:
 * <ol>
 *   <li>{@link #begin}: gives the login that may not log in the new password and lets it log in, in one
 *       transaction (making {@code _app_2} and its membership on the first rotation). Both passwords now work,
 *       each with its own login;</li>
 *   <li>the service moves: {@link #movePool} points a running HikariCP pool at the new login and password and
 *       retires its connections as they come back, so requests keep being served; a service that starts now finds
 *       the new login by its password ({@link #applicationLogin});</li>
 *   <li>{@link #finish}: waits until no session of the old login is left, then takes its login and password away
 *       ({@code NOLOGIN PASSWORD NULL}): the old password stops working.</li>
 * </ol>
 * Every step reads where the server is before acting, so running {@link #rotate} (begin, then finish) again after
 * it was killed halfway finishes it, and {@link #rollback} undoes a rotation that has begun but not finished. The
 * administrator needs no more than {@link PostgresAdmin#ensure} does (CREATEROLE, and ADMIN OPTION on the
 * application role, which the creator of a role has), so it works for a managed cloud's administrator on
 * PostgreSQL 13 to 18. The owner role is not rotated this way: with roles by duty only migrations at start use it,
 * so its password changes with {@code ensure} between deployments.
 *
 * <p>Thread-safe as its {@link PostgresAdmin}; it holds no password of its own beyond the call.
 */
public final class PasswordRotation {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordRotation.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** When {@link #movePool} retires the pool's connections a second time: after a login in flight has ended. */
    private static final Duration STRAGGLERS = Duration.ofSeconds(1);

    /** Where a rotation to a given password stands on the server. */
    public enum Stage {
        /** Neither login has the new password: {@link #begin} starts it. */
        NOT_BEGUN,
        /** The new login has the new password and both may log in: the service moves, then {@link #finish}. */
        BEGUN,
        /** Only the login with the new password may log in: done. */
        FINISHED
    }

    /**
     * What one call did.
     *
     * @param service   the service's database
     * @param oldLogin  the login that had the old password
     * @param newLogin  the login that has the new password
     * @param stage     where the rotation stands now
     * @param actions   what was changed on the server (passwords redacted); empty when nothing was
     */
    public record Result(String service, String oldLogin, String newLogin, Stage stage, List<Action> actions) {

        public Result {
            actions = List.copyOf(actions);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Password rotation of ").append(service).append(" from ")
                    .append(oldLogin).append(" to ").append(newLogin).append(": ").append(switch (stage) {
                        case NOT_BEGUN -> "not begun (rolled back)";
                        case BEGUN -> "begun: both logins work; move the service, then finish";
                        case FINISHED -> "finished: only " + newLogin + " may log in";
                    });
            actions.forEach(action -> text.append("\n  ").append(action));
            return text.toString();
        }
    }

    private final PostgresAdmin admin;
    private final ServiceDatabase service;
    private final String first;
    private final String second;

    private PasswordRotation(PostgresAdmin admin, ServiceDatabase service) {
        this.admin = admin;
        this.service = service;
        this.first = service.applicationLogins().get(0);
        this.second = service.applicationLogins().get(1);
    }

    /**
     * A rotation of {@code service}'s application password through {@code admin}, which stays open for the caller
     * to close.
     *
     * @throws IllegalArgumentException when the service has no roles by duty: one role that owns the schema and
     *                                  serves the pool cannot alternate logins without the objects changing owner
     */
    public static PasswordRotation of(PostgresAdmin admin, ServiceDatabase service) {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(service, "service");
        if (!service.rolesByDuty()) {
            throw new IllegalArgumentException("database " + service.database() + " has one role that owns the schema"
                    + " and serves the pool; rotation without downtime needs roles by duty (an application password)");
        }
        return new PasswordRotation(admin, service);
    }

    /** The logins as they are: whether each exists, may log in, and takes {@code password}. */
    private record Logins(boolean secondExists, boolean firstCanLogin, boolean secondCanLogin,
                          boolean firstTakes, boolean secondTakes) {

        Optional<Boolean> newIsSecond() {
            if (secondTakes && secondCanLogin) {
                return Optional.of(true);
            }
            return firstTakes && firstCanLogin ? Optional.of(false) : Optional.empty();
        }
    }

    private Logins read(Secret password) throws SQLException {
        Connection connection = admin.connection();
        boolean[] exists = new boolean[2];
        boolean[] canLogin = new boolean[2];
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT rolname = ?, rolcanlogin FROM pg_roles WHERE rolname IN (?, ?)")) {
            statement.setString(1, first);
            statement.setString(2, first);
            statement.setString(3, second);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    int index = rs.getBoolean(1) ? 0 : 1;
                    exists[index] = true;
                    canLogin[index] = rs.getBoolean(2);
                }
            }
        }
        if (!exists[0]) {
            throw new ProvisioningException("role " + first + " does not exist on " + admin.server()
                    + "; ensure the service's database with roles by duty before rotating", null, null);
        }
        return new Logins(exists[1], canLogin[0], canLogin[1], canLogin[0] && takes(first, password),
                canLogin[1] && takes(second, password));
    }

    private boolean takes(String login, Secret password) {
        return PostgresAdmin.tryLogin(admin.server(), service.database(), login, password).orElse(false);
    }

    /** Where a rotation to {@code newPassword} stands, without changing anything. */
    public Stage stage(Secret newPassword) {
        try {
            Logins logins = read(newPassword);
            Optional<Boolean> newIsSecond = logins.newIsSecond();
            if (newIsSecond.isEmpty()) {
                return Stage.NOT_BEGUN;
            }
            boolean otherCanLogin = newIsSecond.get() ? logins.firstCanLogin() : logins.secondCanLogin();
            return otherCanLogin ? Stage.BEGUN : Stage.FINISHED;
        } catch (SQLException e) {
            throw admin.failure("could not read the application logins of " + service.database(), e);
        }
    }

    /**
     * Gives the login that may not log in the new password and lets it log in (one transaction); does nothing when
     * a login already takes the new password.
     *
     * @throws ProvisioningException when both logins may log in and neither takes the new password (another
     *                               rotation is unfinished: finish or roll it back with its password first), or the
     *                               server refuses
     */
    public Result begin(Secret newPassword) {
        Objects.requireNonNull(newPassword, "newPassword");
        return admin.locked(service, () -> {
            Logins logins = read(newPassword);
            Optional<Boolean> newIsSecond = logins.newIsSecond();
            if (newIsSecond.isPresent()) {
                boolean otherCanLogin = newIsSecond.get() ? logins.firstCanLogin() : logins.secondCanLogin();
                return result(newIsSecond.get(), otherCanLogin ? Stage.BEGUN : Stage.FINISHED, List.of());
            }
            if (logins.firstCanLogin() && logins.secondCanLogin()) {
                throw new ProvisioningException("both logins of " + first + " may log in and neither takes the new"
                        + " password: another rotation is unfinished; finish or roll it back with its password first",
                        null, null);
            }
            boolean toSecond = logins.firstCanLogin();
            String target = toSecond ? second : first;
            List<Action> actions = new ArrayList<>();
            if (toSecond && !logins.secondExists()) {
                actions.add(new Action(ActionKind.CREATE_ROLE, second, "CREATE ROLE " + quote(second) + " NOLOGIN"
                        + Planner.connectionLimit(service)));
                actions.add(new Action(ActionKind.GRANT_MEMBERSHIP, second, "GRANT " + quote(first) + " TO "
                        + quote(second)));
            }
            actions.add(new Action(ActionKind.SET_PASSWORD, target, "ALTER ROLE " + quote(target) + " PASSWORD '***'"));
            actions.add(new Action(ActionKind.ALLOW_LOGIN, target, "ALTER ROLE " + quote(target) + " LOGIN"));
            admin.inTransaction(actions, newPassword);
            LOG.info("Began rotating the application password of {}: {} may log in with the new password",
                    service.database(), target);
            return result(toSecond, Stage.BEGUN, actions);
        });
    }

    /**
     * Waits up to {@code drainTimeout} for the sessions of the old login to end, then takes its login and password
     * away; does nothing when already finished.
     *
     * @throws ProvisioningException when the rotation has not begun, or sessions of the old login are still open
     *                               after the timeout (nothing is changed then: the message names them by
     *                               application; move the service's pool, then finish again)
     */
    public Result finish(Secret newPassword, Duration drainTimeout) {
        Objects.requireNonNull(newPassword, "newPassword");
        Stage stage = stage(newPassword);
        if (stage == Stage.NOT_BEGUN) {
            throw new ProvisioningException("the rotation of " + first + " to the password given has not begun (no"
                    + " login takes it); begin it first", null, null);
        }
        boolean toSecond = isNewSecond(newPassword);
        if (stage == Stage.FINISHED) {
            return result(toSecond, Stage.FINISHED, List.of());
        }
        String old = toSecond ? first : second;
        awaitNoSessions(old, drainTimeout);
        return admin.locked(service, () -> {
            if (stage(newPassword) != Stage.BEGUN) {
                return result(toSecond, stage(newPassword), List.of());
            }
            List<Action> actions = List.of(retire(old));
            admin.inTransaction(actions, null);
            LOG.info("Finished rotating the application password of {}: {} may no longer log in", service.database(), old);
            return result(toSecond, Stage.FINISHED, actions);
        });
    }

    /** {@link #begin}, then {@link #finish}: the one command an operator runs, and runs again after an interruption. */
    public Result rotate(Secret newPassword, Duration drainTimeout) {
        begin(newPassword);
        return finish(newPassword, drainTimeout);
    }

    /**
     * Undoes a rotation to {@code newPassword} that has begun and not finished: the login that takes it may no
     * longer log in, and the old one stays as it was. Does nothing when it has not begun.
     *
     * @throws ProvisioningException when the rotation has finished (rotate again instead)
     */
    public Result rollback(Secret newPassword) {
        Objects.requireNonNull(newPassword, "newPassword");
        return admin.locked(service, () -> {
            Stage stage = stage(newPassword);
            if (stage == Stage.NOT_BEGUN) {
                String active = read(newPassword).firstCanLogin() ? first : second;
                return new Result(service.database(), active, active, Stage.NOT_BEGUN, List.of());
            }
            if (stage == Stage.FINISHED) {
                throw new ProvisioningException("the rotation of " + first + " to the password given has finished;"
                        + " the old login no longer logs in, so rotate again to change the password", null, null);
            }
            boolean toSecond = isNewSecond(newPassword);
            List<Action> actions = List.of(retire(toSecond ? second : first));
            admin.inTransaction(actions, null);
            LOG.info("Rolled back the rotation of the application password of {}", service.database());
            return new Result(service.database(), toSecond ? second : first, toSecond ? first : second,
                    Stage.NOT_BEGUN, actions);
        });
    }

    private boolean isNewSecond(Secret newPassword) {
        try {
            return read(newPassword).newIsSecond().orElseThrow();
        } catch (SQLException e) {
            throw admin.failure("could not read the application logins of " + service.database(), e);
        }
    }

    private static Action retire(String login) {
        return new Action(ActionKind.RETIRE_LOGIN, login, "ALTER ROLE " + quote(login) + " NOLOGIN PASSWORD NULL");
    }

    private Result result(boolean toSecond, Stage stage, List<Action> actions) {
        return new Result(service.database(), toSecond ? first : second, toSecond ? second : first, stage, actions);
    }

    private void awaitNoSessions(String login, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String sessions;
        while (true) {
            try (PreparedStatement statement = admin.connection().prepareStatement("SELECT count(*),"
                    + " string_agg(DISTINCT COALESCE(NULLIF(application_name, ''), '(no application name)'), ', ')"
                    + " FROM pg_stat_activity WHERE usename = ?")) {
                statement.setString(1, login);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) == 0) {
                        return;
                    }
                    sessions = rs.getInt(1) + " session(s) of " + rs.getString(2);
                }
            } catch (SQLException e) {
                throw admin.failure("could not read the sessions of " + login, e);
            }
            if (System.nanoTime() >= deadline) {
                throw new ProvisioningException(sessions + " still use the old login " + login + " after "
                        + timeout + "; nothing was retired. Move the service's pool to the new password, then"
                        + " finish again (both passwords keep working until then)", null, null);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProvisioningException("interrupted while waiting for the sessions of " + login
                        + " to end; nothing was retired", null, e);
            }
        }
    }

    /**
     * The application login that {@code service}'s application password opens, as the pool must use it: the
     * {@link ServiceDatabase#applicationRole()} or its second login, whichever takes the password. For a service
     * without roles by duty, its owner.
     *
     * @param server the server, {@code jdbc:postgresql://host:port/...}
     * @throws ProvisioningException when neither login takes the password (the message says which state each is in)
     */
    public static String applicationLogin(String server, ServiceDatabase service) {
        return applicationLogin(PostgresServer.parse(server), service);
    }

    /** {@link #applicationLogin(String, ServiceDatabase)} on a parsed server. */
    public static String applicationLogin(PostgresServer server, ServiceDatabase service) {
        if (!service.rolesByDuty()) {
            return service.owner();
        }
        Secret password = service.applicationPassword().orElseThrow();
        for (String login : service.applicationLogins()) {
            if (PostgresAdmin.tryLogin(server, service.database(), login, password).orElse(false)) {
                return login;
            }
        }
        throw neitherLogsIn(service, server.withDatabase(service.database()).describe());
    }

    /** The refusal when neither application login of {@code service} takes its application password at {@code where}. */
    static ProvisioningException neitherLogsIn(ServiceDatabase service, String where) {
        return new ProvisioningException("neither " + String.join(" nor ", service.applicationLogins()) + " logs in to "
                + where + " with the application password given; ensure the database, or finish the rotation that set"
                + " it", "28P01", null);
    }

    /**
     * Points a running pool at the login {@code service}'s application password opens (its new password after
     * {@link #begin}): new connections use it at once, idle ones are closed and busy ones when they come back, so
     * requests keep being served while the pool moves. A connection the pool was opening while its credentials
     * changed may log in with the old ones and join the pool after that; the pool's connections are therefore
     * retired once more {@link #STRAGGLERS} later and again after the pool's connection timeout (the longest such a
     * login can take), in the background, so no session of the old login outlives the move.
     *
     * @return the login the pool now uses
     * @throws ProvisioningException as {@link #applicationLogin}; the pool is left as it was
     */
    public static String movePool(HikariDataSource pool, String server, ServiceDatabase service) {
        String login = applicationLogin(server, service);
        Secret password = service.rolesByDuty() ? service.applicationPassword().orElseThrow()
                : service.password().orElseThrow();
        pool.getHikariConfigMXBean().setCredentials(Credentials.of(login, password.reveal()));
        pool.getHikariPoolMXBean().softEvictConnections();
        for (long delay : new long[] {STRAGGLERS.toMillis(), pool.getConnectionTimeout()}) {
            CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> {
                if (!pool.isClosed()) {
                    pool.getHikariPoolMXBean().softEvictConnections();
                }
            });
        }
        LOG.info("Pool {} moved to login {}", pool.getPoolName(), login);
        return login;
    }
}
