package dev.sharedsvc.bootstrap;

import static dev.sharedsvc.bootstrap.BootstrapReport.seconds;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.PostgresProbe;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.health.ReadinessReport;
import dev.sharedsvc.health.WaitSettings;
import dev.sharedsvc.internal.Logins;
import dev.sharedsvc.internal.PostgresDuty;
import dev.sharedsvc.postgres.ConnectionBudget;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.postgres.ProvisioningResult;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.ServiceCheck;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisAcl;
import dev.sharedsvc.redis.RedisCheckReport;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisServiceUser;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.redis.RedisUrl;
import dev.sharedsvc.redis.ServiceRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/** One run of {@link SharedServices#bootstrap}: the phases in order, what each took, and what they opened. */
final class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(SharedServices.class);
    /** How long the administrator waits for the provisioning lock before it lets go of its connection for a while. */
    private static final Duration LOCK_TURN = Duration.ofSeconds(1);
    /** The shortest wait within the start's deadline, when it has (almost) passed: time for one attempt. */
    private static final Duration MINIMUM_WAIT = Duration.ofMillis(100);

    private final SharedServicesConfig config;
    private final Set<FrameworkOwns> frameworkOwns;
    private final ServiceDatabase service;
    private final PostgresServer server;
    private final long start = System.nanoTime();
    private final Map<Phase, Duration> timings = new EnumMap<>(Phase.class);
    private final Map<Phase, String> outcomes = new EnumMap<>(Phase.class);
    private final List<String> warnings = new ArrayList<>();
    private final List<ProvisioningResult> provisioning = new ArrayList<>();
    private final Map<String, RedisPurpose> purposes = new LinkedHashMap<>();
    private final HeldLogin held = new HeldLogin();
    private RedisClient redisClient;
    private HikariDataSource pool;
    /** The connection budget as the check read it; null before. */
    private ConnectionBudget budget;
    private PostgresLogin poolLogin;
    private int migrationsApplied;
    private String schemaVersion;

    /**
     * @param frameworkOwns what the caller's framework opens itself ({@link SharedServices#prepare}): those phases
     *                      are left to it; the budget is still checked for a pool of {@code config.poolSize()}
     */
    Bootstrap(SharedServicesConfig config, Set<FrameworkOwns> frameworkOwns) {
        this.config = config;
        this.frameworkOwns = Set.copyOf(frameworkOwns);
        this.service = config.serviceDatabase();
        this.server = config.postgres();
    }

    /**
     * Runs the phases within the one deadline of the start ({@link SharedServicesConfig#waitSettings()}'s timeout):
     * the wait uses it, and every later PostgreSQL login (check, ensure, migrations, the pool's first connection)
     * retries a crowded or starting server's refusals, and every phase that may run twice runs again after a lost
     * connection, until it passes ({@link Logins}).
     */
    SharedServices run() {
        return Logins.within(config.waitSettings().timeout(), this::runPhases);
    }

    private SharedServices runPhases() {
        try {
            ReadinessReport readiness = phase(Phase.WAIT, this::awaitServers);
            ServiceCheck check = phase(Phase.PROVISION, this::provision);
            RedisCheckReport redis = null;
            if (config.redis().isEmpty()) {
                outcomes.put(Phase.REDIS, "skipped: no Redis purposes");
            } else {
                redis = phase(Phase.REDIS, this::connectRedis);
            }
            if (frameworkOwns.contains(FrameworkOwns.MIGRATIONS)) {
                outcomes.put(Phase.MIGRATE, "left to the framework, which migrates as " + service.owner());
            } else if (config.migrations().isEmpty()) {
                outcomes.put(Phase.MIGRATE, "skipped: no migrations");
            } else {
                phase(Phase.MIGRATE, this::migrate);
            }
            if (frameworkOwns.contains(FrameworkOwns.POOL)) {
                String through = config.pooled() ? phase(Phase.POOL, this::awaitPooled) + "\n" : "";
                outcomes.put(Phase.POOL, through + "left to the framework: up to " + config.poolSize()
                        + " connections as " + service.owner() + ", checked against the connection budget");
            } else if (config.poolSize() == 0) {
                outcomes.put(Phase.POOL, "skipped: pool size 0");
            } else {
                phase(Phase.POOL, this::startPool);
            }
            BootstrapReport report = new BootstrapReport(config.service(), config.mode(), timings, outcomes, readiness,
                    provisioning, check, redis, migrationsApplied, schemaVersion, warnings, since(start));
            LOG.info("{}", report);
            return new SharedServices(config, pool, redisClient, purposes, report, poolLogin);
        } catch (RuntimeException | Error e) {
            // An Error too (a Netty version clash, out of memory): nothing opened here may outlive the failed start.
            SharedServices.close(pool, redisClient);
            throw e;
        } finally {
            held.close(); // the probe's login, when the pool did not take it over
        }
    }

    /** Runs one phase, timing it; a failure becomes a {@link BootstrapException} naming the phase. */
    private <T> T phase(Phase phase, Supplier<T> work) {
        long phaseStart = System.nanoTime();
        try {
            T result = work.get();
            timings.put(phase, since(phaseStart));
            return result;
        } catch (BootstrapException e) {
            throw e;
        } catch (RuntimeException e) {
            boolean outOfSlots = Logins.sqlCause(e).map(sql -> "53300".equals(sql.getSQLState())).orElse(false);
            throw outOfSlots ? failed(phase, e.getMessage(), e, outOfSlots()) : failed(phase, e.getMessage(), e);
        }
    }

    /**
     * What to do when the server had no free connection slot until the deadline: the budget as this start read it,
     * or as the administrator (who has the superusers' reserved slots) can read it now, and what to change.
     */
    private String outOfSlots() {
        String known = budget != null ? budget.toString() : config.admin().map(admin -> {
            try (Connection connection = server.connect(admin)) {
                return ConnectionBudget.read(connection).toString();
            } catch (SQLException e) {
                return null;
            }
        }).orElse(null);
        return "PostgreSQL had no free connection slot until the deadline (" + Setting.WAIT_TIMEOUT.property() + " = "
                + seconds(config.waitSettings().timeout()) + "). Its connection budget: "
                + (known != null ? known : "max_connections, less superuser_reserved_connections (and"
                        + " reserved_connections from PostgreSQL 16), for every login role; sharedsvc-cli status shows it")
                + ". " + Logins.OUT_OF_SLOTS_ADVICE;
    }

    private BootstrapException failed(Phase phase, String what, Throwable cause) {
        return failed(phase, what, cause, Remedy.forPhase(phase, cause));
    }

    /** A failure of {@code phase} with the advice that goes with it. */
    private BootstrapException failed(Phase phase, String what, Throwable cause, String remedy) {
        return new BootstrapException(phase, "Bootstrap of " + config.service() + " failed in " + phase.word()
                + " after " + seconds(since(start)) + ": " + what, cause, remedy);
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void warn(String warning) {
        LOG.warn("{}", warning);
        warnings.add(warning);
    }

    /**
     * Waits for PostgreSQL and Redis, in parallel. PostgreSQL as the service, whose login of the attempt that found
     * the server ready is kept for the check ({@link HeldLogin}), so a warm start logs in once. In ensure mode a
     * service login the server refuses (no role, no database, no CONNECT: what ensure fixes) ends that wait at once,
     * and the wait runs again as the administrator, as the database may not exist yet. In verify and off mode a
     * refused login is explained by what the service's own check finds, with the command that fixes it.
     */
    private ReadinessReport awaitServers() {
        try {
            return await(serviceProbe(), config.waitSettings().timeout());
        } catch (NotReadyException e) {
            ProbeState postgres = e.report().services().get(0).last().state();
            boolean answered = postgres == ProbeState.CREDENTIALS_REJECTED || postgres == ProbeState.DATABASE_MISSING
                    || postgres == ProbeState.OTHER_ERROR;
            if (config.mode() == Mode.ENSURE && answered && e.reason() == NotReadyException.Reason.CREDENTIALS_REJECTED) {
                LOG.info("Role {} cannot log in to {} yet ({}); waiting as the administrator to provision them",
                        service.owner(), service.database(), e.report().services().get(0).last().detail());
                try {
                    return await(Probe.postgres(server, config.admin().orElseThrow()), timeLeft());
                } catch (NotReadyException asAdmin) {
                    throw failed(Phase.WAIT, asAdmin.getMessage(), asAdmin);
                }
            }
            if (config.mode() != Mode.ENSURE && answered) {
                explainRefusal(e);
            }
            if (postgres == ProbeState.TOO_MANY_CLIENTS) {
                throw failed(Phase.WAIT, e.getMessage(), e, outOfSlots());
            }
            throw failed(Phase.WAIT, e.getMessage(), e);
        }
    }

    /**
     * Waits for {@code postgres} (and Redis) up to {@code deadline}: the whole {@code wait.timeout} for the first
     * wait, which begins with the start (so its report names the deadline as configured), what is left of it for
     * the wait as the administrator that may follow.
     */
    private ReadinessReport await(Probe postgres, Duration deadline) {
        List<Probe> probes = new ArrayList<>();
        probes.add(postgres);
        config.redis().ifPresent(redis -> probes.add(Probe.redis(redis.url().uri())));
        WaitSettings settings = config.waitSettings();
        ReadinessReport report = Readiness.of(probes).stable(settings.stableCount(), settings.stableSpacing())
                .await(deadline);
        outcomes.put(Phase.WAIT, report.toString());
        return report;
    }

    /**
     * What is left of the start's one deadline ({@link Logins#within}), for a wait within it: the ensure-mode wait as
     * the administrator after the service's refused login, and the pooler's; at least time for one attempt.
     */
    private Duration timeLeft() {
        Duration left = Logins.timeLeft().orElse(config.waitSettings().timeout());
        return left.compareTo(MINIMUM_WAIT) < 0 ? MINIMUM_WAIT : left;
    }

    /**
     * The service's own probe, which keeps the login of its latest good attempt and drops it after a bad one (so
     * with stable probes the check runs on the login of the attempt that completed the series). In ensure mode
     * every answer that ensure can fix ends the wait like rejected credentials do; in verify and off mode a rejected
     * login is waited out until the deadline ({@link Probe#awaitingRole}), as another may still be creating the role.
     */
    private Probe serviceProbe() {
        Probe own = ownProbe();
        return config.mode() == Mode.ENSURE ? own : Probe.awaitingRole(own);
    }

    private Probe ownProbe() {
        boolean ensure = config.mode() == Mode.ENSURE;
        return Probe.observing(PostgresProbe.keeping(config.serviceServer(), config.login(), config.service(), held),
                observation -> {
                    if (!observation.ready()) {
                        held.discard();
                    }
                    boolean fixable = observation.state() == ProbeState.DATABASE_MISSING
                            || observation.state() == ProbeState.OTHER_ERROR;
                    return ensure && fixable
                            ? Observation.of(ProbeState.CREDENTIALS_REJECTED, observation.detail()) : observation;
                });
    }

    /** Throws what the service's own check finds missing behind a refused wait, when it finds something. */
    private void explainRefusal(NotReadyException notReady) {
        ServiceCheck check;
        try {
            check = checkService();
        } catch (ProvisioningException e) {
            notReady.addSuppressed(e);
            return;
        }
        if (check.loginRefused().isPresent()) {
            // Refused because the role or database is missing: about provisioning, not about a server being down.
            throw failed(Phase.WAIT, NotInPlace.explain(config, check), notReady, Remedy.PROVISION);
        }
    }

    /**
     * Makes sure the database and role are in place, by the mode. The service's own login checks first, so on a
     * warm start in ensure mode the administrator provisions nothing; otherwise it ensures what is missing (and the
     * other databases, when there are any), and the service's login checks again. Then the connection budget: the
     * pool must fit the role's limit and the server.
     */
    private ServiceCheck provision() {
        ServiceCheck check = held.take().map(this::checkOn).orElseGet(this::checkService);
        boolean ensured = false;
        if (config.mode() == Mode.ENSURE && (!check.inPlace() || !config.otherDatabases().isEmpty())) {
            // ensure is idempotent, and a lost session releases its provisioning lock: after a failover it runs again
            provisioning.addAll(Logins.acrossFailover("The administrator's ensure of " + service.database(),
                    () -> Logins.again(this::ensureInTurn, this::lockHeldElsewhere)));
            provisioning.forEach(result -> warnings.addAll(result.warnings()));
            ensured = true;
            check = checkService();
            if (!check.inPlace()) {
                throw failed(Phase.PROVISION, "ensure left the database and role of " + config.service()
                        + " not in place, as the service's own login finds: " + check, null);
            }
        } else if (config.mode() == Mode.VERIFY ? !check.inPlace() : check.loginRefused().isPresent()) {
            throw failed(Phase.PROVISION, NotInPlace.explain(config, check), null);
        }
        if (config.mode() != Mode.OFF && !ensured) {
            check.plan().warnings().forEach(this::warn);
        }
        // With roles by duty the pool logs in as the application login the password opens (one of two during a
        // rotation, see PasswordRotation), as the check found it; when neither opens, the start fails here.
        String login = check.poolLogin();
        poolLogin = service.applicationPassword().map(password -> PostgresLogin.password(login, password))
                .orElse(config.login());
        budget = check.budget().orElseThrow();
        budget.warning().ifPresent(this::warn);
        requirePoolFits(budget);
        StringBuilder outcome = new StringBuilder();
        provisioning.forEach(result -> outcome.append(result).append('\n'));
        outcome.append(config.mode() == Mode.OFF
                ? "mode off: not checked; role " + service.owner() + " logged in to " + service.database()
                : check.toString());
        outcomes.put(Phase.PROVISION, outcome.append("\nconnections: ").append(budget).toString());
        return check;
    }

    /**
     * One turn of the administrator: ensures the service's database (and the others) if it gets the provisioning
     * lock within {@link #LOCK_TURN}. Otherwise it lets go of its connection before it tries again
     * ({@link #lockHeldElsewhere}): in a storm, starts that each held a connection while they waited for the lock
     * would leave none for the logins of the start that holds it, and all would wait until the lock timeout.
     */
    private List<ProvisioningResult> ensureInTurn() {
        List<ProvisioningResult> results = new ArrayList<>();
        try (PostgresAdmin admin = PostgresAdmin.connect(server, config.admin().orElseThrow(), LOCK_TURN)) {
            results.add(admin.ensure(service));
            config.otherDatabases().forEach(other -> results.add(admin.ensure(other)));
        }
        return results;
    }

    /** Whether ensure found the provisioning lock held by another start for a whole turn; logs it if so. */
    private boolean lockHeldElsewhere(RuntimeException failure) {
        boolean held = failure instanceof ProvisioningException refused && "55P03".equals(refused.sqlState());
        if (held) {
            LOG.info("Another instance holds the provisioning lock on {}; {} lets go of its connection and tries again",
                    server, config.service());
        }
        return held;
    }

    /**
     * The check on the probe's login, which then goes back to be handed on to the pool; when that connection was
     * lost (a restart or failover since the wait), the check on a new login ({@link #checkService}).
     */
    private ServiceCheck checkOn(Connection connection) {
        try {
            ServiceCheck check = ServiceCheck.on(connection, server, service);
            held.accept(connection);
            return check;
        } catch (RuntimeException e) {
            held.accept(connection);
            held.discard();
            if (Logins.sqlCause(e).filter(Logins::lost).isPresent()) {
                LOG.warn("The check of {} lost the wait's connection ({}); checking on a new login", service.database(),
                        e.getMessage());
                return checkService();
            }
            throw e;
        }
    }

    /** The service's own login checks its database and role, again after a lost connection. */
    private ServiceCheck checkService() {
        return Logins.acrossFailover("The check of " + service.database(),
                () -> ServiceCheck.run(server, service, config.login()));
    }

    private void requirePoolFits(ConnectionBudget budget) {
        if (config.poolSize() <= budget.roomForRole()) {
            return;
        }
        boolean roleLimits = budget.roleLimit() >= 0 && budget.roleLimit() <= budget.available();
        String room = roleLimits
                ? "the " + budget.roleLimit() + " connections role " + budget.role() + " may hold (its connection"
                        + " limit on the server); lower the pool, or raise the limit with "
                        + Setting.POSTGRES_CONNECTION_LIMIT.names() + " in mode ensure"
                : "the " + budget.available() + " connections the server has for login roles (" + budget + ");"
                        + " lower the pool";
        throw failed(Phase.PROVISION, Setting.POSTGRES_POOL_SIZE.names() + " is " + config.poolSize()
                + ", more than " + room + ". The pool was not started.", null);
    }

    /**
     * Checks the Redis server for the service's targets, then opens one connection per purpose, unless the
     * framework opens its own.
     */
    private RedisCheckReport connectRedis() {
        ServiceRedis redis = config.redis().orElseThrow();
        RedisURI redisServer = redis.url().uri();
        boolean opens = !frameworkOwns.contains(FrameworkOwns.REDIS);
        // One client for the check and the purposes' connections; with REDIS owned by the framework, it is shut
        // down after the check.
        RedisClient client = RedisClient.create();
        RedisCheckReport report;
        try {
            report = redis.check().run(client, redisServer, redis.targets()).orThrow();
        } catch (RuntimeException | Error e) {
            SharedServices.close(null, client);
            throw e;
        }
        if (opens) {
            redisClient = client;
        } else {
            SharedServices.close(null, client);
        }
        report.findings(Severity.WARNING).forEach(finding -> warn(finding.message()));
        compareOldUrl(redis, report);
        RedisURI login = serviceUser(redis, redisServer, report);
        for (String purpose : redis.purposes()) {
            RedisTarget target = report.target(redis.environment(), purpose);
            RedisURI uri = target.uri(login);
            purposes.put(purpose, new RedisPurpose(target, uri, redisClient, opens ? redisClient.connect(uri) : null));
        }
        outcomes.put(Phase.REDIS, report.toString());
        return report;
    }

    /**
     * The login the purposes connect with: the URL's, or with {@code redis.user-password} the service's own ACL user,
     * ensured first in ensure mode (with the URL's login); a server that cannot make it stops the start.
     */
    private RedisURI serviceUser(ServiceRedis redis, RedisURI server, RedisCheckReport report) {
        if (config.redisUserPassword().isEmpty()) {
            return server;
        }
        List<RedisTarget> targets = new ArrayList<>();
        redis.purposes().forEach(purpose -> targets.add(report.target(redis.environment(), purpose)));
        RedisServiceUser user = RedisServiceUser.of(config.service(), config.redisUserPassword().get(), redis.layout(),
                targets);
        if (config.mode() == Mode.ENSURE) {
            RedisAcl.Result result = RedisAcl.ensure(server, user);
            result.nodes().stream().filter(node -> !node.note().isEmpty())
                    .forEach(node -> warn("Redis user " + user.name() + " on " + node.node() + ": " + node.note()));
        }
        return user.uri(server);
    }

    /**
     * Warns when the server came from an old variable that selects another database than the layout gives for the
     * purpose that variable stands for ({@link ServiceRedis#purposeOfOldVariable()}).
     */
    private void compareOldUrl(ServiceRedis redis, RedisCheckReport report) {
        RedisUrl url = redis.url();
        redis.purposeOfOldVariable().ifPresent(purpose -> url.mismatch(report.target(redis.environment(), purpose))
                .ifPresent(problem -> warn(problem + "; sharedsvc connects to the layout's database, code that reads "
                        + url.setting() + " itself does not")));
    }

    /**
     * Flyway settings sharedsvc changes. {@code postgresql.transactional.lock=false}: Flyway's default takes its
     * migration lock with {@code pg_advisory_xact_lock} in a transaction it keeps open on a connection of its own
     * for the whole run, and {@code CREATE INDEX CONCURRENTLY} waits for every transaction open when it starts —
     * that one included — so such a migration would wait forever. A session lock holds no transaction open; it
     * needs a session of its own, which the migrations have, as they never go through a transaction pooler
     * ({@link PostgresDuty#SCHEMA}). The user's {@code sharedsvc.flyway.*} come after, so they may change it.
     */
    private static final Map<String, String> FLYWAY_DEFAULTS = Map.of("flyway.postgresql.transactional.lock", "false");

    /** Runs the Flyway migrations as the service's role, so it owns what they create. */
    private Void migrate() {
        String locations = String.join(",", config.migrations());
        MigrateResult result;
        MigrationInProgress inProgress = new MigrationInProgress();
        Flyway flyway = Flyway.configure()
                .configuration(FLYWAY_DEFAULTS)
                .configuration(config.flyway())
                .callbacks(inProgress)
                .dataSource(PostgresDuty.SCHEMA.apply(config.serviceServer()).dataSource(config.login()))
                .locations(config.migrations().toArray(String[]::new))
                .failOnMissingLocations(true)
                .load();
        try {
            // A migration in a transaction that a lost connection rolled back is run again from Flyway's history;
            // one outside a transaction (CREATE INDEX CONCURRENTLY) may be partly applied, so it is not.
            result = Logins.acrossFailover("The migrations of " + service.database(),
                    e -> inProgress.outsideTransaction().isEmpty(), flyway::migrate);
        } catch (FlywayException e) {
            if (inProgress.outsideTransaction().isPresent() && Logins.sqlCause(e).filter(Logins::lost).isPresent()) {
                MigrationInfo migration = inProgress.outsideTransaction().get();
                throw failed(Phase.MIGRATE, "the connection to " + config.serviceServer() + " was lost during"
                        + " migration " + (migration.getVersion() == null ? "(repeatable)" : migration.getVersion()) + " ("
                        + migration.getDescription() + ") of database "
                        + service.database() + ", which runs outside a transaction, so it may be partly applied; it"
                        + " was not run again: " + e.getMessage(), e, "Check what the migration left (an index that"
                        + " CREATE INDEX CONCURRENTLY left INVALID: DROP INDEX CONCURRENTLY it), then start again:"
                        + " Flyway runs the migration again, as its history does not record it.");
            }
            throw failed(Phase.MIGRATE, "Flyway could not migrate database " + service.database() + " as role "
                    + service.owner() + " from " + locations + " (" + Setting.POSTGRES_MIGRATIONS.names() + "): "
                    + e.getMessage(), e);
        }
        migrationsApplied = result.migrationsExecuted;
        // Flyway names a target version only when it applied something; otherwise the version stays the initial one.
        schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        if (result.warnings != null) {
            result.warnings.forEach(this::warn);
        }
        outcomes.put(Phase.MIGRATE, migrationsApplied == 0
                ? "no migration pending in " + locations + "; schema version " + schemaVersion
                : "applied " + migrationsApplied + " migration(s) from " + locations + " as " + service.owner()
                        + "; schema version " + schemaVersion + " (was "
                        + (result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion) + ")");
        return null;
    }

    /**
     * Waits for the pooled endpoint as the pool's login: after provisioning, since in ensure mode that login may
     * only now exist; within what is left of the start's one deadline (one attempt at least, when it has passed).
     */
    private String awaitPooled() {
        WaitSettings settings = config.waitSettings();
        ReadinessReport report = Readiness.of(List.of(Probe.postgres(config.pooledServer(), poolLogin)))
                .stable(settings.stableCount(), settings.stableSpacing())
                .await(timeLeft());
        return "through the pooler " + report;
    }

    /**
     * Starts the pool for the service's role, or its application login with roles by duty; it opens its first
     * connection before this returns.
     */
    private HikariDataSource startPool() {
        String through = config.pooled() ? awaitPooled() + "\n" : "";
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("sharedsvc-" + config.service());
        // With roles by duty the pool logs in as the application login its password opens (see PasswordRotation);
        // the probe's kept login is the owner's, so it can be the pool's first connection only without duties.
        PostgresLogin login = poolLogin;
        DataSource fresh = config.pooledServer().withOption("ApplicationName", config.service()).dataSource(login);
        // The probe's login went to the direct endpoint: with a pooler of its own, the pool takes none of it.
        hikari.setDataSource(service.applicationPassword().isPresent() || config.pooled() ? fresh
                : held.firstFrom(fresh));
        hikari.setMaximumPoolSize(config.poolSize());
        pool = Logins.acrossFailover("The pool's first connection", () -> new HikariDataSource(hikari));
        outcomes.put(Phase.POOL, through + "HikariCP pool " + hikari.getPoolName() + ": up to " + config.poolSize()
                + " connections as " + login.user());
        return pool;
    }
}
