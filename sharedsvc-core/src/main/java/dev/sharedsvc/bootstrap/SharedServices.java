package dev.sharedsvc.bootstrap;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.postgres.PostgresLogin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;

/**
 * A service's start-up in one call: wait until PostgreSQL and Redis serve, make sure its database and role are in
 * place, check its Redis databases, migrate its schema as its own role, and hand back its pool and Redis
 * connections.
 *
 * <pre>{@code
 * try (SharedServices services = SharedServices.bootstrap(SharedServicesConfig.fromEnvironment())) {
 *     DataSource dataSource = services.dataSource();          // HikariCP, logged in as the service's role
 *     RedisPurpose cache = services.redis("cache");           // target, URI and an open connection
 *     log.info("{}", services.report());                      // already logged once at INFO by bootstrap
 *     ...
 * }
 * }</pre>
 *
 * <p>The phases, in order ({@link BootstrapReport.Phase}):
 * <ol>
 *   <li><b>wait</b>: PostgreSQL and Redis in parallel, until {@code sharedsvc.wait.timeout}, the required number of
 *       good probes in a row ({@link dev.sharedsvc.health.Readiness}); PostgreSQL as the administrator in ensure
 *       mode, as the service's role otherwise;</li>
 *   <li><b>provision</b>: the service's own login checks its database and role with one query
 *       ({@link dev.sharedsvc.postgres.ServiceCheck}); in ensure mode the administrator connects only when
 *       something is missing (or other databases are configured) and ensures it
 *       ({@link dev.sharedsvc.postgres.PostgresAdmin}); in verify mode a missing piece stops the start with the
 *       command that makes it. The same query reads the connection budget: a pool larger than the role's
 *       connection limit (or the server's free slots) stops the start before the pool exists; limits of all login
 *       roles that add up to more than the server has are a warning;</li>
 *   <li><b>redis</b>: {@link dev.sharedsvc.redis.RedisServerCheck} for the layout's targets of the service's
 *       environment and purposes, then one connection per purpose;</li>
 *   <li><b>migrate</b>: Flyway, connected as the service's role (never the administrator), so the role owns
 *       {@code flyway_schema_history} and every table;</li>
 *   <li><b>pool</b>: HikariCP for the service's role, with its first connection open.</li>
 * </ol>
 * A failure in any phase throws a {@link BootstrapException} naming it, after closing what was opened.
 *
 * <p>Thread-safe. {@link #close()} closes the pool and the Redis connections; the servers' databases, roles and
 * data stay.
 */
public final class SharedServices implements AutoCloseable {

    private static final Duration REDIS_SHUTDOWN = Duration.ofSeconds(2);

    private final SharedServicesConfig config;
    private final HikariDataSource dataSource;
    private final RedisClient redisClient;
    private final Map<String, RedisPurpose> purposes;
    private final BootstrapReport report;
    private final PostgresLogin poolLogin;

    SharedServices(SharedServicesConfig config, HikariDataSource dataSource, RedisClient redisClient,
                   Map<String, RedisPurpose> purposes, BootstrapReport report, PostgresLogin poolLogin) {
        this.config = config;
        this.dataSource = dataSource;
        this.redisClient = redisClient;
        this.purposes = Collections.unmodifiableMap(new LinkedHashMap<>(purposes));
        this.report = report;
        this.poolLogin = poolLogin;
    }

    /**
     * Runs every phase for the configured service and returns its pool and Redis connections. Logs the
     * {@link #report()} once at INFO, warnings at WARN.
     *
     * @throws BootstrapException naming the phase that failed and what to do; nothing it opened stays open
     */
    public static SharedServices bootstrap(SharedServicesConfig config) {
        return new Bootstrap(Objects.requireNonNull(config, "config"), Set.of()).run();
    }

    /**
     * Bootstrap for a framework that starts the pool, runs the migrations and opens the Redis clients itself:
     * {@link #prepare(SharedServicesConfig, Set)} with every {@link FrameworkOwns}.
     *
     * @throws BootstrapException as {@link #bootstrap}
     */
    public static SharedServices prepare(SharedServicesConfig config) {
        return prepare(config, EnumSet.allOf(FrameworkOwns.class));
    }

    /**
     * Bootstrap for a framework that opens some things itself, such as the Spring Boot starter (Boot's HikariCP
     * DataSource, its Flyway, its Redis client) or the Quarkus extension: the phases wait and provision run as in
     * {@link #bootstrap}, the Redis server is checked and each purpose's target resolved, and what the framework
     * owns is left to it (the report says so): no pool ({@link #dataSource()} is then not available), no
     * migrations, no Redis connections ({@link RedisPurpose#uri()} only). The pool the framework will start is still
     * checked against the connection budget at {@link SharedServicesConfig#poolSize()}, and a pooler
     * ({@code sharedsvc.postgres.pooled-url}) is awaited as the pool's login. The framework's pool connects
     * as {@link #poolLogin()} to {@link SharedServicesConfig#pooledServer()}; its migrations as
     * {@link SharedServicesConfig#login() the service's role} to {@link SharedServicesConfig#serviceServer()} (the
     * direct endpoint).
     *
     * @param owned what the framework opens itself; empty means the same as {@link #bootstrap}
     * @throws ConfigurationException when the framework runs the migrations ({@link FrameworkOwns#MIGRATIONS}) and
     *                                Flyway settings are given with {@code sharedsvc.flyway.*}: the framework's
     *                                Flyway has keys of its own, which then are the one place for them
     * @throws BootstrapException as {@link #bootstrap}
     */
    public static SharedServices prepare(SharedServicesConfig config, Set<FrameworkOwns> owned) {
        Objects.requireNonNull(config, "config");
        if (Objects.requireNonNull(owned, "owned").contains(FrameworkOwns.MIGRATIONS) && !config.flyway().isEmpty()) {
            throw new ConfigurationException(Setting.FLYWAY, String.join(", ", config.flyway().keySet().stream()
                    .map(property -> "sharedsvc." + property).toList()) + ": the framework's own Flyway runs the"
                    + " migrations, so its Flyway settings are its own keys (spring.flyway.*, quarkus.flyway.*), one"
                    + " place for each; move them there");
        }
        return new Bootstrap(config, owned).run();
    }

    /**
     * The HikariCP pool of the service's role in its database ({@link HikariDataSource} through
     * {@code unwrap}).
     *
     * @throws IllegalStateException when the configuration asked for no pool ({@code sharedsvc.postgres.pool-size=0}),
     *                               or after {@link #prepare}, whose framework starts its own
     */
    public DataSource dataSource() {
        if (dataSource == null) {
            throw new IllegalStateException("no pool: " + config.service() + (config.poolSize() == 0
                    ? " was bootstrapped with pool size 0" : " was prepared for a framework that starts its own pool"));
        }
        return dataSource;
    }

    /**
     * The Redis purpose, with its target and an open connection.
     *
     * @throws IllegalArgumentException when the service has no such purpose; the message lists the ones it has
     */
    public RedisPurpose redis(String purpose) {
        RedisPurpose found = purposes.get(purpose);
        if (found == null) {
            throw new IllegalArgumentException("Service " + config.service() + " has no Redis purpose '" + purpose
                    + "'; its purposes (sharedsvc.redis.purposes) are " + purposes.keySet());
        }
        return found;
    }

    /**
     * The service's readiness probes, for a health endpoint: PostgreSQL as its role in its database, and Redis once
     * per purpose, in the database or with the key prefix the server check chose. Make them once and reuse them.
     */
    public ServiceProbes probes() {
        Map<String, RedisURI> uris = new LinkedHashMap<>();
        purposes.forEach((purpose, redis) -> uris.put(purpose, redis.uri()));
        return ServiceProbes.of(config, uris);
    }

    /**
     * How the service's pool logs in: {@link SharedServicesConfig#login()}, or with roles by duty
     * ({@code sharedsvc.postgres.application-password}) the application login, which may only read and write rows.
     * A framework that starts its own pool after {@link #prepare} gives it this login; its migrations keep the
     * owner's ({@link SharedServicesConfig#login()}).
     */
    public PostgresLogin poolLogin() {
        return poolLogin;
    }

    /** What the bootstrap did, phase by phase, printable as it is. */
    public BootstrapReport report() {
        return report;
    }

    /** The configuration it ran with. */
    public SharedServicesConfig config() {
        return config;
    }

    /** Closes the pool and the Redis connections and client; a second call does nothing. */
    @Override
    public void close() {
        close(dataSource, redisClient);
    }

    /** Closes a pool and a Redis client (with its connections), either of which may be null. */
    static void close(HikariDataSource dataSource, RedisClient redisClient) {
        if (redisClient != null) {
            redisClient.shutdown(Duration.ZERO, REDIS_SHUTDOWN);
        }
        if (dataSource != null) {
            dataSource.close();
        }
    }

    @Override
    public String toString() {
        return "SharedServices[" + config.service() + ", mode " + report.mode() + ", purposes "
                + purposes.keySet() + "]";
    }
}
