package dev.sharedsvc.config;

import static dev.sharedsvc.config.Setting.ENVIRONMENT;
import static dev.sharedsvc.config.Setting.MODE;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_SSL_CERT;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_SSL_KEY;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_USER;
import static dev.sharedsvc.config.Setting.POSTGRES_CONNECTION_LIMIT;
import static dev.sharedsvc.config.Setting.POSTGRES_DATABASE;
import static dev.sharedsvc.config.Setting.POSTGRES_EXTENSIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_MIGRATIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_OTHER_DATABASES;
import static dev.sharedsvc.config.Setting.POSTGRES_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_POOLED_URL;
import static dev.sharedsvc.config.Setting.POSTGRES_POOL_SIZE;
import static dev.sharedsvc.config.Setting.POSTGRES_ROLE;
import static dev.sharedsvc.config.Setting.POSTGRES_SCHEMAS;
import static dev.sharedsvc.config.Setting.POSTGRES_SSL_CERT;
import static dev.sharedsvc.config.Setting.POSTGRES_SSL_KEY;
import static dev.sharedsvc.config.Setting.POSTGRES_URL;
import static dev.sharedsvc.config.Setting.REDIS_EVICTION_RISK;
import static dev.sharedsvc.config.Setting.REDIS_LAYOUT;
import static dev.sharedsvc.config.Setting.REDIS_PURPOSES;
import static dev.sharedsvc.config.Setting.REDIS_URL;
import static dev.sharedsvc.config.Setting.REDIS_WITHOUT_DATABASES;
import static dev.sharedsvc.config.Setting.SERVICE;
import static dev.sharedsvc.config.Setting.WAIT_STABLE_COUNT;
import static dev.sharedsvc.config.Setting.WAIT_STABLE_SPACING;
import static dev.sharedsvc.config.Setting.WAIT_TIMEOUT;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.sharedsvc.health.WaitSettings;
import dev.sharedsvc.internal.PostgresDuty;
import dev.sharedsvc.postgres.ClientCertificate;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisLayoutException;
import dev.sharedsvc.redis.RedisServerCheck;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;
import dev.sharedsvc.redis.RedisUrl;
import dev.sharedsvc.redis.ServiceRedis;

/**
 * Everything {@code SharedServices.bootstrap} needs to know about one service, held as the values that describe
 * it: the PostgreSQL server ({@link PostgresServer}), who logs in as the administrator and as the service
 * ({@link PostgresLogin}), the service's database and role ({@link ServiceDatabase}), its Redis
 * ({@link ServiceRedis}), how to wait ({@link WaitSettings}), the mode, the migrations and the pool. Each can be set
 * as one or more {@link Setting}s, read from the environment and Java system properties, or given in code:
 *
 * <pre>{@code
 * SharedServicesConfig config = SharedServicesConfig.fromEnvironment();   // SHAREDSVC_* and -Dsharedsvc.*
 *
 * SharedServicesConfig config = SharedServicesConfig.builder()
 *         .service("backend")
 *         .postgresUrl("jdbc:postgresql://db:5432/postgres")
 *         .password(Secret.of(System.getenv("BACKEND_DB_PASSWORD")))
 *         .migrations("classpath:db/migration")
 *         .build();
 * }</pre>
 *
 * <p>Every value is checked once, by the type that owns its rule, when the configuration is built, so a wrong
 * setting stops the service before it talks to any server, with a {@link ConfigurationException} that names the
 * setting. Redis is used when {@link Setting#REDIS_PURPOSES purposes} are given; then the URL, layout and
 * environment are required.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and every message show no secret; two configurations are
 * equal when every setting is (where a Redis URL was read from does not count).
 */
public final class SharedServicesConfig {

    /** {@link Setting#POSTGRES_ADMIN_USER} when not set. */
    public static final String DEFAULT_ADMIN_USER = "postgres";
    /** {@link Setting#POSTGRES_POOL_SIZE} when not set. */
    public static final int DEFAULT_POOL_SIZE = 10;

    private final String service;
    private final String environment;
    private final Mode mode;
    private final PostgresServer postgres;
    private final PostgresServer pooled;
    private final PostgresLogin admin;
    private final ServiceDatabase database;
    private final PostgresLogin login;
    private final List<ServiceDatabase> otherDatabases;
    private final int poolSize;
    private final boolean poolSizeSet;
    private final List<String> migrations;
    private final ServiceRedis redis;
    private final Secret redisUserPassword;
    private final WaitSettings wait;
    private final Map<String, String> flyway;

    private SharedServicesConfig(Builder builder, ServiceDatabase database, PostgresLogin login, PostgresLogin admin,
                                 Mode mode, ServiceRedis redis) {
        this.service = builder.service;
        this.environment = builder.environment;
        this.mode = mode;
        this.postgres = builder.postgres;
        this.pooled = builder.pooled;
        this.admin = admin;
        this.database = database;
        this.login = login;
        this.otherDatabases = builder.otherDatabases.stream()
                .filter(other -> !other.database().equals(database.database())).toList();
        this.poolSize = builder.poolSize != null ? builder.poolSize : DEFAULT_POOL_SIZE;
        this.poolSizeSet = builder.poolSize != null;
        this.migrations = builder.migrations;
        this.redis = redis;
        this.redisUserPassword = redis != null ? builder.redisUserPassword : null;
        this.wait = builder.wait;
        this.flyway = Collections.unmodifiableMap(new TreeMap<>(builder.flyway));
    }

    /** A builder with every setting at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads the configuration from the process: Java system properties ({@code -Dsharedsvc.postgres.url=...}) win
     * over environment variables ({@code SHAREDSVC_POSTGRES_URL=...}), which win over the aliases.
     *
     * @throws ConfigurationException naming the first setting that is missing or wrong
     */
    public static SharedServicesConfig fromEnvironment() {
        Set<String> names = new HashSet<>(System.getenv().keySet());
        names.addAll(System.getProperties().stringPropertyNames());
        return from(System::getenv, System::getProperty, names);
    }

    /**
     * Reads the configuration from two look-ups that return a value or {@code null}: one by environment-variable
     * name ({@code SHAREDSVC_POSTGRES_URL}, the aliases, {@code <NAME>_PASSWORD}), one by property name
     * ({@code sharedsvc.postgres.url}); the property wins. A framework adapter passes its own property source;
     * a test passes maps ({@code map::get}).
     *
     * <p>A look-up cannot list its names, so this reads no {@link Setting#FLYWAY} settings; give the names to
     * {@link #from(Function, Function, Collection)} for them.
     *
     * @throws ConfigurationException naming the first setting that is missing or wrong, and where it was read
     */
    public static SharedServicesConfig from(Function<String, String> environment, Function<String, String> properties) {
        return from(environment, properties, List.of());
    }

    /**
     * {@link #from(Function, Function)}, with the {@link Setting#FLYWAY} settings among {@code names}: every
     * property and variable name the look-ups know (of a framework's configuration, or the process's), of which
     * those starting with {@code sharedsvc.flyway.} and {@code SHAREDSVC_FLYWAY_} are read.
     *
     * @throws ConfigurationException naming the first setting that is missing or wrong, and where it was read
     */
    public static SharedServicesConfig from(Function<String, String> environment, Function<String, String> properties,
                                            Collection<String> names) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(properties, "properties");
        SettingSource source = SettingSource.from(environment, properties);
        Builder builder = builder();
        source.flyway(Objects.requireNonNull(names, "names")).forEach(builder::flyway);
        source.apply(SERVICE, builder::service);
        source.apply(ENVIRONMENT, builder::environment);
        source.apply(MODE, text -> builder.mode(Values.constant(MODE, text, Mode.values())));
        source.apply(POSTGRES_URL, builder::postgresUrl);
        source.apply(POSTGRES_POOLED_URL, builder::pooledUrl);
        source.apply(POSTGRES_ADMIN_USER, builder::adminUser);
        source.apply(POSTGRES_ADMIN_PASSWORD, text -> builder.adminPassword(Values.secret(POSTGRES_ADMIN_PASSWORD, text)));
        source.apply(POSTGRES_ADMIN_SSL_CERT, text -> builder.certificateFile(POSTGRES_ADMIN_SSL_CERT, text));
        source.apply(POSTGRES_ADMIN_SSL_KEY, text -> builder.certificateFile(POSTGRES_ADMIN_SSL_KEY, text));
        source.apply(POSTGRES_DATABASE, builder::database);
        source.apply(POSTGRES_ROLE, builder::role);
        source.apply(POSTGRES_PASSWORD, text -> builder.password(Values.secret(POSTGRES_PASSWORD, text)));
        source.apply(Setting.POSTGRES_APPLICATION_PASSWORD, text -> builder.applicationPassword(
                Values.secret(Setting.POSTGRES_APPLICATION_PASSWORD, text)));
        source.apply(Setting.POSTGRES_READ_ONLY_PASSWORD, text -> builder.readOnlyPassword(
                Values.secret(Setting.POSTGRES_READ_ONLY_PASSWORD, text)));
        source.apply(Setting.REDIS_USER_PASSWORD, text -> builder.redisUserPassword(
                Values.secret(Setting.REDIS_USER_PASSWORD, text)));
        source.apply(POSTGRES_SSL_CERT, text -> builder.certificateFile(POSTGRES_SSL_CERT, text));
        source.apply(POSTGRES_SSL_KEY, text -> builder.certificateFile(POSTGRES_SSL_KEY, text));
        source.apply(POSTGRES_CONNECTION_LIMIT,
                text -> builder.connectionLimit(Values.integer(POSTGRES_CONNECTION_LIMIT, text, -1)));
        source.apply(POSTGRES_EXTENSIONS, text -> builder.extensions(Values.list(text)));
        source.apply(POSTGRES_SCHEMAS, text -> builder.schemas(Values.list(text)));
        builder.otherDatabases(source.otherDatabases());
        source.apply(POSTGRES_POOL_SIZE, text -> builder.poolSize(Values.integer(POSTGRES_POOL_SIZE, text, 0)));
        source.apply(POSTGRES_MIGRATIONS, text -> builder.migrations(Values.list(text)));
        source.redisUrl().ifPresent(builder::redisUrl);
        source.apply(REDIS_LAYOUT, text -> builder.redisLayout(layout(text)));
        source.apply(REDIS_PURPOSES, text -> builder.redisPurposes(Values.list(text)));
        source.apply(REDIS_EVICTION_RISK,
                text -> builder.redisEvictionRisk(Values.constant(REDIS_EVICTION_RISK, text, Severity.values())));
        source.apply(REDIS_WITHOUT_DATABASES, text -> builder.redisWithoutDatabases(
                Values.constant(REDIS_WITHOUT_DATABASES, text, Fallback.values())));
        builder.waitSettings(source.waitSettings());
        return builder.build();
    }

    /**
     * The environment variable that holds the password of another database's role: the name upper-cased, every
     * character other than an ASCII letter or digit as {@code _}, then {@code _PASSWORD} ({@code keycloak} gives
     * {@code KEYCLOAK_PASSWORD}, {@code my-app} gives {@code MY_APP_PASSWORD}).
     */
    public static String passwordVariable(String database) {
        return database.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_PASSWORD";
    }

    private static RedisLayout layout(String text) {
        try {
            return RedisLayout.parse(text);
        } catch (RedisLayoutException e) {
            throw ConfigurationException.invalid(REDIS_LAYOUT, e.getMessage());
        }
    }

    /** Runs {@code work}, which builds or checks a value by its owner's rule, naming {@code setting} when it refuses. */
    private static <T> T as(Setting setting, Supplier<T> work) {
        try {
            return work.get();
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(setting, e.getMessage());
        }
    }

    /** The service's name. */
    public String service() {
        return service;
    }

    /** The environment in the Redis layout; empty when not set (it is set whenever Redis is used). */
    public Optional<String> environment() {
        return Optional.ofNullable(environment);
    }

    /** The mode, as set or by default ({@link Mode}). */
    public Mode mode() {
        return mode;
    }

    /** The PostgreSQL server, naming the administrator's maintenance database. */
    public PostgresServer postgres() {
        return postgres;
    }

    /** The service's database on {@link #postgres()}, with the same options. */
    public PostgresServer serviceServer() {
        return postgres.withDatabase(database.database());
    }

    /** The JDBC URL of the service's own database on that server, with the same options and no credentials. */
    public String jdbcUrl() {
        return serviceServer().jdbcUrl();
    }

    /**
     * The service's database where its pool and its health checks connect: through the pooler that
     * {@link Setting#POSTGRES_POOLED_URL} names, with its options and {@code prepareThreshold=0} unless that URL sets
     * {@code prepareThreshold} itself (one server connection serves many clients there, so a statement prepared on
     * one is unknown on the next); without a pooled URL, {@link #serviceServer()} as it is. The administrator, the
     * provisioning lock, the service check and the migrations always use {@link #serviceServer()} (the direct
     * endpoint). A framework's DataSource is given {@code pooledServer().jdbcUrl(login)}.
     */
    public PostgresServer pooledServer() {
        return pooled == null ? serviceServer() : PostgresDuty.POOLED.apply(pooled.withDatabase(database.database()));
    }

    /**
     * Whether the pool and the health checks go through a pooler of their own ({@link Setting#POSTGRES_POOLED_URL}
     * set): then {@link #pooledServer()} and {@link #serviceServer()} are two endpoints, each to be waited for.
     */
    public boolean pooled() {
        return pooled != null;
    }

    /**
     * How the administrator logs in: in {@link Mode#ENSURE} always present (with the password, the certificate, or
     * neither for trust and peer authentication); otherwise present only when credentials were given.
     */
    public Optional<PostgresLogin> admin() {
        return Optional.ofNullable(admin);
    }

    /** The service's database and role, with the password, connection limit, extensions and schemas. */
    public ServiceDatabase serviceDatabase() {
        return database;
    }

    /** How the service's role logs in: its password, its certificate, tokens (set in code) or nothing. */
    public PostgresLogin login() {
        return login;
    }

    /** The other databases to ensure, each owned by a role of its name, in the order given. */
    public List<ServiceDatabase> otherDatabases() {
        return otherDatabases;
    }

    /** The most connections the service's pool holds; 0 for no pool. */
    public int poolSize() {
        return poolSize;
    }

    /**
     * The size of a pool that a framework starts itself (Spring Boot's HikariCP, Quarkus' Agroal): one number,
     * which {@link Setting#POSTGRES_POOL_SIZE} or the framework's own key may state.
     *
     * @param frameworkKey   the framework's key, such as {@code spring.datasource.hikari.maximum-pool-size}
     * @param frameworkValue its value when the user set it
     * @return the framework's value when only it is set, {@link #poolSize()} otherwise
     * @throws ConfigurationException when both are set and differ, or {@link Setting#POSTGRES_POOL_SIZE} is 0
     *                                ("no pool") while the framework starts one
     */
    public int frameworkPoolSize(String frameworkKey, OptionalInt frameworkValue) {
        if (poolSizeSet && poolSize == 0) {
            throw ConfigurationException.invalid(POSTGRES_POOL_SIZE, "is 0 (no pool), but the framework starts a"
                    + " pool; give its size (or leave the key out), or remove the framework's DataSource");
        }
        if (frameworkValue.isEmpty()) {
            return poolSize;
        }
        if (poolSizeSet && frameworkValue.getAsInt() != poolSize) {
            throw ConfigurationException.invalid(POSTGRES_POOL_SIZE, "is " + poolSize + " but " + frameworkKey
                    + " is " + frameworkValue.getAsInt() + "; the pool has one size: set one of the two");
        }
        return frameworkValue.getAsInt();
    }

    /** The Flyway locations, in order; empty for no migrations. */
    public List<String> migrations() {
        return migrations;
    }

    /**
     * The migration locations a framework that runs Flyway itself must use: {@link Setting#POSTGRES_MIGRATIONS},
     * or the framework's own when only those are set.
     *
     * @param frameworkKey       the framework's key, such as {@code spring.flyway.locations}
     * @param frameworkLocations its value, empty when the user did not set it
     * @throws ConfigurationException when both are set and differ
     */
    public List<String> frameworkMigrations(String frameworkKey, List<String> frameworkLocations) {
        if (migrations.isEmpty()) {
            return List.copyOf(frameworkLocations);
        }
        if (!frameworkLocations.isEmpty() && !frameworkLocations.equals(migrations)) {
            throw ConfigurationException.invalid(POSTGRES_MIGRATIONS, "is " + String.join(",", migrations) + " but "
                    + frameworkKey + " is " + String.join(",", frameworkLocations) + "; the framework's Flyway runs"
                    + " the migrations: set one of the two");
        }
        return migrations;
    }

    /** The service's Redis; empty when it uses no Redis (no purposes). */
    public Optional<ServiceRedis> redis() {
        return Optional.ofNullable(redis);
    }

    /** The password of the service's own Redis user ({@link Setting#REDIS_USER_PASSWORD}); empty when it has none. */
    public Optional<Secret> redisUserPassword() {
        return Optional.ofNullable(redisUserPassword);
    }

    /** How long and how to wait for the servers. */
    public WaitSettings waitSettings() {
        return wait;
    }

    /**
     * The Flyway settings given with {@link Setting#FLYWAY} ({@code sharedsvc.flyway.<property>}), by Flyway's
     * property name ({@code flyway.placeholders.tenant}), as {@code Flyway.configure().configuration(Map)} takes
     * them; checked against Flyway when the configuration was built. Empty when none are given.
     */
    public Map<String, String> flyway() {
        Map<String, String> settings = new TreeMap<>();
        flyway.forEach((property, value) -> settings.put(FlywaySettings.FLYWAY + property, value));
        return Collections.unmodifiableMap(settings);
    }

    /**
     * The configuration as environment variables ({@code SHAREDSVC_*}), without the secrets of its own keys: what a
     * child process or a container needs besides its secret files. The {@link #flyway()} settings are included as
     * given; a placeholder among them may hold a secret, so do not log this.
     */
    public Map<String, String> toEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        texts().forEach((setting, text) -> variables.put(setting.environmentVariable(), text));
        flyway.forEach((property, value) -> variables.put(FlywaySettings.variable(property), value));
        return variables;
    }

    /**
     * The configuration as properties ({@code sharedsvc.*}), without the secrets of its own keys; the
     * {@link #flyway()} settings as given, as in {@link #toEnvironment()}.
     */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        texts().forEach((setting, text) -> properties.put(setting.property(), text));
        flyway.forEach((property, value) -> properties.put(FlywaySettings.PROPERTY_PREFIX + property, value));
        return properties;
    }

    private Map<Setting, String> texts() {
        Map<Setting, String> texts = new EnumMap<>(Setting.class);
        texts.put(SERVICE, service);
        if (environment != null) {
            texts.put(ENVIRONMENT, environment);
        }
        texts.put(MODE, Values.word(mode));
        texts.put(POSTGRES_URL, postgres.jdbcUrl());
        if (pooled != null) {
            texts.put(POSTGRES_POOLED_URL, pooled.jdbcUrl());
        }
        if (admin != null) {
            texts.put(POSTGRES_ADMIN_USER, admin.user());
            admin.certificate().ifPresent(certificate -> {
                texts.put(POSTGRES_ADMIN_SSL_CERT, certificate.certificate().toString());
                texts.put(POSTGRES_ADMIN_SSL_KEY, certificate.key().toString());
            });
        }
        texts.put(POSTGRES_DATABASE, database.database());
        texts.put(POSTGRES_ROLE, database.owner());
        login.certificate().ifPresent(certificate -> {
            texts.put(POSTGRES_SSL_CERT, certificate.certificate().toString());
            texts.put(POSTGRES_SSL_KEY, certificate.key().toString());
        });
        database.connectionLimit().ifPresent(limit -> texts.put(POSTGRES_CONNECTION_LIMIT, Integer.toString(limit)));
        putList(texts, POSTGRES_EXTENSIONS, database.extensions());
        putList(texts, POSTGRES_SCHEMAS, database.schemas());
        putList(texts, POSTGRES_OTHER_DATABASES, otherDatabases.stream().map(ServiceDatabase::database).toList());
        texts.put(POSTGRES_POOL_SIZE, Integer.toString(poolSize));
        putList(texts, POSTGRES_MIGRATIONS, migrations);
        if (redis != null) {
            texts.put(REDIS_LAYOUT, redis.layout().toString());
            putList(texts, REDIS_PURPOSES, redis.purposes());
            texts.put(REDIS_EVICTION_RISK, Values.word(redis.check().evictionRisk()));
            texts.put(REDIS_WITHOUT_DATABASES, Values.word(redis.check().withoutDatabases()));
        }
        texts.put(WAIT_TIMEOUT, Values.format(wait.timeout()));
        texts.put(WAIT_STABLE_COUNT, Integer.toString(wait.stableCount()));
        texts.put(WAIT_STABLE_SPACING, Values.format(wait.stableSpacing()));
        return texts;
    }

    private static void putList(Map<Setting, String> texts, Setting setting, List<String> entries) {
        if (!entries.isEmpty()) {
            texts.put(setting, String.join(",", entries));
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SharedServicesConfig that)) {
            return false;
        }
        return texts().equals(that.texts()) && flyway.equals(that.flyway) && Objects.equals(admin, that.admin) && login.equals(that.login)
                && database.password().equals(that.database.password())
                && database.applicationPassword().equals(that.database.applicationPassword())
                && database.readOnlyPassword().equals(that.database.readOnlyPassword())
                && Objects.equals(redisUserPassword, that.redisUserPassword)
                && otherDatabases.stream().map(ServiceDatabase::password).toList()
                        .equals(that.otherDatabases.stream().map(ServiceDatabase::password).toList())
                && Objects.equals(redis, that.redis);
    }

    @Override
    public int hashCode() {
        return texts().hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SharedServicesConfig[");
        texts().forEach((setting, value) -> text.append(setting.property().substring(Setting.PREFIX.length()))
                .append('=').append(value).append(", "));
        text.append("login=").append(login);
        if (admin != null) {
            text.append(", admin=").append(admin);
        }
        if (redis != null) {
            text.append(", redis.url=").append(redis.url());
        }
        database.applicationPassword().ifPresent(ignored -> text.append(", postgres.application-password=***"));
        database.readOnlyPassword().ifPresent(ignored -> text.append(", postgres.read-only-password=***"));
        if (redisUserPassword != null) {
            text.append(", redis.user-password=***");
        }
        if (!flyway.isEmpty()) {
            // Names only: a placeholder may hold a secret.
            text.append(", flyway=").append(flyway.keySet());
        }
        return text.append(']').toString();
    }

    /**
     * Builds a {@link SharedServicesConfig}. Names and texts are checked as they are set; each value is checked by
     * the type that owns its rule when {@link #build()} makes it. Not thread-safe.
     */
    public static final class Builder {

        private String service;
        private String environment;
        private Mode mode;
        private PostgresServer postgres;
        private PostgresServer pooled;
        private String adminUser = DEFAULT_ADMIN_USER;
        private Secret adminPassword;
        /** The certificate files of {@link Setting#POSTGRES_SSL_CERT} and its three siblings, by setting. */
        private final Map<Setting, Path> certificateFiles = new EnumMap<>(Setting.class);
        private PostgresLogin admin;
        private String database;
        private String role;
        private Secret password;
        private Secret applicationPassword;
        private Secret readOnlyPassword;
        private Secret redisUserPassword;
        private PostgresLogin login;
        private Integer connectionLimit;
        private List<String> extensions = List.of();
        private List<String> schemas = List.of();
        private ServiceDatabase serviceDatabase;
        private List<ServiceDatabase> otherDatabases = List.of();
        private Integer poolSize;
        private List<String> migrations = List.of();
        private RedisUrl redisUrl;
        private RedisLayout redisLayout;
        private List<String> redisPurposes = List.of();
        private final RedisServerCheck.Builder redisCheck = RedisServerCheck.builder();
        private ServiceRedis redis;
        private WaitSettings wait = WaitSettings.ofDefaults();
        private final Map<String, String> flyway = new TreeMap<>();

        private Builder() {
        }

        /** {@link Setting#SERVICE}: the service's name, required; its database and role are named after it. */
        public Builder service(String service) {
            this.service = word(SERVICE, service);
            return this;
        }

        /** {@link Setting#ENVIRONMENT}. */
        public Builder environment(String environment) {
            this.environment = word(ENVIRONMENT, environment);
            return this;
        }

        /** {@link Setting#MODE}. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * {@link Setting#POSTGRES_URL}, read by {@link PostgresServer#parse}.
         *
         * @throws ConfigurationException when it is not a PostgreSQL JDBC URL or carries a user or password
         */
        public Builder postgresUrl(String url) {
            Objects.requireNonNull(url, "url");
            PostgresServer server;
            try {
                server = PostgresServer.parse(url);
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(POSTGRES_URL, e.getMessage() + " (set "
                        + POSTGRES_ADMIN_USER.environmentVariable() + " and "
                        + POSTGRES_ADMIN_PASSWORD.environmentVariable() + ", or their properties, for the login)");
            }
            return postgres(server);
        }

        /** The PostgreSQL server, as {@link #postgresUrl} reads it. */
        public Builder postgres(PostgresServer server) {
            this.postgres = Objects.requireNonNull(server, "server");
            return this;
        }

        /**
         * {@link Setting#POSTGRES_POOLED_URL}, read by {@link PostgresServer#parse}: a pooler in front of the
         * server, for the service's pool and health checks.
         *
         * @throws ConfigurationException when it is not a PostgreSQL JDBC URL or carries a user, password or client
         *                                certificate; the message never repeats the URL
         */
        public Builder pooledUrl(String url) {
            Objects.requireNonNull(url, "url");
            try {
                return pooled(PostgresServer.parse(url));
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(POSTGRES_POOLED_URL, e.getMessage() + " (the pool logs in as"
                        + " the service: " + POSTGRES_PASSWORD.environmentVariable() + ", or "
                        + POSTGRES_SSL_CERT.environmentVariable() + " and " + POSTGRES_SSL_KEY.environmentVariable()
                        + ")");
            }
        }

        /**
         * The pooler in front of the server, as {@link #pooledUrl} reads it; checked against {@link #postgres} by
         * {@link #build()}.
         *
         * @throws ConfigurationException when it names a client certificate, which would be nobody's: the pool logs
         *                                in as the service, with {@link Setting#POSTGRES_SSL_CERT}
         */
        public Builder pooled(PostgresServer server) {
            if (server.certificate().isPresent()) {
                throw ConfigurationException.invalid(POSTGRES_POOLED_URL, "names a client certificate (sslcert,"
                        + " sslkey); the pool logs in as the service: give its certificate with "
                        + POSTGRES_SSL_CERT.names() + " and " + POSTGRES_SSL_KEY.names());
            }
            this.pooled = server;
            return this;
        }

        /** {@link Setting#POSTGRES_ADMIN_USER}. */
        public Builder adminUser(String user) {
            this.adminUser = word(POSTGRES_ADMIN_USER, user);
            return this;
        }

        /** {@link Setting#POSTGRES_ADMIN_PASSWORD}. */
        public Builder adminPassword(Secret password) {
            this.adminPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The administrator's login, set in code (tokens, a certificate, trust); replaces
         * {@link #adminUser}, {@link #adminPassword} and the certificate settings, and makes {@link Mode#ENSURE}
         * the default mode.
         */
        public Builder admin(PostgresLogin login) {
            this.admin = Objects.requireNonNull(login, "login");
            return this;
        }

        /** {@link Setting#POSTGRES_ADMIN_SSL_CERT} and {@link Setting#POSTGRES_ADMIN_SSL_KEY}. */
        public Builder adminCertificate(ClientCertificate certificate) {
            certificateFiles.put(POSTGRES_ADMIN_SSL_CERT, certificate.certificate());
            certificateFiles.put(POSTGRES_ADMIN_SSL_KEY, certificate.key());
            return this;
        }

        /** {@link Setting#POSTGRES_DATABASE}; default the service's name. */
        public Builder database(String database) {
            this.database = word(POSTGRES_DATABASE, database);
            return this;
        }

        /** {@link Setting#POSTGRES_ROLE}; default the database's name. */
        public Builder role(String role) {
            this.role = word(POSTGRES_ROLE, role);
            return this;
        }

        /** {@link Setting#POSTGRES_PASSWORD}. */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** {@link Setting#POSTGRES_APPLICATION_PASSWORD}: turns on roles by duty. */
        public Builder applicationPassword(Secret password) {
            this.applicationPassword = Objects.requireNonNull(password, "application password");
            return this;
        }

        /** {@link Setting#POSTGRES_READ_ONLY_PASSWORD}: adds a read-only role. */
        public Builder readOnlyPassword(Secret password) {
            this.readOnlyPassword = Objects.requireNonNull(password, "read-only password");
            return this;
        }

        /** {@link Setting#REDIS_USER_PASSWORD}: the service connects to Redis as its own ACL user. */
        public Builder redisUserPassword(Secret password) {
            this.redisUserPassword = Objects.requireNonNull(password, "Redis user password");
            return this;
        }

        /** One of the certificate files' settings, as read from text. */
        private void certificateFile(Setting setting, String path) {
            certificateFiles.put(setting, path(setting, path));
        }

        /** {@link Setting#POSTGRES_SSL_CERT} and {@link Setting#POSTGRES_SSL_KEY}: the role logs in with it. */
        public Builder certificate(ClientCertificate certificate) {
            certificateFiles.put(POSTGRES_SSL_CERT, certificate.certificate());
            certificateFiles.put(POSTGRES_SSL_KEY, certificate.key());
            return this;
        }

        /**
         * How the service's role logs in, set in code, such as {@link PostgresLogin#tokens} for short-lived cloud
         * credentials; its user must be the role. Replaces the password and certificate settings for logging in;
         * a {@link #password} still given is what provisioning sets.
         */
        public Builder login(PostgresLogin login) {
            this.login = Objects.requireNonNull(login, "login");
            return this;
        }

        /** {@link Setting#POSTGRES_CONNECTION_LIMIT}. */
        public Builder connectionLimit(int limit) {
            this.connectionLimit = limit;
            return this;
        }

        /** {@link Setting#POSTGRES_EXTENSIONS}, replacing any before. */
        public Builder extensions(String... names) {
            return extensions(List.of(names));
        }

        /** {@link Setting#POSTGRES_EXTENSIONS}, replacing any before. */
        public Builder extensions(List<String> names) {
            this.extensions = entries(POSTGRES_EXTENSIONS, names);
            return this;
        }

        /** {@link Setting#POSTGRES_SCHEMAS}, replacing any before. */
        public Builder schemas(String... names) {
            return schemas(List.of(names));
        }

        /** {@link Setting#POSTGRES_SCHEMAS}, replacing any before. */
        public Builder schemas(List<String> names) {
            this.schemas = entries(POSTGRES_SCHEMAS, names);
            return this;
        }

        /**
         * The service's database and role as a whole, set in code; replaces {@link #database}, {@link #role},
         * {@link #password}, {@link #connectionLimit}, {@link #extensions} and {@link #schemas}.
         */
        public Builder serviceDatabase(ServiceDatabase database) {
            this.serviceDatabase = Objects.requireNonNull(database, "database");
            return this;
        }

        /**
         * {@link Setting#POSTGRES_OTHER_DATABASES}: adds one, owned by a role of its name with {@code password} or
         * none.
         *
         * @throws ConfigurationException when the name is invalid or already added
         */
        public Builder otherDatabase(String name, Optional<Secret> password) {
            ServiceDatabase.Builder other = as(POSTGRES_OTHER_DATABASES, () -> ServiceDatabase.builder(name));
            password.ifPresent(other::password);
            return otherDatabases(append(otherDatabases, as(POSTGRES_OTHER_DATABASES, other::build)));
        }

        /**
         * {@link Setting#POSTGRES_OTHER_DATABASES}, replacing any before.
         *
         * @throws ConfigurationException when a database appears twice
         */
        public Builder otherDatabases(List<ServiceDatabase> databases) {
            Set<String> names = new LinkedHashSet<>();
            for (ServiceDatabase other : databases) {
                if (!names.add(other.database())) {
                    throw ConfigurationException.invalid(POSTGRES_OTHER_DATABASES, "names " + other.database()
                            + " twice");
                }
            }
            this.otherDatabases = List.copyOf(databases);
            return this;
        }

        /**
         * {@link Setting#POSTGRES_POOL_SIZE}: 0 (no pool) or more; default 10.
         *
         * @throws ConfigurationException when negative
         */
        public Builder poolSize(int size) {
            if (size < 0) {
                throw ConfigurationException.invalid(POSTGRES_POOL_SIZE, "must be 0 (no pool) or more, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** {@link Setting#POSTGRES_MIGRATIONS}, replacing any before. */
        public Builder migrations(String... locations) {
            return migrations(List.of(locations));
        }

        /** {@link Setting#POSTGRES_MIGRATIONS}, replacing any before. */
        public Builder migrations(List<String> locations) {
            this.migrations = entries(POSTGRES_MIGRATIONS, locations);
            return this;
        }

        /**
         * {@link Setting#REDIS_URL}: {@code redis[s]://[[user]:password@]host[:port][/database]}.
         *
         * @throws ConfigurationException when it is not a Redis URL; the message never repeats it
         */
        public Builder redisUrl(String url) {
            try {
                return redisUrl(RedisUrl.parse(REDIS_URL.property(), url));
            } catch (RedisLayoutException e) {
                throw ConfigurationException.invalid(REDIS_URL, e.getMessage());
            }
        }

        /** {@link Setting#REDIS_URL}, as read from the setting {@link RedisUrl#setting()} names. */
        public Builder redisUrl(RedisUrl url) {
            this.redisUrl = Objects.requireNonNull(url, "url");
            return this;
        }

        /** {@link Setting#REDIS_LAYOUT}. */
        public Builder redisLayout(RedisLayout layout) {
            this.redisLayout = Objects.requireNonNull(layout, "layout");
            return this;
        }

        /** {@link Setting#REDIS_PURPOSES}, replacing any before; checked against the layout by {@link #build()}. */
        public Builder redisPurposes(String... purposes) {
            return redisPurposes(List.of(purposes));
        }

        /** {@link Setting#REDIS_PURPOSES}, replacing any before. */
        public Builder redisPurposes(List<String> purposes) {
            this.redisPurposes = entries(REDIS_PURPOSES, purposes);
            return this;
        }

        /** {@link Setting#REDIS_EVICTION_RISK}: {@link Severity#ERROR} (default) or {@link Severity#WARNING}. */
        public Builder redisEvictionRisk(Severity severity) {
            as(REDIS_EVICTION_RISK, () -> redisCheck.evictionRisk(severity));
            return this;
        }

        /** {@link Setting#REDIS_WITHOUT_DATABASES}; default {@link Fallback#FAIL}. */
        public Builder redisWithoutDatabases(Fallback fallback) {
            redisCheck.withoutDatabases(fallback);
            return this;
        }

        /**
         * The service's Redis as a whole, set in code; replaces {@link #environment}'s use for Redis,
         * {@link #redisUrl}, {@link #redisLayout}, {@link #redisPurposes} and the check's settings.
         */
        public Builder redis(ServiceRedis redis) {
            this.redis = Objects.requireNonNull(redis, "redis");
            return this;
        }

        /** {@link Setting#WAIT_TIMEOUT}: positive; default 60 seconds. */
        public Builder waitTimeout(Duration timeout) {
            wait = withTimeout(wait, timeout);
            return this;
        }

        /** {@link Setting#WAIT_STABLE_COUNT}: 1 or more; default 1. */
        public Builder waitStableCount(int count) {
            wait = withStableCount(wait, count);
            return this;
        }

        /** {@link Setting#WAIT_STABLE_SPACING}: zero or positive; default 200 ms. */
        public Builder waitStableSpacing(Duration spacing) {
            wait = withStableSpacing(wait, spacing);
            return this;
        }

        /** {@code wait} with another timeout, refused naming {@link Setting#WAIT_TIMEOUT}. */
        static WaitSettings withTimeout(WaitSettings wait, Duration timeout) {
            return as(WAIT_TIMEOUT, () -> new WaitSettings(timeout, wait.stableCount(), wait.stableSpacing()));
        }

        /** {@code wait} with another stable count, refused naming {@link Setting#WAIT_STABLE_COUNT}. */
        static WaitSettings withStableCount(WaitSettings wait, int count) {
            return as(WAIT_STABLE_COUNT, () -> new WaitSettings(wait.timeout(), count, wait.stableSpacing()));
        }

        /** {@code wait} with another spacing, refused naming {@link Setting#WAIT_STABLE_SPACING}. */
        static WaitSettings withStableSpacing(WaitSettings wait, Duration spacing) {
            return as(WAIT_STABLE_SPACING, () -> new WaitSettings(wait.timeout(), wait.stableCount(), spacing));
        }

        /**
         * One Flyway setting ({@link Setting#FLYWAY}): {@code property} as Flyway names it without {@code flyway.},
         * such as {@code placeholders.tenant} or {@code schemas}; replaces any before for the same property. Checked
         * against Flyway by {@link #build()}.
         */
        public Builder flyway(String property, String value) {
            Objects.requireNonNull(property, "property");
            Objects.requireNonNull(value, "value");
            if (property.isBlank() || property.startsWith(FlywaySettings.FLYWAY)) {
                throw new ConfigurationException(Setting.FLYWAY, Setting.FLYWAY.names() + ": give the Flyway property"
                        + " without its flyway. prefix (placeholders.tenant), was '" + property + "'");
            }
            flyway.put(property, value);
            return this;
        }

        /** The {@code wait.*} settings as a whole. */
        public Builder waitSettings(WaitSettings settings) {
            this.wait = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws ConfigurationException when a required setting is missing (the service, the PostgreSQL URL, the
         *                                role's password or certificate; the Redis URL, layout and environment
         *                                when purposes are given), when a name is invalid, when the pool is
         *                                larger than the connection limit, or when the environment or a purpose is
         *                                not in the layout
         */
        public SharedServicesConfig build() {
            require(SERVICE, service != null || serviceDatabase != null, "the service's name");
            if (service == null) {
                service = serviceDatabase.database();
            }
            require(POSTGRES_URL, postgres != null, "where the PostgreSQL server is");
            FlywaySettings.check(flyway);
            if (pooled != null && pooled.hosts().equals(postgres.hosts())) {
                throw ConfigurationException.invalid(POSTGRES_POOLED_URL, "names the same server as "
                        + POSTGRES_URL.property() + " (" + String.join(",", postgres.hosts()) + "); it is for a pooler"
                        + " in front of that server, such as PgBouncer at another address or port: leave it unset to"
                        + " use " + POSTGRES_URL.property() + " for everything");
            }
            ServiceDatabase spec = serviceDatabase != null ? serviceDatabase : serviceDatabase();
            PostgresLogin serviceLogin = serviceLogin(spec);
            PostgresLogin adminLogin = adminLogin();
            Mode chosen = mode != null ? mode : adminLogin != null ? Mode.ENSURE : Mode.VERIFY;
            if (chosen == Mode.ENSURE && adminLogin == null) {
                adminLogin = postgres.presentingCertificate(PostgresLogin.withoutPassword(adminUser));
            }
            if (poolSize != null && spec.connectionLimit().isPresent() && spec.connectionLimit().getAsInt() >= 0
                    && poolSize > spec.connectionLimit().getAsInt()) {
                throw ConfigurationException.invalid(POSTGRES_POOL_SIZE, "is " + poolSize + ", more than the "
                        + spec.connectionLimit().getAsInt() + " connections " + POSTGRES_CONNECTION_LIMIT.names()
                        + " lets the role hold; lower the pool or raise the limit");
            }
            return new SharedServicesConfig(this, spec, serviceLogin, adminLogin, chosen, redis());
        }

        /** The service's database and role from the separate settings, each refusal naming its setting. */
        private ServiceDatabase serviceDatabase() {
            String name = database != null ? database : service;
            Setting nameSetting = database != null ? POSTGRES_DATABASE : SERVICE;
            ServiceDatabase.Builder spec = as(nameSetting, () -> ServiceDatabase.builder(name));
            if (role != null) {
                as(POSTGRES_ROLE, () -> spec.owner(role));
            }
            if (password != null) {
                spec.password(password);
            }
            if (applicationPassword != null) {
                spec.applicationRole(applicationPassword);
            }
            if (readOnlyPassword != null) {
                spec.readOnlyRole(readOnlyPassword);
            }
            if (connectionLimit != null) {
                as(POSTGRES_CONNECTION_LIMIT, () -> spec.connectionLimit(connectionLimit));
            }
            as(POSTGRES_EXTENSIONS, () -> spec.extensions(extensions.toArray(String[]::new)));
            as(POSTGRES_SCHEMAS, () -> spec.schemas(schemas.toArray(String[]::new)));
            // The role defaults to the database name, which may be one PostgreSQL reserves for roles (pg_*, public).
            return as(role != null ? POSTGRES_ROLE : nameSetting, spec::build);
        }

        /** How the service logs in: set in code, else its certificate, else its password. */
        private PostgresLogin serviceLogin(ServiceDatabase spec) {
            if (login != null) {
                if (!login.user().equals(spec.owner())) {
                    throw ConfigurationException.invalid(POSTGRES_ROLE, "is " + spec.owner() + ", but the login"
                            + " given in code is " + login.user() + "'s; the service logs in as its role");
                }
                return login;
            }
            Optional<ClientCertificate> serviceCertificate = certificate(POSTGRES_SSL_CERT, POSTGRES_SSL_KEY);
            Optional<Secret> secret = spec.password();
            if (serviceCertificate.isEmpty() && secret.isEmpty()) {
                throw missing(POSTGRES_PASSWORD, "the password of the service's role (or its certificate: "
                        + POSTGRES_SSL_CERT.names() + " and " + POSTGRES_SSL_KEY.names() + ")");
            }
            PostgresLogin base = secret.map(value -> PostgresLogin.password(spec.owner(), value))
                    .orElseGet(() -> PostgresLogin.withoutPassword(spec.owner()));
            return serviceCertificate.map(base::withCertificate).orElse(base);
        }

        /** The administrator's login when credentials are given: in code, a password, or a certificate. */
        private PostgresLogin adminLogin() {
            if (admin != null) {
                return admin;
            }
            Optional<ClientCertificate> adminCert = certificate(POSTGRES_ADMIN_SSL_CERT, POSTGRES_ADMIN_SSL_KEY)
                    .or(postgres::certificate);
            if (adminPassword == null && adminCert.isEmpty()) {
                return null;
            }
            PostgresLogin base = adminPassword != null ? PostgresLogin.password(adminUser, adminPassword)
                    : PostgresLogin.withoutPassword(adminUser);
            return adminCert.map(base::withCertificate).orElse(base);
        }

        private Optional<ClientCertificate> certificate(Setting certSetting, Setting keySetting) {
            Path cert = certificateFiles.get(certSetting);
            Path key = certificateFiles.get(keySetting);
            if (cert == null && key == null) {
                return Optional.empty();
            }
            if (cert == null || key == null) {
                throw missing(cert == null ? certSetting : keySetting, "a client certificate needs both "
                        + certSetting.property() + " and " + keySetting.property());
            }
            return Optional.of(ClientCertificate.of(cert, key));
        }

        /** The service's Redis: set in code, or from the separate settings when purposes are given. */
        private ServiceRedis redis() {
            if (redis != null || redisPurposes.isEmpty()) {
                return redis;
            }
            require(REDIS_URL, redisUrl != null, "the Redis server, since purposes are given");
            require(REDIS_LAYOUT, redisLayout != null, "which database each purpose uses, since purposes are given");
            require(ENVIRONMENT, environment != null, "the environment whose purposes the service uses");
            if (!redisLayout.environments().contains(environment)) {
                throw ConfigurationException.invalid(ENVIRONMENT, "'" + environment + "' is not in the Redis layout,"
                        + " which has " + String.join(", ", redisLayout.environments()));
            }
            try {
                return ServiceRedis.builder(redisUrl, redisLayout).environment(environment).purposes(redisPurposes)
                        .check(redisCheck.build()).build();
            } catch (RedisLayoutException e) {
                throw ConfigurationException.invalid(REDIS_PURPOSES, e.getMessage());
            }
        }

        private static void require(Setting setting, boolean present, String what) {
            if (!present) {
                throw missing(setting, what);
            }
        }

        private static ConfigurationException missing(Setting setting, String what) {
            String aliases = setting.aliases().isEmpty() ? "" : " (or " + String.join(", ", setting.aliases()) + ")";
            return new ConfigurationException(setting, setting.names() + aliases + " is not set: " + what);
        }

        private static Path path(Setting setting, String text) {
            try {
                return Path.of(word(setting, text));
            } catch (InvalidPathException e) {
                throw ConfigurationException.invalid(setting, "is not a file path: " + e.getReason());
            }
        }

        private static <T> List<T> append(List<T> list, T element) {
            List<T> longer = new ArrayList<>(list);
            longer.add(element);
            return longer;
        }

        /** A single name: not blank, no blanks around it. */
        private static String word(Setting setting, String text) {
            Objects.requireNonNull(text, setting.property());
            if (text.isBlank() || !text.strip().equals(text)) {
                throw ConfigurationException.invalid(setting, "must not be blank or have blanks around it, was '"
                        + text + "'");
            }
            return text;
        }

        /** List entries: each a {@link #word} without a comma (the list separator), none twice. */
        private static List<String> entries(Setting setting, List<String> values) {
            Set<String> checked = new LinkedHashSet<>();
            for (String value : values) {
                if (word(setting, value).contains(",")) {
                    throw ConfigurationException.invalid(setting, "an entry cannot contain a comma, was '" + value + "'");
                }
                if (!checked.add(value)) {
                    throw ConfigurationException.invalid(setting, "names " + value + " twice");
                }
            }
            return List.copyOf(checked);
        }
    }
}
