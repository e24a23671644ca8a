package dev.sharedsvc.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.sharedsvc.redis.RedisUrl;

/**
 * Every key of a {@link SharedServicesConfig}, with its property name, its environment variable and its default:
 * the table that the README, the framework adapters and the command line share, so that a key means the same
 * wherever it is set.
 *
 * <p><b>Names.</b> A property is {@code sharedsvc.} followed by the key, such as {@code sharedsvc.postgres.pool-size};
 * its environment variable is the property upper-cased with every {@code .} and {@code -} replaced by {@code _}:
 * {@code SHAREDSVC_POSTGRES_POOL_SIZE}. No two keys map to the same variable.
 *
 * <p><b>Secrets</b> ({@link #secret()}) may instead be read from a file, as Docker and Kubernetes mount them: the
 * property with {@code -file} appended, or the variable with {@code _FILE} appended, names the file, whose content
 * is the value with one trailing line break removed. Setting a secret and its file at the same level is an error.
 *
 * <p><b>Aliases</b> ({@link #aliases()}) are environment variables of the setups sharedsvc replaces, read when
 * neither the property nor the variable is set: {@code POSTGRES_USER}, {@code POSTGRES_PASSWORD},
 * {@code POSTGRES_MULTIPLE_DATABASES}, {@code REDIS_URL} and {@code CACHE_REDIS_URL}.
 */
public enum Setting {

    SERVICE("service", false, "(required)",
            "The service's name. Its database and login role are named after it unless set otherwise."),
    ENVIRONMENT("environment", false, "(required with Redis purposes)",
            "The environment whose Redis databases the service uses, as named in the layout (prod, staging, dev)."),
    MODE("mode", false, "`ensure` when an administrator password or certificate is set, else `verify`",
            "`ensure`: create or fix the database and role as the administrator (without a password or"
                    + " certificate it logs in without one: trust or peer); `verify`: check them with the"
                    + " service's own login and fail naming what is missing and the command that fixes it;"
                    + " `off`: neither (someone else provisions); the servers are still awaited, Redis checked and"
                    + " the service connected, in every adapter alike."),
    POSTGRES_URL("postgres.url", false, "(required)",
            "JDBC URL of the PostgreSQL server, such as `jdbc:postgresql://db:5432/postgres`. Its database is the"
                    + " one the administrator connects to (default `postgres`); the service connects to its own."
                    + " Options (`sslmode`, ...) are kept; a user or password in it is refused."),
    POSTGRES_POOLED_URL("postgres.pooled-url", false, "(none: `postgres.url` for everything)",
            "JDBC URL of a pooler in front of that server, such as PgBouncer in transaction mode"
                    + " (`jdbc:postgresql://pgbouncer:6432/postgres`): the service's pool and health checks go through"
                    + " it, with `prepareThreshold=0` unless it sets its own; the administrator, the provisioning"
                    + " lock, the service check and the migrations stay on `postgres.url`, which then names the"
                    + " server directly. Readiness waits for both. Must name other hosts than `postgres.url`; a user,"
                    + " password or client certificate in it is refused."),
    POSTGRES_ADMIN_USER("postgres.admin-user", false, "`postgres`",
            "The administrator: a superuser, or a role with CREATEROLE and CREATEDB. Used in `ensure` mode only.",
            "POSTGRES_USER"),
    POSTGRES_ADMIN_PASSWORD("postgres.admin-password", true, "(none)",
            "The administrator's password. Setting it makes `ensure` the default mode.", "POSTGRES_PASSWORD"),
    POSTGRES_ADMIN_SSL_CERT("postgres.admin-ssl-cert", false, "the URL's `sslcert`, if any",
            "The administrator's client certificate file, for a server that authenticates it by certificate;"
                    + " with `postgres.admin-ssl-key`. Setting it makes `ensure` the default mode. Never used for"
                    + " the service's login."),
    POSTGRES_ADMIN_SSL_KEY("postgres.admin-ssl-key", false, "the URL's `sslkey`, if any",
            "The private key of the administrator's client certificate."),
    POSTGRES_DATABASE("postgres.database", false, "the service name", "The service's database."),
    POSTGRES_ROLE("postgres.role", false, "the database name",
            "The login role that owns the database; the service, its migrations and its pool use it."),
    POSTGRES_PASSWORD("postgres.password", true, "(required without a certificate)",
            "The password of the service's role. Provisioning sets no password that is not given here."),
    POSTGRES_SSL_CERT("postgres.ssl-cert", false, "(none)",
            "The client certificate file the service's role logs in with, instead of a password; with"
                    + " `postgres.ssl-key`."),
    POSTGRES_SSL_KEY("postgres.ssl-key", false, "(none)", "The private key of the service's client certificate."),
    POSTGRES_CONNECTION_LIMIT("postgres.connection-limit", false, "(left as it is)",
            "The connection limit of each login of the service: its role and, with roles by duty, its application"
                    + " logins (not the read-only role). `-1` for none, `0` for no connections, a positive number for"
                    + " that many. The pool must fit inside it."),
    POSTGRES_EXTENSIONS("postgres.extensions", false, "(none)",
            "Extensions the database must have, comma-separated, such as `pgcrypto,citext`."),
    POSTGRES_SCHEMAS("postgres.schemas", false, "(none)",
            "Schemas the database must have, owned by the role, comma-separated."),
    POSTGRES_OTHER_DATABASES("postgres.other-databases", false, "(none)",
            "More databases to ensure, comma-separated, each owned by a role of its name whose password is"
                    + " `<NAME>_PASSWORD` or `<NAME>_PASSWORD_FILE` (the name upper-cased, other characters than"
                    + " letters and digits as `_`); without one the role gets no password. `ensure` mode only.",
            "POSTGRES_MULTIPLE_DATABASES"),
    POSTGRES_POOL_SIZE("postgres.pool-size", false, "`10`",
            "The most connections the service's pool holds. With `SharedServices.bootstrap`, the HikariCP pool;"
                    + " `0` for no pool. With a framework that starts its own pool (Spring Boot, Quarkus), that"
                    + " pool's size: its own key may state it instead, both must agree, and `0` is refused."),
    POSTGRES_MIGRATIONS("postgres.migrations", false, "(none: no migrations)",
            "Flyway locations, comma-separated, such as `classpath:db/migration`; run as the service's role, by"
                    + " sharedsvc or by the framework's Flyway when it migrates (then its own locations key must be"
                    + " unset or the same)."),
    FLYWAY("flyway", false, "(none; sharedsvc's own Flyway sets `postgresql.transactional.lock=false`)",
            "A prefix, not a key: `sharedsvc.flyway.<property>` (variable `SHAREDSVC_FLYWAY_<PROPERTY>`, as Flyway"
                    + " names its own `FLYWAY_<PROPERTY>`) is Flyway's setting `flyway.<property>` for the migrations"
                    + " sharedsvc runs, such as `sharedsvc.flyway.placeholders.tenant=acme`,"
                    + " `sharedsvc.flyway.schemas=app` or `sharedsvc.flyway.postgresql.transactional.lock=true`; a name"
                    + " or value Flyway rejects is refused with Flyway's reason. Refused: `url`, `user`, `password`,"
                    + " `driver`, `jdbcProperties.*` (sharedsvc connects) and `locations` (`postgres.migrations`);"
                    + " all of them when the framework's Flyway migrates (use its own keys)."),
    REDIS_URL("redis.url", true, "(none)",
            "The Redis server, `redis[s]://[[user]:password@]host[:port]`; the database in it is replaced by the"
                    + " layout's. Aliases are read for the address only; when they select another database than"
                    + " the layout gives, the report warns.", RedisUrl.REDIS_URL, RedisUrl.CACHE_REDIS_URL),
    REDIS_LAYOUT("redis.layout", false, "(required with Redis purposes)",
            "The Redis layout, such as `prod.broker=0, prod.cache=1, dev.broker=4, dev.cache=5`."),
    REDIS_PURPOSES("redis.purposes", false, "(none: no Redis)",
            "The purposes the service uses in its environment, comma-separated, such as `cache,broker`; one"
                    + " connection each."),
    REDIS_EVICTION_RISK("redis.eviction-risk", false, "`error`",
            "How a memory policy that can evict a durable purpose's keys is reported: `error` or `warning`."),
    REDIS_WITHOUT_DATABASES("redis.without-databases", false, "`fail`",
            "On a server without separate databases (Redis Cluster, SELECT refused or ignored): `fail`, or"
                    + " `key-prefix` to put each purpose's keys under `environment:purpose:` in database 0."),
    WAIT_TIMEOUT("wait.timeout", false, "`60s`",
            "The one deadline of a start or command: the wait for the servers to be ready and every login after"
                    + " it (retried while the server is out of slots or starting) share it; a number with `ms`, `s`,"
                    + " `m` or `h`, or ISO-8601 (`PT1M`); positive."),
    WAIT_STABLE_COUNT("wait.stable-count", false, "`1`",
            "Good probes in a row, from the same server instance, before a server counts as ready; `3` rides out"
                    + " the restart of the Docker PostgreSQL image after its init scripts."),
    WAIT_STABLE_SPACING("wait.stable-spacing", false, "`200ms`",
            "The pause between those probes; zero or positive."),
    DEV_SERVICES_ENABLED("dev-services.enabled", false,
            "`true` when run for development (Spring Boot with DevTools, Quarkus dev and test mode), else `false`",
            "Start or join the machine's shared development PostgreSQL and Redis when no `postgres.url` is set,"
                    + " and connect the service to them. `true` also in a packaged run; `false` never."),
    DEV_SERVICES_POSTGRES_PORT("dev-services.postgres-port", false, "`54329`",
            "The loopback port of the shared development PostgreSQL."),
    DEV_SERVICES_REDIS_PORT("dev-services.redis-port", false, "`63799`",
            "The loopback port of the shared development Redis."),
    DEV_SERVICES_DIRECTORY("dev-services.directory", false, "`~/.sharedsvc/dev`",
            "The directory of the development servers' data, logs and password files (owner-only)."),
    DEV_SERVICES_IDLE_TIMEOUT("dev-services.idle-timeout", false, "`30m`",
            "How long the development servers run with no client connected before they stop themselves; `0s`"
                    + " for never (stop them with `sharedsvc-cli dev down`). Applies when a start launches them."),
    DEV_SERVICES_POSTGRES_VERSION("dev-services.postgres-version", false, "`18`",
            "The PostgreSQL major version of the development server, 13 to 18 (other than 18 fetched once);"
                    + " a data directory of another version is refused, never deleted."),
    POSTGRES_APPLICATION_PASSWORD("postgres.application-password", true, "(none: one role does all)",
            "Turns on roles by duty: the role owns the schema and runs the migrations, and an application role"
                    + " `<role>_app` with this password, which may only read and write rows, is what the pool logs"
                    + " in as."),
    POSTGRES_READ_ONLY_PASSWORD("postgres.read-only-password", true, "(none: no read-only role)",
            "Adds a read-only role `<role>_ro` with this password, which may only read the tables (dashboards,"
                    + " monitoring)."),
    REDIS_USER_PASSWORD("redis.user-password", true, "(none: the service uses the URL's login)",
            "The password of the service's own Redis ACL user `<service>@<environment>` (Redis 6.2 or newer): made"
                    + " in `ensure` mode with the URL's login, which must be allowed to run `ACL`; the service"
                    + " then connects as that user.");

    /** The prefix of every property. */
    public static final String PREFIX = "sharedsvc.";
    /** Appended to a property to name a file holding the value. */
    static final String FILE_PROPERTY = "-file";
    /** Appended to an environment variable to name a file holding the value. */
    static final String FILE_VARIABLE = "_FILE";

    private final String key;
    private final boolean secret;
    private final String defaultValue;
    private final String description;
    private final List<String> aliases;

    Setting(String key, boolean secret, String defaultValue, String description, String... aliases) {
        this.key = key;
        this.secret = secret;
        this.defaultValue = defaultValue;
        this.description = description;
        this.aliases = List.of(aliases);
    }

    /** The property, such as {@code sharedsvc.postgres.pool-size}. */
    public String property() {
        return PREFIX + key;
    }

    /** The environment variable, such as {@code SHAREDSVC_POSTGRES_POOL_SIZE}. */
    public String environmentVariable() {
        return property().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /**
     * The property that names a file holding the value, such as {@code sharedsvc.postgres.password-file}; empty
     * for a setting that is not a secret.
     */
    public Optional<String> fileProperty() {
        return secret ? Optional.of(property() + FILE_PROPERTY) : Optional.empty();
    }

    /**
     * The environment variable that names a file holding the value, such as
     * {@code SHAREDSVC_POSTGRES_PASSWORD_FILE}; empty for a setting that is not a secret.
     */
    public Optional<String> fileEnvironmentVariable() {
        return secret ? Optional.of(environmentVariable() + FILE_VARIABLE) : Optional.empty();
    }

    /** Whether the value is a secret: never shown, and readable from a file. */
    public boolean secret() {
        return secret;
    }

    /** The environment variables of older setups read when neither name is set, in the order they are tried. */
    public List<String> aliases() {
        return aliases;
    }

    /** The default, as the README's configuration table shows it. */
    public String defaultValue() {
        return defaultValue;
    }

    /** What the setting means, as the README's configuration table shows it. */
    public String description() {
        return description;
    }

    /**
     * The property and the variable, and their file forms for a secret, as messages name the setting, such as
     * {@code sharedsvc.postgres.pool-size (SHAREDSVC_POSTGRES_POOL_SIZE)}.
     */
    public String names() {
        String names = property() + " (" + environmentVariable() + ")";
        if (secret) {
            names += " or " + fileProperty().get() + " (" + fileEnvironmentVariable().get() + ")";
        }
        return names;
    }
}
