package dev.sharedsvc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a service can tell about its own database and role with its own login, without administrator credentials:
 * whether they are as its {@link ServiceDatabase} describes, and the server's {@link ConnectionBudget}.
 *
 * <pre>{@code
 * ServiceCheck check = ServiceCheck.run("jdbc:postgresql://db:5432/postgres", backend);
 * if (!check.inPlace()) {
 *     throw new IllegalStateException(check.toString());   // the refused login, or the SQL an administrator must run
 * }
 * }</pre>
 *
 * <p>{@link #run} logs in as the owner role to its database (which proves the role exists, may log in, has the
 * password given and may connect) and sends one query, which reads the role, the database and the connection
 * settings from catalogs any role may read, and the extensions and schemas the service names, when it names any.
 * The {@link #plan()} is what
 * {@link PostgresAdmin#ensure} would do, less the grant that only lets an administrator act as the role.
 *
 * <p>Immutable and thread-safe; it holds no credentials.
 */
public final class ServiceCheck {

    /** What a refused login means, by SQLSTATE; these are the refusals {@link PostgresAdmin#ensure} can fix. */
    private static final Map<String, String> REFUSALS = Map.of(
            "28P01", "the role does not exist or its password is not the one given",
            "28000", "the role may not log in (NOLOGIN), or pg_hba.conf has no entry for it",
            "3D000", "the database does not exist",
            "42501", "the role may not connect to the database (no CONNECT privilege)");

    /**
     * Reads only the service's own rows (its role, its database, and the extensions and schemas it names, when it
     * names any) and the server's settings, plus one pass over the login roles for the {@link ConnectionBudget}. On
     * a fresh session most of the cost is in filling the catalog caches for each table and function a query
     * touches, so the query touches as few as it can.
     */
    private static String query(ServiceDatabase service) {
        return "SELECT " + ServerState.ROLE_COLUMNS + ", " + ServerState.DATABASE_COLUMNS + "," + ConnectionBudget.COLUMNS
                + (ServerState.Contents.named(service) ? "," + ServerState.Contents.COLUMNS : "")
                + " FROM pg_roles r, pg_database d," + ConnectionBudget.LOGINS
                + " WHERE r.rolname = current_user AND d.datname = current_database()";
    }

    private final ServiceDatabase service;
    private final String server;
    private final String refusal;
    private final ProvisioningPlan plan;
    private final ConnectionBudget budget;
    /** Whether the pool's login ({@link ConnectionBudget#role()}) takes the password the service was given. */
    private final boolean poolLoginOpens;
    private final Duration elapsed;

    private ServiceCheck(ServiceDatabase service, String server, String refusal, ProvisioningPlan plan,
                         ConnectionBudget budget, boolean poolLoginOpens, Duration elapsed) {
        this.service = service;
        this.server = server;
        this.refusal = refusal;
        this.plan = plan;
        this.budget = budget;
        this.poolLoginOpens = poolLoginOpens;
        this.elapsed = elapsed;
    }

    /**
     * Logs in as {@code service.owner()} with {@code service.password()} to {@code service.database()} on the server
     * the URL names, and reads what is there.
     *
     * @param jdbcUrl the server, {@code jdbc:postgresql://host:port/...}; its database is not used
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or carries credentials
     * @see #run(PostgresServer, ServiceDatabase, PostgresLogin)
     */
    public static ServiceCheck run(String jdbcUrl, ServiceDatabase service) {
        Objects.requireNonNull(service, "service");
        PostgresLogin login = service.password().map(secret -> PostgresLogin.password(service.owner(), secret))
                .orElseGet(() -> PostgresLogin.withoutPassword(service.owner()));
        return run(PostgresServer.parse(jdbcUrl), service, login);
    }

    /**
     * Logs in with {@code login} (the service's owner role: with its password, certificate, tokens or none) to
     * {@code service.database()} on {@code server}, and reads what is there with one query.
     *
     * @return the check; a refused login (wrong password or no such role, NOLOGIN, no database, no CONNECT) is part
     *         of it, not thrown
     * @throws ProvisioningException    when the server cannot be asked at all (unreachable, out of connection slots,
     *                                  any other error); the message names the server and role, never the password
     * @throws IllegalArgumentException when {@code login} is not the owner's
     */
    public static ServiceCheck run(PostgresServer server, ServiceDatabase service, PostgresLogin login) {
        Objects.requireNonNull(service, "service");
        if (!login.user().equals(service.owner())) {
            throw new IllegalArgumentException("the check logs in as the owner " + service.owner() + ", not "
                    + login.user());
        }
        long start = System.nanoTime();
        PostgresServer database = server.withDatabase(service.database());
        String where = database.describe();
        try (Connection connection = database.connect(login)) {
            return read(connection, server, service, where, start);
        } catch (SQLException e) {
            String meaning = REFUSALS.get(e.getSQLState());
            String what = "role " + service.owner() + " could not log in to " + where + " (" + e.getSQLState() + " "
                    + e.getMessage() + ")";
            if (meaning == null) {
                throw new ProvisioningException(what + "; check that the server is reachable from here and has"
                        + " connection slots free", e.getSQLState(), e);
            }
            return new ServiceCheck(service, where, what + ": " + meaning,
                    new ProvisioningPlan(service, List.of(), List.of()), null, false, since(start));
        }
    }

    /**
     * The check on a connection that is already logged in as {@code service.owner()} to {@code service.database()}
     * on {@code server} (the connection a readiness probe kept, say): the one query of {@link #run}, without a login
     * of its own. The connection stays open; the caller closes it.
     *
     * @throws ProvisioningException    when the query fails; the message names the server and role
     * @throws IllegalArgumentException when the connection is not the owner's
     */
    public static ServiceCheck on(Connection connection, PostgresServer server, ServiceDatabase service) {
        Objects.requireNonNull(service, "service");
        long start = System.nanoTime();
        String where = server.withDatabase(service.database()).describe();
        try {
            String user = connection.getMetaData().getUserName(); // what the login said, without a query
            if (!service.owner().equals(user)) {
                throw new IllegalArgumentException("the check runs as " + service.owner() + ", not as " + user);
            }
            return read(connection, server, service, where, start);
        } catch (SQLException e) {
            throw new ProvisioningException("role " + service.owner() + " could not check its database on " + where
                    + " (" + e.getSQLState() + " " + e.getMessage() + ")", e.getSQLState(), e);
        }
    }

    private static ServiceCheck read(Connection connection, PostgresServer server, ServiceDatabase service,
                                     String where, long start) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query(service))) {
            if (ServerState.Contents.named(service)) {
                ServerState.Contents.bind(statement, 1, service);
            }
            ResultSet rs = statement.executeQuery();
            rs.next();
            DutyState duties = service.dutyRoles().isEmpty() ? DutyState.NONE
                    : DutyState.read(connection, service, false, true, 0, (role, secret) ->
                            PostgresAdmin.tryLogin(server, service.database(), role, secret));
            ServerState.Role role = ServerState.Role.read(rs, 1, true, true);
            ServerState.Contents contents = ServerState.Contents.named(service) ? ServerState.Contents.read(rs, 21)
                    : ServerState.Contents.NONE;
            ServerState state = new ServerState(Optional.of(role), Optional.of(ServerState.Database.read(rs, 8)),
                    Optional.of(true), contents.extensions(), contents.schemaOwners(), duties);
            // The budget of the login the pool uses: with roles by duty, the application login the password opens.
            String pool = duties.activeApplicationLogin(service).orElse(service.owner());
            DutyState.Login login = duties.roles().get(pool);
            int poolLimit = pool.equals(service.owner()) ? role.connectionLimit()
                    : login == null ? -1 : login.role().connectionLimit();
            ConnectionBudget budget = ConnectionBudget.read(rs, 15, pool, poolLimit);
            boolean opens = login == null ? pool.equals(service.owner()) : login.passwordSame().orElse(false);
            return new ServiceCheck(service, where, null, Planner.withoutAdmin().plan(service, state), budget, opens,
                    since(start));
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * The login the service's pool uses, as this check found it without a login of its own: the owner, or with roles
     * by duty the application login the application password opens (the second login when it may log in with it,
     * else the application role; see {@link PasswordRotation}).
     *
     * @throws IllegalStateException when the owner's login was refused, so nothing was read
     * @throws ProvisioningException when that application login does not take the application password
     */
    public String poolLogin() {
        if (refusal != null) {
            throw new IllegalStateException("the check's login was refused: " + refusal);
        }
        if (!poolLoginOpens) {
            throw PasswordRotation.neitherLogsIn(service, server);
        }
        return budget.role();
    }

    /** Whether the role logged in and nothing is missing: the database and role are as the service needs them. */
    public boolean inPlace() {
        return refusal == null && plan.isEmpty();
    }

    /**
     * Why the role could not log in to its database, in the server's words and what they mean; empty when it
     * logged in.
     */
    public Optional<String> loginRefused() {
        return Optional.ofNullable(refusal);
    }

    /**
     * What an administrator must change, each action with its SQL (passwords redacted), and drift left alone as
     * warnings; empty when the login was refused, since nothing could be read then.
     */
    public ProvisioningPlan plan() {
        return plan;
    }

    /** The server's connection budget; empty when the login was refused. */
    public Optional<ConnectionBudget> budget() {
        return Optional.ofNullable(budget);
    }

    /** How long the login and the query took. */
    public Duration elapsed() {
        return elapsed;
    }

    /** One line when in place, else the refusal or the plan's listing. */
    @Override
    public String toString() {
        String head = "Database " + service.database() + " owned by " + service.owner() + " on " + server + ": ";
        if (refusal != null) {
            return head + refusal;
        }
        StringBuilder text = new StringBuilder(head)
                .append(plan.isEmpty() ? "in place" : plan.actions().size() + " change(s) missing")
                .append(", checked as ").append(service.owner()).append(" in ").append(elapsed.toMillis()).append(" ms");
        plan.actions().forEach(action -> text.append("\n  ").append(action));
        plan.warnings().forEach(warning -> text.append("\n  WARNING ").append(warning));
        return text.toString();
    }
}
