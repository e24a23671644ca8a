package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.Identifiers.quote;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.internal.Logins;

/**
 * An administrator's connection to a shared PostgreSQL server, which makes service databases and roles exist as
 * {@link ServiceDatabase} describes them.
 *
 * <pre>{@code
 * try (PostgresAdmin admin = PostgresAdmin.connect("jdbc:postgresql://db:5432/postgres", "postgres", adminPassword)) {
 *     ProvisioningResult result = admin.ensure(ServiceDatabase.builder("backend").password(backendPassword).build());
 *     log.info("{}", result);
 * }
 * }</pre>
 *
 * <p>{@link #ensure} is idempotent and safe when many instances run it at once, on one server or many JVMs: when
 * everything is in place it reads the catalog in one round trip and changes nothing; otherwise it takes a session
 * advisory lock in the maintenance database (the one the URL names, so every caller must name the same one),
 * reads again and makes only the missing changes. It never drops anything and never takes privileges away; drift it
 * does not fix is reported as warnings. Passwords are hashed with SCRAM on the client, so the server's statement
 * log never sees them, and they appear in no log, plan, result or exception of this library.
 *
 * <p>The administrator may be a superuser, or (as on managed clouds) a role with CREATEROLE and CREATEDB, which is
 * then made a member of each service role it manages so it can act as the owner.
 *
 * <p>Thread-safe: calls are serialized on the one connection. Close it when done.
 */
public final class PostgresAdmin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAdmin.class);

    /** The advisory lock every sharedsvc instance takes before changing a server ("sharedsvc" in ASCII, widened). */
    private static final long PROVISIONING_LOCK = 0x7368_6172_6564_7376L;
    private static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(60);
    private static final int ATTEMPTS = 3;
    private static final Set<String> ALREADY_EXISTS = Set.of(
            "42P04", // duplicate_database
            "42710", // duplicate_object (role)
            "42P06", // duplicate_schema
            "23505", // unique_violation in a catalog, from a concurrent CREATE
            "XX000"); // "tuple concurrently updated", from a concurrent GRANT or ALTER

    private final PostgresServer server;
    private final PostgresLogin login;
    private final Connection connection;
    private final AdminInfo admin;
    private final Planner planner;
    private final Duration lockTimeout;

    private PostgresAdmin(PostgresServer server, PostgresLogin login, Connection connection, AdminInfo admin,
                          Duration lockTimeout) {
        this.server = server;
        this.login = login;
        this.connection = connection;
        this.admin = admin;
        this.planner = new Planner(admin);
        this.lockTimeout = lockTimeout;
    }

    /**
     * Connects as an administrator with a password, waiting up to 60 seconds for the provisioning lock when another
     * instance holds it. A client certificate in the URL ({@code sslcert}, {@code sslkey}) is presented too.
     *
     * @see #connect(PostgresServer, PostgresLogin, Duration)
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or carries credentials
     */
    public static PostgresAdmin connect(String jdbcUrl, String user, Secret password) {
        return connect(jdbcUrl, user, password, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * As {@link #connect(String, String, Secret)}, with a lock timeout.
     *
     * @see #connect(PostgresServer, PostgresLogin, Duration)
     */
    public static PostgresAdmin connect(String jdbcUrl, String user, Secret password, Duration lockTimeout) {
        PostgresServer server = PostgresServer.parse(jdbcUrl);
        return connect(server, server.presentingCertificate(PostgresLogin.password(user, password)), lockTimeout);
    }

    /**
     * Connects as an administrator, waiting up to 60 seconds for the provisioning lock when another instance holds it.
     *
     * @see #connect(PostgresServer, PostgresLogin, Duration)
     */
    public static PostgresAdmin connect(PostgresServer server, PostgresLogin login) {
        return connect(server, login, DEFAULT_LOCK_TIMEOUT);
    }

    /**
     * Connects as an administrator to the maintenance database the server names (usually {@code postgres}).
     *
     * @param server      the server and its maintenance database
     * @param login       a superuser, or a role with CREATEROLE and CREATEDB, with a password, a certificate, tokens
     *                    or nothing (trust); the administrator's credentials are used for its own connections only
     * @param lockTimeout how long {@link #ensure} waits for another instance's provisioning to finish; positive
     * @throws ProvisioningException    when the server cannot be reached or refuses the login, or the user can
     *                                  neither create roles nor databases; the message names the server and user
     * @throws IllegalArgumentException when the timeout is not positive
     */
    public static PostgresAdmin connect(PostgresServer server, PostgresLogin login, Duration lockTimeout) {
        return connect(server, login, lockTimeout, () -> server.connect(login));
    }

    /**
     * As {@link #connect(PostgresServer, PostgresLogin)}, with one login fewer: {@code loggedIn} is a connection of
     * {@code login} to {@code server} that the caller has made already (the command line's readiness probe keeps the
     * one that found the server ready, {@link dev.sharedsvc.health.PostgresProbe#keeping}). It is the second session
     * of the check for a transaction pooler, which otherwise logs in a second time, and is closed before this
     * returns or throws.
     *
     * @see #connect(PostgresServer, PostgresLogin, Duration)
     */
    public static PostgresAdmin connect(PostgresServer server, PostgresLogin login, Connection loggedIn) {
        Objects.requireNonNull(loggedIn, "loggedIn");
        try {
            return connect(server, login, DEFAULT_LOCK_TIMEOUT, () -> loggedIn);
        } finally {
            closeQuietly(loggedIn);
        }
    }

    /** {@link #connect(PostgresServer, PostgresLogin, Duration)}, {@code second} opening the pooler check's session. */
    private static PostgresAdmin connect(PostgresServer server, PostgresLogin login, Duration lockTimeout,
                                         Logins.Login second) {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(login, "login");
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lockTimeout must be positive, was " + lockTimeout);
        }
        String user = login.user();
        Connection connection;
        try {
            connection = server.connect(login);
        } catch (SQLException e) {
            throw new ProvisioningException("could not log in to PostgreSQL at " + server + " as " + user + ": "
                    + e.getMessage() + loginHint(e.getSQLState()), e.getSQLState(), e);
        }
        try {
            if (ServerSessions.pooled(connection, second)) {
                throw new ProvisioningException("PostgreSQL at " + server + " is reached through a transaction pooler"
                        + " (such as PgBouncer with pool_mode = transaction): two connections shared one server"
                        + " session, so the provisioning lock and lock_timeout would not hold and concurrent runs could"
                        + " interleave. Give the administrator (and the migrations) the server's direct address; the"
                        + " application's pool may still go through the pooler. Nothing was changed.", null, null);
            }
            AdminInfo admin = readAdmin(connection);
            if (!admin.superuser() && !(admin.createrole() && admin.createdb())) {
                throw new ProvisioningException("role " + user + " on " + server + " can neither create all roles nor "
                        + "databases: it needs SUPERUSER, or CREATEROLE and CREATEDB", null, null);
            }
            if (admin.selfGrantsCreatedRoles()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET createrole_self_grant = 'set, inherit'");
                }
            }
            return new PostgresAdmin(server, login, connection, admin, lockTimeout);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            if (e instanceof ProvisioningException) {
                throw (ProvisioningException) e;
            }
            throw new ProvisioningException("could not read the privileges of " + user + " on " + server + ": "
                    + e.getMessage(), e instanceof SQLException ? ((SQLException) e).getSQLState() : null, e);
        }
    }

    private static String loginHint(String sqlState) {
        if ("28P01".equals(sqlState) || "28000".equals(sqlState)) {
            return " (check the administrator's user name and password)";
        }
        if ("3D000".equals(sqlState)) {
            return " (the maintenance database in the URL does not exist; postgres is the usual one)";
        }
        if ("53300".equals(sqlState)) {
            return " (the server has no free connection slot, even after retrying: the connection budget of the"
                    + " services on it is spent; lower their pool sizes or raise max_connections)";
        }
        if ("08P01".equals(sqlState)) {
            return " (PgBouncer answers 08P01 for its own refusals: query_wait_timeout means it got no server"
                    + " connection in time, as when the server is down or full or refuses the pooler's login; give the"
                    + " administrator the server's direct address, never the pooler's)";
        }
        if (sqlState != null && sqlState.startsWith("08")) {
            return " (check the host and port, and that the server is running and reachable from here)";
        }
        return "";
    }

    private static AdminInfo readAdmin(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user, current_setting('server_version_num')::int,"
                     + " rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            return new AdminInfo(rs.getString(1), rs.getInt(2), rs.getBoolean(3), rs.getBoolean(4), rs.getBoolean(5));
        }
    }

    /** The server's {@code server_version_num}, such as 170002. */
    public int serverVersion() {
        return admin.serverVersion();
    }

    /**
     * What {@link #ensure} would do, without changing anything.
     *
     * @throws ProvisioningException when the catalog cannot be read
     */
    public synchronized ProvisioningPlan plan(ServiceDatabase service) {
        Objects.requireNonNull(service, "service");
        try {
            return planner.plan(service, readState(service));
        } catch (SQLException e) {
            throw failure("could not read what exists for database " + service.database(), e);
        }
    }

    /**
     * Makes the service's role and database exist as described, and returns what it did.
     *
     * @throws ProvisioningException when a change fails or the lock is not had within the lock timeout; what was
     *                               done before stays, and a second call finishes the rest
     */
    public synchronized ProvisioningResult ensure(ServiceDatabase service) {
        Objects.requireNonNull(service, "service");
        long start = System.nanoTime();
        ProvisioningPlan plan = plan(service);
        if (plan.isEmpty()) {
            LOG.debug("Database {} owned by {} is in place", service.database(), service.owner());
            return finish(service, List.of(), plan.warnings(), start);
        }
        List<Action> done = new ArrayList<>();
        lock(service);
        try {
            for (int attempt = 1; ; attempt++) {
                plan = plan(service);
                try {
                    for (Action action : plan.actions()) {
                        execute(service, action);
                        done.add(action);
                    }
                    return finish(service, done, plan.warnings(), start);
                } catch (SQLException e) {
                    if (!ALREADY_EXISTS.contains(e.getSQLState()) || attempt == ATTEMPTS) {
                        throw failure("could not provision database " + service.database() + " owned by "
                                + service.owner() + "; what was done stays and running ensure again finishes it", e);
                    }
                    LOG.debug("Concurrent change while provisioning {} ({}); reading again", service.database(),
                            e.getSQLState());
                }
            }
        } finally {
            unlock();
        }
    }

    private ProvisioningResult finish(ServiceDatabase service, List<Action> done, List<String> warnings, long start) {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        ProvisioningResult result = new ProvisioningResult(service, done, warnings, elapsed);
        warnings.forEach(warning -> LOG.warn("{}", warning));
        if (result.changed()) {
            LOG.info("{}", result);
        }
        return result;
    }

    private void lock(ServiceDatabase service) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET lock_timeout = " + Math.max(1, lockTimeout.toMillis()));
            statement.execute("SELECT pg_advisory_lock(" + PROVISIONING_LOCK + ")");
            statement.execute("RESET lock_timeout");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new ProvisioningException("another instance held the provisioning lock on " + server
                        + " for longer than " + lockTimeout + " while provisioning " + service.database()
                        + "; retry, or look for a stuck session in pg_locks (locktype advisory)", e.getSQLState(), e);
            }
            throw failure("could not take the provisioning lock", e);
        }
    }

    private void unlock() {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_unlock(" + PROVISIONING_LOCK + ")");
        } catch (SQLException e) {
            LOG.warn("Could not release the provisioning lock on {}; it goes when the connection closes", server, e);
        }
    }

    private void execute(ServiceDatabase service, Action action) throws SQLException {
        LOG.debug("On {}: {}", server, action.sql());
        try {
            switch (action.kind()) {
                case SET_PASSWORD:
                    connection.unwrap(PGConnection.class).alterUserPassword(action.target(),
                            service.passwordOf(action.target()).orElseThrow().reveal().toCharArray(), "scram-sha-256");
                    break;
                case CREATE_SCHEMA:
                case CREATE_EXTENSION:
                case GRANT_CONNECT:
                case GRANT_DEFAULT_PRIVILEGES:
                case GRANT_SCHEMA_USAGE:
                case GRANT_EXISTING_OBJECTS:
                case CLOSE_PUBLIC_SCHEMA:
                    try (Connection inDatabase = server.withDatabase(service.database()).connect(login);
                         Statement statement = inDatabase.createStatement()) {
                        statement.execute(action.sql());
                    }
                    break;
                default:
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(action.sql());
                    }
            }
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState())) {
                throw new ProvisioningException("administrator " + admin.user() + " on " + server + " lacks the right"
                        + " to " + action + ": " + e.getMessage() + "; " + lacking(service, action)
                        + ". What was done before stays; ensure finishes the rest once the right is given", e.getSQLState(), e);
            }
            throw e;
        }
    }

    /** What the administrator needs for an action the server refused with insufficient_privilege. */
    private String lacking(ServiceDatabase service, Action action) {
        switch (action.kind()) {
            case GRANT_DEFAULT_PRIVILEGES:
            case GRANT_EXISTING_OBJECTS:
            case GRANT_SCHEMA_USAGE:
            case GRANT_CONNECT:
                return "it must be a member of the owner role " + service.owner() + " (GRANT " + quote(service.owner())
                        + " TO " + quote(admin.user()) + ", by a superuser or a role with ADMIN OPTION on it), so it"
                        + " grants as the owner";
            case CLOSE_PUBLIC_SCHEMA:
                return "only the owner of schema public (a superuser before PostgreSQL 15) may change who creates in it";
            case GRANT_MEMBERSHIP:
            case SET_PASSWORD:
            case ALLOW_LOGIN:
            case SET_CONNECTION_LIMIT:
            case GRANT_ROLE_TO_ADMIN:
                return "it needs CREATEROLE and, from PostgreSQL 16 on, ADMIN OPTION on role " + action.target()
                        + " (which it has for roles it created; otherwise GRANT " + quote(action.target()) + " TO "
                        + quote(admin.user()) + " WITH ADMIN OPTION, by a superuser)";
            default:
                return "it needs SUPERUSER, or CREATEROLE and CREATEDB and membership in " + service.owner();
        }
    }

    private ServerState readState(ServiceDatabase service) throws SQLException {
        String sql = "SELECT r.oid IS NOT NULL, " + ServerState.ROLE_COLUMNS + ","
                + " r.oid IS NOT NULL AND " + actsAsRole("r.oid") + ","
                + (admin.superuser() ? " (SELECT rolpassword FROM pg_authid WHERE oid = r.oid)," : " NULL::text,")
                + " d.oid IS NOT NULL, " + ServerState.DATABASE_COLUMNS
                + " FROM (VALUES (1)) AS one"
                + " LEFT JOIN pg_roles r ON r.rolname = ?"
                + " LEFT JOIN pg_database d ON d.datname = ?";
        Optional<ServerState.Role> role = Optional.empty();
        Optional<ServerState.Database> database = Optional.empty();
        Optional<Boolean> passwordSame = Optional.empty();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, service.owner());
            statement.setString(2, service.database());
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (rs.getBoolean(1)) {
                    String verifier = rs.getString(10);
                    boolean verifierKnown = admin.superuser();
                    role = Optional.of(ServerState.Role.read(rs, 2, rs.getBoolean(9), !verifierKnown || verifier != null));
                    if (service.password().isPresent() && verifierKnown) {
                        passwordSame = PasswordVerifiers.matches(verifier, service.owner(), service.password().get());
                    }
                }
                if (rs.getBoolean(11)) {
                    database = Optional.of(ServerState.Database.read(rs, 12));
                }
            }
        }
        if (service.password().isPresent() && role.isPresent() && passwordSame.isEmpty() && database.isPresent()) {
            passwordSame = tryLogin(service.database(), service.owner(), service.password().get());
        }
        // Inside the service's database only when it exists and the administrator may enter it.
        boolean inside = database.isPresent() && (admin.superuser() || role.get().adminActsAsRole());
        ServerState.Contents contents = inside ? readInsideDatabase(service) : ServerState.Contents.NONE;
        return new ServerState(role, database, passwordSame, contents.extensions(), contents.schemaOwners(),
                readDuties(service, inside));
    }

    /** The roles by duty and their missing grants; read in the service's database when the administrator may enter it. */
    private DutyState readDuties(ServiceDatabase service, boolean inDatabase) throws SQLException {
        if (service.dutyRoles().isEmpty()) {
            return DutyState.NONE;
        }
        if (!inDatabase) {
            return DutyState.read(connection, service, admin.superuser(), false, admin.serverVersion(),
                    (role, secret) -> tryLogin(service.database(), role, secret));
        }
        try (Connection inside = server.withDatabase(service.database()).connect(login)) {
            return DutyState.read(inside, service, admin.superuser(), true, admin.serverVersion(),
                    (role, secret) -> tryLogin(service.database(), role, secret));
        }
    }

    private String actsAsRole(String roleOid) {
        String usage = "pg_has_role(current_user, " + roleOid + ", 'USAGE')";
        return admin.serverVersion() >= 160_000
                ? "(" + usage + " AND pg_has_role(current_user, " + roleOid + ", 'SET'))" : usage;
    }

    /** Tells whether the password works by logging in with it: for administrators that cannot read verifiers. */
    private Optional<Boolean> tryLogin(String database, String role, Secret rolePassword) {
        return tryLogin(server, database, role, rolePassword);
    }

    /**
     * Whether {@code role} logs in to {@code database} with {@code rolePassword}: true, false when the server says
     * the password is wrong, empty when it cannot be told (no CONNECT yet, NOLOGIN, no database).
     */
    static Optional<Boolean> tryLogin(PostgresServer server, String database, String role, Secret rolePassword) {
        try (Connection ignored = server.withDatabase(database).connect(PostgresLogin.password(role, rolePassword))) {
            return Optional.of(true);
        } catch (SQLException e) {
            if ("28P01".equals(e.getSQLState())) {
                return Optional.of(false);
            }
            LOG.debug("Could not tell whether the password of {} is current ({}); it will be set", role,
                    e.getSQLState());
            return Optional.empty();
        }
    }

    private ServerState.Contents readInsideDatabase(ServiceDatabase service) throws SQLException {
        if (!ServerState.Contents.named(service)) {
            return ServerState.Contents.NONE;
        }
        try (Connection inDatabase = server.withDatabase(service.database()).connect(login)) {
            return ServerState.Contents.read(inDatabase, service);
        }
    }

    /** Work on the administrator's connection that may fail with SQL. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} holding the provisioning lock, so no ensure changes the same roles meanwhile. */
    synchronized <T> T locked(ServiceDatabase service, SqlWork<T> work) {
        lock(service);
        try {
            return work.run();
        } catch (SQLException e) {
            throw failure("could not change the roles of database " + service.database(), e);
        } finally {
            unlock();
        }
    }

    /**
     * Runs the actions in one transaction: all or none. A {@link ActionKind#SET_PASSWORD} sets {@code password},
     * hashed with SCRAM on the client.
     */
    synchronized void inTransaction(List<Action> actions, Secret password) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (Action action : actions) {
                LOG.debug("On {}: {}", server, action.sql());
                if (action.kind() == ActionKind.SET_PASSWORD) {
                    connection.unwrap(PGConnection.class).alterUserPassword(action.target(),
                            password.reveal().toCharArray(), "scram-sha-256");
                } else {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute(action.sql());
                    }
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The administrator's connection to the maintenance database; callers synchronize on this admin. */
    Connection connection() {
        return connection;
    }

    /** The server it is connected to. */
    PostgresServer server() {
        return server;
    }

    ProvisioningException failure(String what, Exception e) {
        String sqlState = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        return new ProvisioningException(what + " on " + server + " as " + admin.user() + ": " + e.getMessage(),
                sqlState, e);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("Closing the administrator connection failed", e);
        }
    }

    /** Closes the administrator's connection (and with it any lock it holds). */
    @Override
    public synchronized void close() {
        closeQuietly(connection);
    }

    @Override
    public String toString() {
        return "PostgresAdmin[" + admin.user() + "@" + server + "]";
    }
}
