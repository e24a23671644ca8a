package dev.sharedsvc.samples.plain;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.internal.DevServices;
import dev.sharedsvc.postgres.PostgresAdmin;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Two services on one shared PostgreSQL and Redis, each started with {@link SharedServices#bootstrap}: a
 * Keycloak-like one (a database, no migrations, no Redis) and a backend (Flyway migrations from
 * {@code db/migration}, a Redis cache and a Redis broker). It shows the plan, each start's report and the Redis
 * targets, starts the backend a second time (warm: nothing to change), proves that the backend's role cannot
 * connect to the other database, and exits 0; any check that fails exits 1.
 *
 * <p>Without {@code SHAREDSVC_POSTGRES_URL} it starts or joins the machine's shared development PostgreSQL and Redis
 * ({@link DevServers}, which keep running for the next run and every other service; {@code sharedsvc-cli dev down}
 * stops them) and uses their administrator. With them it
 * runs on those servers, with every other {@code SHAREDSVC_*} setting read as a service would read it (give
 * {@code SHAREDSVC_POSTGRES_ADMIN_PASSWORD} for mode ensure; without it, mode verify checks what is there). On a
 * real server it makes the databases and roles {@code sample_keycloak} and {@code sample_backend}, with the demo
 * passwords below, and writes one expiring key in the layout's {@code dev.cache} database.
 */
public final class PlainJavaSample {

    static final String KEYCLOAK = "sample_keycloak";
    static final String BACKEND = "sample_backend";
    static final String LAYOUT = "prod.broker=0, prod.cache=1, staging.broker=2, staging.cache=3, dev.broker=4, dev.cache=5";

    private final Function<String, String> environment;

    private PlainJavaSample(Function<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> servers = new HashMap<>();
        SettingSource process = SettingSource.fromEnvironment();
        if (process.text(Setting.POSTGRES_URL).isEmpty()) {
            DevServers.Status dev = devServers(DevServices.from(process)).startOrJoin();
            DevServices.serviceSettings(process, dev.postgres().jdbcUrl(), dev.postgres().user(),
                    dev.postgresPasswordFile(), dev.redisUrlFile(), dev::servicePasswordFile)
                    .forEach((setting, value) -> servers.put(DevServices.environmentVariable(setting), value));
            System.out.println("PostgreSQL: shared development server " + dev.postgresVersion() + " at "
                    + dev.postgres().jdbcUrl() + (dev.startedNow() ? " (started)" : " (joined)"));
            System.out.println("Redis:      " + (servers.containsKey("SHAREDSVC_REDIS_URL_FILE")
                    ? "shared development server at " + dev.redisAddress() : "from SHAREDSVC_REDIS_URL or REDIS_URL"));
            System.out.println("            (data in " + dev.directory() + "; stop them: sharedsvc-cli dev down)");
        } else {
            System.out.println("PostgreSQL: from SHAREDSVC_POSTGRES_URL");
            System.out.println("Redis:      from SHAREDSVC_REDIS_URL or REDIS_URL");
        }
        new PlainJavaSample(name -> servers.getOrDefault(name, System.getenv(name))).run();
    }

    /** The shared development servers as the {@code SHAREDSVC_DEV_SERVICES_*} settings describe them. */
    private static DevServers devServers(DevServices settings) {
        DevServers.Builder builder = DevServers.builder();
        settings.postgresPort().ifPresent(builder::postgresPort);
        settings.redisPort().ifPresent(builder::redisPort);
        settings.directory().ifPresent(builder::directory);
        settings.idleTimeout().ifPresent(builder::idleTimeout);
        settings.postgresVersion().ifPresent(builder::postgresVersion);
        return builder.build();
    }

    /** A service's configuration: its own settings over those of the process (or the embedded servers). */
    private SharedServicesConfig config(Map<String, String> own) {
        return SharedServicesConfig.from(name -> own.getOrDefault(name, environment.apply(name)), System::getProperty);
    }

    private void run() throws SQLException {
        SharedServicesConfig keycloak = config(Map.of(
                "SHAREDSVC_SERVICE", KEYCLOAK,
                "SHAREDSVC_POSTGRES_PASSWORD", "keycloak-demo-password",
                "SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "20",
                "SHAREDSVC_POSTGRES_POOL_SIZE", "5",
                "SHAREDSVC_REDIS_PURPOSES", ""));
        SharedServicesConfig backend = config(Map.of(
                "SHAREDSVC_SERVICE", BACKEND,
                "SHAREDSVC_POSTGRES_PASSWORD", "backend-demo-password",
                "SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "10",
                "SHAREDSVC_POSTGRES_POOL_SIZE", "4",
                "SHAREDSVC_POSTGRES_EXTENSIONS", "pgcrypto",
                "SHAREDSVC_POSTGRES_MIGRATIONS", "classpath:db/migration",
                "SHAREDSVC_ENVIRONMENT", setting("SHAREDSVC_ENVIRONMENT", "dev"),
                "SHAREDSVC_REDIS_LAYOUT", setting("SHAREDSVC_REDIS_LAYOUT", LAYOUT),
                "SHAREDSVC_REDIS_PURPOSES", "cache,broker"));

        heading("Plan: what ensure would change (read-only, as the administrator)");
        if (backend.mode() == Mode.ENSURE) {
            try (PostgresAdmin admin = PostgresAdmin.connect(backend.postgres(), backend.admin().orElseThrow())) {
                System.out.println(admin.plan(keycloak.serviceDatabase()));
                System.out.println(admin.plan(backend.serviceDatabase()));
            }
        } else {
            System.out.println("mode " + backend.mode() + ": no administrator credentials, nothing is planned");
        }

        heading("First start of " + KEYCLOAK);
        try (SharedServices services = SharedServices.bootstrap(keycloak)) {
            System.out.println(services.report());
        }

        heading("First start of " + BACKEND);
        try (SharedServices services = SharedServices.bootstrap(backend)) {
            System.out.println(services.report());
            useRedis(services);
            useDatabase(services);
        }

        heading("Second start of " + BACKEND + " (warm: nothing to change)");
        try (SharedServices services = SharedServices.bootstrap(backend)) {
            System.out.println(services.report());
            check(!services.report().changed(), "the second start changed something");
        }

        heading("Isolation");
        try {
            DriverManager.getConnection(keycloak.jdbcUrl(), BACKEND, "backend-demo-password").close();
            check(false, "role " + BACKEND + " could connect to database " + KEYCLOAK);
        } catch (SQLException expected) {
            System.out.println("Role " + BACKEND + " cannot connect to database " + KEYCLOAK + ": "
                    + expected.getSQLState() + " " + expected.getMessage());
        }
        System.out.println();
        System.out.println("Done: both services started twice, each in its own database and Redis databases.");
    }

    /** Writes through each purpose's connection and finds the keys in the layout's databases, and only there. */
    private static void useRedis(SharedServices services) {
        heading("Redis targets of " + BACKEND);
        RedisPurpose cache = services.redis("cache");
        RedisPurpose broker = services.redis("broker");
        String key = cache.target().keyPrefix() + "sample:greeting:" + UUID.randomUUID();
        cache.connection().sync().setex(key, 60, "hello");
        String queue = broker.target().keyPrefix() + "sample:queue:" + UUID.randomUUID();
        broker.connection().sync().lpush(queue, "job-1");
        broker.connection().sync().expire(queue, 60);
        System.out.println("cache:  " + cache);
        System.out.println("broker: " + broker);
        try (StatefulRedisConnection<String, String> cacheDatabase = cache.client().connect(cache.uri());
             StatefulRedisConnection<String, String> brokerDatabase = broker.client().connect(broker.uri())) {
            check("hello".equals(cacheDatabase.sync().get(key)) && brokerDatabase.sync().exists(key) == 0,
                    "the cache key is not (only) in the cache's database");
            check(brokerDatabase.sync().llen(queue) == 1 && cacheDatabase.sync().exists(queue) == 0,
                    "the broker's queue is not (only) in the broker's database");
            System.out.println("The cache's key is in database " + cache.target().database() + " and not in "
                    + broker.target().database() + "; the broker's queue the other way round.");
            cacheDatabase.sync().del(key);
            brokerDatabase.sync().del(queue);
        }
    }

    /** Uses the pool: the table Flyway made, owned by the service's role. */
    private static void useDatabase(SharedServices services) throws SQLException {
        heading("The backend's pool");
        try (Connection connection = services.dataSource().getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO orders (customer, total_cents) VALUES (?, ?) RETURNING id");
             PreparedStatement owner = connection.prepareStatement(
                     "SELECT current_user, tableowner FROM pg_tables WHERE tablename = 'orders'")) {
            insert.setString(1, "ada");
            insert.setLong(2, 4200);
            try (ResultSet inserted = insert.executeQuery(); ResultSet owned = owner.executeQuery()) {
                inserted.next();
                owned.next();
                System.out.println("Inserted order " + inserted.getString(1) + " as " + owned.getString(1)
                        + "; table orders belongs to " + owned.getString(2));
                check(BACKEND.equals(owned.getString(2)), "table orders does not belong to " + BACKEND);
            }
        }
    }

    private String setting(String name, String otherwise) {
        String value = environment.apply(name);
        return isBlank(value) ? otherwise : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static void heading(String title) {
        System.out.println();
        System.out.println("== " + title);
    }

    private static void check(boolean holds, String failure) {
        if (!holds) {
            System.out.println("FAILED: " + failure);
            System.exit(1);
        }
    }
}
