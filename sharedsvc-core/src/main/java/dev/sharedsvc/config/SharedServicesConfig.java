package dev.sharedsvc.config;

import static dev.sharedsvc.config.Setting.ENVIRONMENT;
import static dev.sharedsvc.config.Setting.MODE;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_ADMIN_USER;
import static dev.sharedsvc.config.Setting.POSTGRES_CONNECTION_LIMIT;
import static dev.sharedsvc.config.Setting.POSTGRES_DATABASE;
import static dev.sharedsvc.config.Setting.POSTGRES_EXTENSIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_MIGRATIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_OTHER_DATABASES;
import static dev.sharedsvc.config.Setting.POSTGRES_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_POOL_SIZE;
import static dev.sharedsvc.config.Setting.POSTGRES_ROLE;
import static dev.sharedsvc.config.Setting.POSTGRES_SCHEMAS;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import org.postgresql.Driver;

import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServerAddress;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisLayoutException;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.redis.RedisUrl;

/**
 * Everything {@code SharedServices.bootstrap} needs to know about one service: where PostgreSQL and Redis are, the
 * service's database, role and Redis purposes, the mode, the migrations, the pool and how long to wait. Each value
 * is one {@link Setting}, readable from the environment and Java system properties or set in code:
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
 * <p>Everything is checked when the value is built, so a wrong setting stops the service before it talks to any
 * server, with a {@link ConfigurationException} that names the setting. Redis is used when
 * {@link Setting#REDIS_PURPOSES purposes} are given; then the URL, layout and environment are required.
 *
 * <p>Immutable and thread-safe. {@link #toString()} and every message show no secret; two configurations are
 * equal when every setting is (where a Redis URL was read from does not count).
 */
public final class SharedServicesConfig {

    /** {@link Setting#POSTGRES_ADMIN_USER} when not set. */
    public static final String DEFAULT_ADMIN_USER = "postgres";
    static final int DEFAULT_POOL_SIZE = 10;
    /** {@link Setting#WAIT_TIMEOUT} when not set. */
    public static final Duration DEFAULT_WAIT_TIMEOUT = Duration.ofSeconds(60);
    /** {@link Setting#WAIT_STABLE_COUNT} when not set. */
    public static final int DEFAULT_STABLE_COUNT = 1;
    /** {@link Setting#WAIT_STABLE_SPACING} when not set. */
    public static final Duration DEFAULT_STABLE_SPACING = Duration.ofMillis(200);

    private final String service;
    private final String environment;
    private final Mode mode;
    private final String postgresUrl;
    private final String adminUser;
    private final Secret adminPassword;
    private final String database;
    private final String role;
    private final Secret password;
    private final Integer connectionLimit;
    private final List<String> extensions;
    private final List<String> schemas;
    private final Map<String, Optional<Secret>> otherDatabases;
    private final int poolSize;
    private final List<String> migrations;
    private final String redisUrl;
    private final String redisUrlSetting;
    private final RedisLayout redisLayout;
    private final List<String> redisPurposes;
    private final Severity redisEvictionRisk;
    private final Fallback redisWithoutDatabases;
    private final Duration waitTimeout;
    private final int waitStableCount;
    private final Duration waitStableSpacing;
    private final ServiceDatabase serviceDatabase;
    private final Secret redisUserPassword;

    private SharedServicesConfig(Builder builder) {
        this.service = builder.service;
        this.environment = builder.environment;
        this.mode = builder.mode != null ? builder.mode : builder.adminPassword != null ? Mode.ENSURE : Mode.VERIFY;
        this.postgresUrl = builder.postgresUrl;
        this.adminUser = builder.adminUser;
        this.adminPassword = builder.adminPassword;
        this.database = builder.database != null ? builder.database : builder.service;
        this.role = builder.role != null ? builder.role : database;
        this.password = builder.password;
        this.connectionLimit = builder.connectionLimit;
        this.extensions = List.copyOf(builder.extensions);
        this.schemas = List.copyOf(builder.schemas);
        Map<String, Optional<Secret>> others = new LinkedHashMap<>(builder.otherDatabases);
        others.remove(database);
        this.otherDatabases = Collections.unmodifiableMap(others);
        this.poolSize = builder.poolSize;
        this.migrations = List.copyOf(builder.migrations);
        boolean redis = !builder.redisPurposes.isEmpty();
        this.redisUrl = redis ? builder.redisUrl : null;
        this.redisUrlSetting = redis ? builder.redisUrlSetting : null;
        this.redisLayout = redis ? builder.redisLayout : null;
        this.redisPurposes = List.copyOf(builder.redisPurposes);
        this.redisEvictionRisk = builder.redisEvictionRisk;
        this.redisWithoutDatabases = builder.redisWithoutDatabases;
        this.waitTimeout = builder.waitTimeout;
        this.waitStableCount = builder.waitStableCount;
        this.waitStableSpacing = builder.waitStableSpacing;
        this.serviceDatabase = serviceDatabase(builder);
        this.redisUserPassword = redis ? builder.redisUserPassword : null;
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
        return from(System::getenv, System::getProperty);
    }

    /**
     * Reads the configuration from two look-ups that return a value or {@code null}: one by environment-variable
     * name ({@code SHAREDSVC_POSTGRES_URL}, the aliases, {@code <NAME>_PASSWORD}), one by property name
     * ({@code sharedsvc.postgres.url}); the property wins. A framework adapter passes its own property source;
     * a test passes maps ({@code map::get}).
     *
     * @throws ConfigurationException naming the first setting that is missing or wrong, and where it was read
     */
    public static SharedServicesConfig from(Function<String, String> environment, Function<String, String> properties) {
        Objects.requireNonNull(environment, "environment");
        Objects.requireNonNull(properties, "properties");
        SettingSource source = SettingSource.from(environment, properties);
        Builder builder = builder();
        source.apply(SERVICE, builder::service);
        source.apply(ENVIRONMENT, builder::environment);
        source.apply(MODE, text -> builder.mode(Values.constant(MODE, text, Mode.values())));
        source.apply(POSTGRES_URL, builder::postgresUrl);
        source.apply(POSTGRES_ADMIN_USER, builder::adminUser);
        source.apply(POSTGRES_ADMIN_PASSWORD, text -> builder.adminPassword(Values.secret(POSTGRES_ADMIN_PASSWORD, text)));
        source.apply(POSTGRES_DATABASE, builder::database);
        source.apply(POSTGRES_ROLE, builder::role);
        source.apply(POSTGRES_PASSWORD, text -> builder.password(Values.secret(POSTGRES_PASSWORD, text)));
        source.apply(Setting.POSTGRES_APPLICATION_PASSWORD, text -> builder.applicationPassword(
                Values.secret(Setting.POSTGRES_APPLICATION_PASSWORD, text)));
        source.apply(Setting.POSTGRES_READ_ONLY_PASSWORD, text -> builder.readOnlyPassword(
                Values.secret(Setting.POSTGRES_READ_ONLY_PASSWORD, text)));
        source.apply(POSTGRES_CONNECTION_LIMIT,
                text -> builder.connectionLimit(Values.integer(POSTGRES_CONNECTION_LIMIT, text, -1)));
        source.apply(POSTGRES_EXTENSIONS, text -> builder.extensions(Values.list(text)));
        source.apply(POSTGRES_SCHEMAS, text -> builder.schemas(Values.list(text)));
        source.readOtherDatabases(builder);
        source.apply(POSTGRES_POOL_SIZE, text -> builder.poolSize(Values.integer(POSTGRES_POOL_SIZE, text, 0)));
        source.apply(POSTGRES_MIGRATIONS, text -> builder.migrations(Values.list(text)));
        source.get(REDIS_URL).ifPresent(value -> builder.redisUrl(value.text(), value.origin()));
        source.apply(Setting.REDIS_USER_PASSWORD, text -> builder.redisUserPassword(
                Values.secret(Setting.REDIS_USER_PASSWORD, text)));
        source.apply(REDIS_LAYOUT, text -> builder.redisLayout(layout(text)));
        source.apply(REDIS_PURPOSES, text -> builder.redisPurposes(Values.list(text)));
        source.apply(REDIS_EVICTION_RISK,
                text -> builder.redisEvictionRisk(Values.constant(REDIS_EVICTION_RISK, text, Severity.values())));
        source.apply(REDIS_WITHOUT_DATABASES, text -> builder.redisWithoutDatabases(
                Values.constant(REDIS_WITHOUT_DATABASES, text, Fallback.values())));
        source.apply(WAIT_TIMEOUT, text -> builder.waitTimeout(Values.duration(WAIT_TIMEOUT, text)));
        source.apply(WAIT_STABLE_COUNT, text -> builder.waitStableCount(Values.integer(WAIT_STABLE_COUNT, text, 1)));
        source.apply(WAIT_STABLE_SPACING,
                text -> builder.waitStableSpacing(Values.duration(WAIT_STABLE_SPACING, text)));
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

    private static ServiceDatabase serviceDatabase(Builder builder) {
        String database = builder.database != null ? builder.database : builder.service;
        ServiceDatabase.Builder spec = checked(builder.database != null ? POSTGRES_DATABASE : SERVICE,
                () -> ServiceDatabase.builder(database));
        if (builder.role != null) {
            spec.owner(builder.role);
        }
        spec.password(builder.password);
        if (builder.applicationPassword != null) {
            spec.applicationRole(builder.applicationPassword);
        }
        if (builder.readOnlyPassword != null) {
            spec.readOnlyRole(builder.readOnlyPassword);
        }
        if (builder.connectionLimit != null) {
            spec.connectionLimit(builder.connectionLimit);
        }
        spec.extensions(builder.extensions.toArray(String[]::new)).schemas(builder.schemas.toArray(String[]::new));
        // The role defaults to the database name, which may be one PostgreSQL reserves for roles (pg_*, public).
        return checked(builder.role != null ? POSTGRES_ROLE : builder.database != null ? POSTGRES_DATABASE : SERVICE,
                spec::build);
    }

    /** Runs {@code check}, which validates a value, turning its refusal into one that names {@code setting}. */
    private static <T> T checked(Setting setting, Supplier<T> check) {
        try {
            return check.get();
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

    /** The PostgreSQL server's JDBC URL, naming the administrator's maintenance database. */
    public String postgresUrl() {
        return postgresUrl;
    }

    /** The JDBC URL of the service's own database on that server, with the same options. */
    public String jdbcUrl() {
        return ServerAddress.parse(postgresUrl).jdbcUrl(database);
    }

    /** The administrator's role name; used in {@link Mode#ENSURE} only. */
    public String adminUser() {
        return adminUser;
    }

    /** The administrator's password; empty when none is configured (then the default mode is verify). */
    public Optional<Secret> adminPassword() {
        return Optional.ofNullable(adminPassword);
    }

    /** The service's database and role, with the password, connection limit, extensions and schemas. */
    public ServiceDatabase serviceDatabase() {
        return serviceDatabase;
    }

    /** The other databases to ensure, each owned by a role of its name, in the order given. */
    public List<ServiceDatabase> otherDatabases() {
        return databases(otherDatabases);
    }

    /** Each database owned by a role of its name, with the password given or none, in order. */
    private static List<ServiceDatabase> databases(Map<String, Optional<Secret>> named) {
        List<ServiceDatabase> databases = new ArrayList<>();
        named.forEach((name, secret) -> {
            ServiceDatabase.Builder spec = ServiceDatabase.builder(name);
            secret.ifPresent(spec::password);
            databases.add(spec.build());
        });
        return List.copyOf(databases);
    }

    /** The most connections the pool holds; 0 when there is no pool. */
    public int poolSize() {
        return poolSize;
    }

    /** The Flyway locations; empty when there are no migrations. */
    public List<String> migrations() {
        return migrations;
    }

    /**
     * The Redis server, with the name of the setting it was read from ({@link RedisUrl#setting()}: the property,
     * the variable, or an alias such as {@code REDIS_URL}); empty when no purposes are given.
     */
    public Optional<RedisUrl> redisUrl() {
        return Optional.ofNullable(redisUrl).map(url -> RedisUrl.parse(redisUrlSetting, url));
    }

    /** The password of the service's own Redis user ({@link Setting#REDIS_USER_PASSWORD}); empty when it has none. */
    public Optional<Secret> redisUserPassword() {
        return Optional.ofNullable(redisUserPassword);
    }

    /** The Redis layout; empty when no purposes are given. */
    public Optional<RedisLayout> redisLayout() {
        return Optional.ofNullable(redisLayout);
    }

    /** The Redis purposes the service uses, in order; empty when it uses no Redis. */
    public List<String> redisPurposes() {
        return redisPurposes;
    }

    /** The layout's targets of the purposes in the environment, in order, isolated by database index. */
    public List<RedisTarget> redisTargets() {
        return redisLayout == null ? List.of() : redisLayout.targets(environment, redisPurposes.toArray(String[]::new));
    }

    /** How a memory policy that can evict a durable purpose's keys is reported. */
    public Severity redisEvictionRisk() {
        return redisEvictionRisk;
    }

    /** What to do on a Redis server without separate databases. */
    public Fallback redisWithoutDatabases() {
        return redisWithoutDatabases;
    }

    /** How long to wait for the servers, in all. */
    public Duration waitTimeout() {
        return waitTimeout;
    }

    /** Good probes in a row before a server counts as ready. */
    public int waitStableCount() {
        return waitStableCount;
    }

    /** The pause between those probes. */
    public Duration waitStableSpacing() {
        return waitStableSpacing;
    }

    /**
     * The settings as environment variables, secrets left out (set them, or their {@code _FILE} forms, beside
     * these); {@link #from} reads them back to an equal configuration once the secrets are added.
     */
    public Map<String, String> toEnvironment() {
        Map<String, String> variables = new LinkedHashMap<>();
        texts().forEach((setting, text) -> variables.put(setting.environmentVariable(), text));
        return variables;
    }

    /** The settings as properties, secrets left out, as {@link #toEnvironment()}. */
    public Map<String, String> toProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        texts().forEach((setting, text) -> properties.put(setting.property(), text));
        return properties;
    }

    private Map<Setting, String> texts() {
        Map<Setting, String> texts = new EnumMap<>(Setting.class);
        texts.put(SERVICE, service);
        if (environment != null) {
            texts.put(ENVIRONMENT, environment);
        }
        texts.put(MODE, Values.word(mode));
        texts.put(POSTGRES_URL, postgresUrl);
        texts.put(POSTGRES_ADMIN_USER, adminUser);
        texts.put(POSTGRES_DATABASE, database);
        texts.put(POSTGRES_ROLE, role);
        if (connectionLimit != null) {
            texts.put(POSTGRES_CONNECTION_LIMIT, connectionLimit.toString());
        }
        putList(texts, POSTGRES_EXTENSIONS, extensions);
        putList(texts, POSTGRES_SCHEMAS, schemas);
        putList(texts, POSTGRES_OTHER_DATABASES, List.copyOf(otherDatabases.keySet()));
        texts.put(POSTGRES_POOL_SIZE, Integer.toString(poolSize));
        putList(texts, POSTGRES_MIGRATIONS, migrations);
        if (redisLayout != null) {
            texts.put(REDIS_LAYOUT, redisLayout.toString());
        }
        putList(texts, REDIS_PURPOSES, redisPurposes);
        texts.put(REDIS_EVICTION_RISK, Values.word(redisEvictionRisk));
        texts.put(REDIS_WITHOUT_DATABASES, Values.word(redisWithoutDatabases));
        texts.put(WAIT_TIMEOUT, Values.format(waitTimeout));
        texts.put(WAIT_STABLE_COUNT, Integer.toString(waitStableCount));
        texts.put(WAIT_STABLE_SPACING, Values.format(waitStableSpacing));
        return texts;
    }

    private static void putList(Map<Setting, String> texts, Setting setting, List<String> entries) {
        if (!entries.isEmpty()) {
            texts.put(setting, String.join(",", entries));
        }
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SharedServicesConfig)) {
            return false;
        }
        SharedServicesConfig that = (SharedServicesConfig) other;
        return texts().equals(that.texts()) && Objects.equals(adminPassword, that.adminPassword)
                && password.equals(that.password) && otherDatabases.equals(that.otherDatabases)
                && serviceDatabase.applicationPassword().equals(that.serviceDatabase.applicationPassword())
                && serviceDatabase.readOnlyPassword().equals(that.serviceDatabase.readOnlyPassword())
                && Objects.equals(redisUserPassword, that.redisUserPassword)
                && Objects.equals(redisUrl, that.redisUrl);
    }

    @Override
    public int hashCode() {
        return texts().hashCode();
    }

    /** Every setting that is set, in property form, secrets as {@code ***}; the Redis URL as host, port, database. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("SharedServicesConfig[");
        texts().forEach((setting, value) -> text.append(setting.property().substring(Setting.PREFIX.length()))
                .append('=').append(value).append(", "));
        text.append("postgres.password=***");
        serviceDatabase.applicationPassword().ifPresent(ignored -> text.append(", postgres.application-password=***"));
        serviceDatabase.readOnlyPassword().ifPresent(ignored -> text.append(", postgres.read-only-password=***"));
        if (redisUserPassword != null) {
            text.append(", redis.user-password=***");
        }
        if (adminPassword != null) {
            text.append(", postgres.admin-password=***");
        }
        redisUrl().ifPresent(url -> text.append(", redis.url=").append(url));
        return text.append(']').toString();
    }

    /**
     * Collects settings; {@link #build()} checks them together. Each setter checks its own value and throws a
     * {@link ConfigurationException} naming the setting. Not thread-safe.
     */
    public static final class Builder {

        private String service;
        private String environment;
        private Mode mode;
        private String postgresUrl;
        private String adminUser = DEFAULT_ADMIN_USER;
        private Secret adminPassword;
        private String database;
        private String role;
        private Secret password;
        private Secret applicationPassword;
        private Secret readOnlyPassword;
        private Secret redisUserPassword;
        private Integer connectionLimit;
        private List<String> extensions = List.of();
        private List<String> schemas = List.of();
        private final Map<String, Optional<Secret>> otherDatabases = new LinkedHashMap<>();
        private int poolSize = DEFAULT_POOL_SIZE;
        private List<String> migrations = List.of();
        private String redisUrl;
        private String redisUrlSetting;
        private RedisLayout redisLayout;
        private List<String> redisPurposes = List.of();
        private Severity redisEvictionRisk = Severity.ERROR;
        private Fallback redisWithoutDatabases = Fallback.FAIL;
        private Duration waitTimeout = DEFAULT_WAIT_TIMEOUT;
        private int waitStableCount = DEFAULT_STABLE_COUNT;
        private Duration waitStableSpacing = DEFAULT_STABLE_SPACING;

        private Builder() {
        }

        /** {@link Setting#SERVICE}. */
        public Builder service(String service) {
            this.service = word(SERVICE, service);
            return this;
        }

        /** {@link Setting#ENVIRONMENT}; checked against the layout by {@link #build()}. */
        public Builder environment(String environment) {
            this.environment = word(ENVIRONMENT, environment);
            return this;
        }

        /** {@link Setting#MODE}; by default {@link Mode#ENSURE} with an administrator password, else verify. */
        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * {@link Setting#POSTGRES_URL}: {@code jdbc:postgresql://host[:port]/[database][?options]}, without user or
         * password.
         */
        public Builder postgresUrl(String url) {
            Objects.requireNonNull(url, "url");
            Properties parsed = Driver.parseURL(url, new Properties());
            if (parsed == null) {
                throw ConfigurationException.invalid(POSTGRES_URL,
                        "is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/postgres");
            }
            if (parsed.getProperty("password") != null || parsed.getProperty("user") != null
                    || parsed.getProperty("sslpassword") != null) {
                throw ConfigurationException.invalid(POSTGRES_URL, "carries a user or password (or sslpassword); take them out and"
                        + " set " + POSTGRES_ADMIN_USER.environmentVariable() + " and "
                        + POSTGRES_ADMIN_PASSWORD.environmentVariable() + " (or their properties) instead");
            }
            this.postgresUrl = url;
            return this;
        }

        /** {@link Setting#POSTGRES_ADMIN_USER}; default {@code postgres}. */
        public Builder adminUser(String user) {
            this.adminUser = word(POSTGRES_ADMIN_USER, user);
            return this;
        }

        /** {@link Setting#POSTGRES_ADMIN_PASSWORD}. */
        public Builder adminPassword(Secret password) {
            this.adminPassword = Objects.requireNonNull(password, "password");
            return this;
        }

        /** {@link Setting#POSTGRES_DATABASE}; default the service name. */
        public Builder database(String database) {
            String name = word(POSTGRES_DATABASE, database);
            checked(POSTGRES_DATABASE, () -> ServiceDatabase.builder(name));
            this.database = name;
            return this;
        }

        /** {@link Setting#POSTGRES_ROLE}; default the database name. */
        public Builder role(String role) {
            String name = word(POSTGRES_ROLE, role);
            this.role = checked(POSTGRES_ROLE, () -> ServiceDatabase.builder("any").owner(name).build().owner());
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

        /** {@link Setting#REDIS_USER_PASSWORD}: the service connects to Redis as its own ACL user. */
        public Builder redisUserPassword(Secret password) {
            this.redisUserPassword = Objects.requireNonNull(password, "Redis user password");
            return this;
        }

        /** {@link Setting#POSTGRES_READ_ONLY_PASSWORD}: adds a read-only role. */
        public Builder readOnlyPassword(Secret password) {
            this.readOnlyPassword = Objects.requireNonNull(password, "read-only password");
            return this;
        }

        /** {@link Setting#POSTGRES_CONNECTION_LIMIT}: {@code -1} (none), {@code 0} or positive. */
        public Builder connectionLimit(int limit) {
            checked(POSTGRES_CONNECTION_LIMIT, () -> ServiceDatabase.builder("any").connectionLimit(limit));
            this.connectionLimit = limit;
            return this;
        }

        /** {@link Setting#POSTGRES_EXTENSIONS}, replacing any before. */
        public Builder extensions(String... names) {
            return extensions(List.of(names));
        }

        /** {@link Setting#POSTGRES_EXTENSIONS}, replacing any before. */
        public Builder extensions(List<String> names) {
            List<String> valid = entries(POSTGRES_EXTENSIONS, names);
            checked(POSTGRES_EXTENSIONS, () -> ServiceDatabase.builder("any").extensions(valid.toArray(String[]::new)));
            this.extensions = valid;
            return this;
        }

        /** {@link Setting#POSTGRES_SCHEMAS}, replacing any before. */
        public Builder schemas(String... names) {
            return schemas(List.of(names));
        }

        /** {@link Setting#POSTGRES_SCHEMAS}, replacing any before. */
        public Builder schemas(List<String> names) {
            List<String> valid = entries(POSTGRES_SCHEMAS, names);
            checked(POSTGRES_SCHEMAS, () -> ServiceDatabase.builder("any").schemas(valid.toArray(String[]::new)));
            this.schemas = valid;
            return this;
        }

        /**
         * Adds a database to {@link Setting#POSTGRES_OTHER_DATABASES}, owned by a role of the same name with the
         * given password, or none.
         */
        public Builder otherDatabase(String name, Optional<Secret> password) {
            String valid = entries(POSTGRES_OTHER_DATABASES, List.of(name)).get(0);
            checked(POSTGRES_OTHER_DATABASES, () -> ServiceDatabase.builder(valid).build());
            if (otherDatabases.putIfAbsent(valid, Objects.requireNonNull(password, "password")) != null) {
                throw ConfigurationException.invalid(POSTGRES_OTHER_DATABASES, "names " + valid + " twice");
            }
            return this;
        }

        /** The other databases added so far, for {@link SettingSource#otherDatabases()}. */
        List<ServiceDatabase> otherDatabases() {
            return databases(otherDatabases);
        }

        /** {@link Setting#POSTGRES_POOL_SIZE}: 0 (no pool) or more. */
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

        /** {@link Setting#REDIS_URL}: {@code redis[s]://[[user]:password@]host[:port][/database]}. */
        public Builder redisUrl(String url) {
            return redisUrl(url, REDIS_URL.property());
        }

        /** The Redis URL as read from {@code setting}, which {@link RedisUrl#setting()} and messages name. */
        Builder redisUrl(String url, String setting) {
            try {
                RedisUrl.parse(setting, url);
            } catch (RedisLayoutException e) {
                throw ConfigurationException.invalid(REDIS_URL, e.getMessage());
            }
            this.redisUrl = url;
            this.redisUrlSetting = setting;
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
            if (Objects.requireNonNull(severity, "severity") == Severity.INFO) {
                throw ConfigurationException.invalid(REDIS_EVICTION_RISK, "must be error or warning, was info");
            }
            this.redisEvictionRisk = severity;
            return this;
        }

        /** {@link Setting#REDIS_WITHOUT_DATABASES}; default {@link Fallback#FAIL}. */
        public Builder redisWithoutDatabases(Fallback fallback) {
            this.redisWithoutDatabases = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /** {@link Setting#WAIT_TIMEOUT}: positive; default 60 seconds. */
        public Builder waitTimeout(Duration timeout) {
            if (timeout.isZero() || timeout.isNegative()) {
                throw ConfigurationException.invalid(WAIT_TIMEOUT, "must be positive, was " + Values.format(timeout));
            }
            this.waitTimeout = timeout;
            return this;
        }

        /** {@link Setting#WAIT_STABLE_COUNT}: 1 or more; default 1. */
        public Builder waitStableCount(int count) {
            if (count < 1) {
                throw ConfigurationException.invalid(WAIT_STABLE_COUNT, "must be 1 or more, was " + count);
            }
            this.waitStableCount = count;
            return this;
        }

        /** {@link Setting#WAIT_STABLE_SPACING}: zero or positive; default 200 ms. */
        public Builder waitStableSpacing(Duration spacing) {
            if (spacing.isNegative()) {
                throw ConfigurationException.invalid(WAIT_STABLE_SPACING, "must not be negative, was "
                        + Values.format(spacing));
            }
            this.waitStableSpacing = spacing;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws ConfigurationException when a required setting is missing (the service, the PostgreSQL URL, the
         *                                role's password; the administrator's password in ensure mode; the Redis
         *                                URL, layout and environment when purposes are given), when the pool is
         *                                larger than the connection limit, or when the environment or a purpose
         *                                is not in the layout
         */
        public SharedServicesConfig build() {
            require(SERVICE, service, "the service's name");
            require(POSTGRES_URL, postgresUrl, "where the PostgreSQL server is");
            require(POSTGRES_PASSWORD, password, "the password of the service's role");
            if (mode == Mode.ENSURE && adminPassword == null) {
                throw missing(POSTGRES_ADMIN_PASSWORD, "mode ensure acts as the administrator; give its password,"
                        + " or use mode verify");
            }
            if (connectionLimit != null && connectionLimit >= 0 && poolSize > connectionLimit) {
                throw ConfigurationException.invalid(POSTGRES_POOL_SIZE, "is " + poolSize + ", more than the "
                        + connectionLimit + " connections " + POSTGRES_CONNECTION_LIMIT.names()
                        + " lets the role hold; lower the pool or raise the limit");
            }
            if (!redisPurposes.isEmpty()) {
                checkRedis();
            }
            return new SharedServicesConfig(this);
        }

        private void checkRedis() {
            require(REDIS_URL, redisUrl, "the Redis server, since purposes are given");
            require(REDIS_LAYOUT, redisLayout, "which database each purpose uses, since purposes are given");
            require(ENVIRONMENT, environment, "the environment whose purposes the service uses");
            if (!redisLayout.environments().contains(environment)) {
                throw ConfigurationException.invalid(ENVIRONMENT, "'" + environment + "' is not in the Redis layout,"
                        + " which has " + String.join(", ", redisLayout.environments()));
            }
            try {
                redisLayout.targets(environment, redisPurposes.toArray(String[]::new));
            } catch (RedisLayoutException e) {
                throw ConfigurationException.invalid(REDIS_PURPOSES, e.getMessage());
            }
        }

        private static void require(Setting setting, Object value, String what) {
            if (value == null) {
                throw missing(setting, what);
            }
        }

        private static ConfigurationException missing(Setting setting, String what) {
            String aliases = setting.aliases().isEmpty() ? "" : " (or " + String.join(", ", setting.aliases()) + ")";
            return new ConfigurationException(setting, setting.names() + aliases + " is not set: " + what);
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
