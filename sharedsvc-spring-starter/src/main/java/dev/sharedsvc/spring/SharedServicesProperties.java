package dev.sharedsvc.spring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.redis.RedisServerCheck;

/**
 * The {@code sharedsvc.*} properties: one for each {@link Setting} of sharedsvc-core's configuration, with the same
 * names, meanings and defaults as the {@code SHAREDSVC_*} environment variables the core reads in any other
 * application. This class gives IDEs their completion and documentation (the generated
 * {@code META-INF/spring-configuration-metadata.json}) and shows the values on {@code /actuator/configprops}; the
 * starter itself hands Spring's {@code Environment} to the core, which reads and checks the values, so a key means
 * exactly the same in a Spring Boot application as anywhere else. (Durations are therefore text here: the core
 * reads {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} and ISO-8601, and refuses a bare number.)
 *
 * <p>One difference: {@code sharedsvc.mode=off} makes the starter step aside altogether, so that the application's
 * own {@code spring.datasource.*} and {@code spring.data.redis.*} apply.
 *
 * <p>Secrets (the two passwords and the Redis URL) may instead be read from a file, as Docker and Kubernetes mount
 * them: {@code sharedsvc.postgres.password-file=/run/secrets/db-password}.
 */
@ConfigurationProperties(prefix = "sharedsvc")
public class SharedServicesProperties {

    /**
     * The service's name. Its database and login role are named after it unless set otherwise. Required: without
     * any sharedsvc property the starter does nothing.
     */
    private String service;

    /**
     * The environment whose Redis databases the service uses, as named in the layout (prod, staging, dev).
     * Required with Redis purposes.
     */
    private String environment;

    /**
     * 'ensure': create or fix the database and role as the administrator; 'verify': check them with the service's
     * own login and fail naming what is missing and the command that fixes it; 'off': the starter steps aside and
     * configures nothing (the application's own spring.datasource.* apply). Default 'ensure' when an administrator
     * password is set, else 'verify'.
     */
    private Mode mode;

    private final Postgres postgres = new Postgres();

    private final Redis redis = new Redis();

    private final Wait wait = new Wait();

    private final DevServices devServices = new DevServices();

    /**
     * Flyway's settings for the migrations sharedsvc runs: sharedsvc.flyway.<property> is Flyway's
     * flyway.<property>, such as sharedsvc.flyway.placeholders.tenant=acme or sharedsvc.flyway.schemas=app (Flyway's
     * own names, in camel case). url, user, password, driver, jdbcProperties.* and locations are refused; all of
     * them when Spring Boot's Flyway migrates (use spring.flyway.*).
     */
    private Map<String, String> flyway = new LinkedHashMap<>();

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public Postgres getPostgres() {
        return postgres;
    }

    public Redis getRedis() {
        return redis;
    }

    public Wait getWait() {
        return wait;
    }

    public DevServices getDevServices() {
        return devServices;
    }

    public Map<String, String> getFlyway() {
        return flyway;
    }

    public void setFlyway(Map<String, String> flyway) {
        this.flyway = flyway;
    }

    /** The PostgreSQL server, the service's database and role, and its pool. */
    public static class Postgres {

        /**
         * JDBC URL of the PostgreSQL server, such as jdbc:postgresql://db:5432/postgres. Its database is the one the
         * administrator connects to; the service connects to its own. Options (sslmode, ...) are kept; a user or
         * password in it is refused. Required.
         */
        private String url;

        /**
         * JDBC URL of a pooler in front of that server, such as PgBouncer in transaction mode
         * (jdbc:postgresql://pgbouncer:6432/postgres): Spring Boot's DataSource and the health check go through it,
         * with prepareThreshold=0 unless it sets its own; the administrator and the migrations stay on url, which
         * then names the server directly. Unset: url for everything.
         */
        private String pooledUrl;

        /**
         * The administrator: a superuser, or a role with CREATEROLE and CREATEDB. Used in ensure mode only. Read
         * from POSTGRES_USER when not set.
         */
        private String adminUser = "postgres";

        /**
         * The administrator's password. Setting it makes 'ensure' the default mode. Read from POSTGRES_PASSWORD when
         * not set.
         */
        private String adminPassword;

        /** A file holding the administrator's password (one trailing line break is ignored). */
        private String adminPasswordFile;

        /**
         * The administrator's client certificate file, for a server that authenticates it by certificate; with
         * admin-ssl-key. Setting it makes 'ensure' the default mode. Never used for the service's login. Default: the
         * URL's sslcert, if any.
         */
        private String adminSslCert;

        /** The private key of the administrator's client certificate. Default: the URL's sslkey, if any. */
        private String adminSslKey;

        /** The service's database. Default: the service name. */
        private String database;

        /**
         * The login role that owns the database; the application's DataSource, its Flyway migrations and its health
         * check log in as it. Default: the database name.
         */
        private String role;

        /**
         * The password of the service's role. Required without a certificate. Provisioning sets no password that
         * is not given here.
         */
        private String password;

        /** A file holding the password of the service's role (one trailing line break is ignored). */
        private String passwordFile;

        /** The client certificate file the service's role logs in with, instead of a password; with ssl-key. */
        private String sslCert;

        /**
         * Turns on roles by duty: the role owns the schema and runs the migrations, and an application role
         * {@code <role>_app} with this password, which may only read and write rows, is what the pool logs in as.
         */
        private String applicationPassword;

        /** A file holding the application role's password (one trailing line break is ignored). */
        private String applicationPasswordFile;

        /** Adds a read-only role {@code <role>_ro} with this password, which may only read the tables. */
        private String readOnlyPassword;

        /** A file holding the read-only role's password (one trailing line break is ignored). */
        private String readOnlyPasswordFile;

        /** The private key of the service's client certificate. */
        private String sslKey;

        /**
         * The role's connection limit: -1 for none, 0 for no connections, a positive number for that many. The pool
         * must fit inside it. Default: left as it is.
         */
        private Integer connectionLimit;

        /** Extensions the database must have, such as pgcrypto,citext. */
        private List<String> extensions = new ArrayList<>();

        /** Schemas the database must have, owned by the role. */
        private List<String> schemas = new ArrayList<>();

        /**
         * More databases to ensure, each owned by a role of its name whose password is the environment variable
         * NAME_PASSWORD or NAME_PASSWORD_FILE. Ensure mode only. Read from POSTGRES_MULTIPLE_DATABASES when not set.
         */
        private List<String> otherDatabases = new ArrayList<>();

        /**
         * The most connections Spring Boot's HikariCP pool holds (its maximum-pool-size, which this replaces);
         * checked against the role's connection limit and the server's free connections before the pool exists. 0
         * leaves spring.datasource.hikari.maximum-pool-size in charge, unchecked.
         */
        private Integer poolSize = 10;

        /**
         * Flyway locations, such as classpath:db/migration: they replace spring.flyway.locations (whose default is
         * classpath:db/migration). Spring Boot's Flyway runs them as the service's role; it needs
         * spring-boot-starter-flyway.
         */
        private List<String> migrations = new ArrayList<>();

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getPooledUrl() {
            return pooledUrl;
        }

        public void setPooledUrl(String pooledUrl) {
            this.pooledUrl = pooledUrl;
        }

        public String getAdminSslCert() {
            return adminSslCert;
        }

        public void setAdminSslCert(String adminSslCert) {
            this.adminSslCert = adminSslCert;
        }

        public String getAdminSslKey() {
            return adminSslKey;
        }

        public void setAdminSslKey(String adminSslKey) {
            this.adminSslKey = adminSslKey;
        }

        public String getApplicationPassword() {
            return applicationPassword;
        }

        public void setApplicationPassword(String applicationPassword) {
            this.applicationPassword = applicationPassword;
        }

        public String getApplicationPasswordFile() {
            return applicationPasswordFile;
        }

        public void setApplicationPasswordFile(String applicationPasswordFile) {
            this.applicationPasswordFile = applicationPasswordFile;
        }

        public String getReadOnlyPassword() {
            return readOnlyPassword;
        }

        public void setReadOnlyPassword(String readOnlyPassword) {
            this.readOnlyPassword = readOnlyPassword;
        }

        public String getReadOnlyPasswordFile() {
            return readOnlyPasswordFile;
        }

        public void setReadOnlyPasswordFile(String readOnlyPasswordFile) {
            this.readOnlyPasswordFile = readOnlyPasswordFile;
        }

        public String getSslCert() {
            return sslCert;
        }

        public void setSslCert(String sslCert) {
            this.sslCert = sslCert;
        }

        public String getSslKey() {
            return sslKey;
        }

        public void setSslKey(String sslKey) {
            this.sslKey = sslKey;
        }

        public String getAdminUser() {
            return adminUser;
        }

        public void setAdminUser(String adminUser) {
            this.adminUser = adminUser;
        }

        public String getAdminPassword() {
            return adminPassword;
        }

        public void setAdminPassword(String adminPassword) {
            this.adminPassword = adminPassword;
        }

        public String getAdminPasswordFile() {
            return adminPasswordFile;
        }

        public void setAdminPasswordFile(String adminPasswordFile) {
            this.adminPasswordFile = adminPasswordFile;
        }

        public String getDatabase() {
            return database;
        }

        public void setDatabase(String database) {
            this.database = database;
        }

        public String getRole() {
            return role;
        }

        public void setRole(String role) {
            this.role = role;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public String getPasswordFile() {
            return passwordFile;
        }

        public void setPasswordFile(String passwordFile) {
            this.passwordFile = passwordFile;
        }

        public Integer getConnectionLimit() {
            return connectionLimit;
        }

        public void setConnectionLimit(Integer connectionLimit) {
            this.connectionLimit = connectionLimit;
        }

        public List<String> getExtensions() {
            return extensions;
        }

        public void setExtensions(List<String> extensions) {
            this.extensions = extensions;
        }

        public List<String> getSchemas() {
            return schemas;
        }

        public void setSchemas(List<String> schemas) {
            this.schemas = schemas;
        }

        public List<String> getOtherDatabases() {
            return otherDatabases;
        }

        public void setOtherDatabases(List<String> otherDatabases) {
            this.otherDatabases = otherDatabases;
        }

        public Integer getPoolSize() {
            return poolSize;
        }

        public void setPoolSize(Integer poolSize) {
            this.poolSize = poolSize;
        }

        public List<String> getMigrations() {
            return migrations;
        }

        public void setMigrations(List<String> migrations) {
            this.migrations = migrations;
        }
    }

    /** The Redis server, its layout, and the purposes the service uses. */
    public static class Redis {

        /**
         * The Redis server, redis[s]://[[user]:password@]host[:port]; the database in it is replaced by the layout's.
         * Read from REDIS_URL or CACHE_REDIS_URL when not set.
         */
        private String url;

        /** A file holding the Redis URL (one trailing line break is ignored). */
        private String urlFile;

        /**
         * The password of the service's own Redis ACL user {@code <service>@<environment>} (Redis 6.2 or newer); the
         * service then connects as that user.
         */
        private String userPassword;

        /** A file holding the Redis user's password (one trailing line break is ignored). */
        private String userPasswordFile;

        /**
         * Which database each environment and purpose uses, such as 'prod.broker=0, prod.cache=1, dev.broker=4,
         * dev.cache=5'. Required with purposes.
         */
        private String layout;

        /**
         * The purposes the service uses in its environment, such as cache,broker. The first one is Spring Boot's
         * Redis connection (RedisTemplate, StringRedisTemplate, caching); every one is reachable through the
         * SharedServicesRedis bean. Default: none, no Redis.
         */
        private List<String> purposes = new ArrayList<>();

        /**
         * How a memory policy that can evict a durable purpose's keys is reported: 'error' (the start fails) or
         * 'warning'.
         */
        private String evictionRisk = "error";

        /**
         * On a server without separate databases (Redis Cluster, SELECT refused or ignored): 'fail', or 'key-prefix'
         * to put each purpose's keys under environment:purpose: in database 0.
         */
        private RedisServerCheck.Fallback withoutDatabases = RedisServerCheck.Fallback.FAIL;

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUserPassword() {
            return userPassword;
        }

        public void setUserPassword(String userPassword) {
            this.userPassword = userPassword;
        }

        public String getUserPasswordFile() {
            return userPasswordFile;
        }

        public void setUserPasswordFile(String userPasswordFile) {
            this.userPasswordFile = userPasswordFile;
        }

        public String getUrlFile() {
            return urlFile;
        }

        public void setUrlFile(String urlFile) {
            this.urlFile = urlFile;
        }

        public String getLayout() {
            return layout;
        }

        public void setLayout(String layout) {
            this.layout = layout;
        }

        public List<String> getPurposes() {
            return purposes;
        }

        public void setPurposes(List<String> purposes) {
            this.purposes = purposes;
        }

        public String getEvictionRisk() {
            return evictionRisk;
        }

        public void setEvictionRisk(String evictionRisk) {
            this.evictionRisk = evictionRisk;
        }

        public RedisServerCheck.Fallback getWithoutDatabases() {
            return withoutDatabases;
        }

        public void setWithoutDatabases(RedisServerCheck.Fallback withoutDatabases) {
            this.withoutDatabases = withoutDatabases;
        }
    }

    /** How long to wait for the servers before the application's beans are created. */
    public static class Wait {

        /**
         * How long to wait for the servers to be ready, such as 500ms, 30s, 2m, 1h or PT1M (a bare number is
         * refused); positive. The start fails with a report of every server's last state when it passes.
         */
        private String timeout = "60s";

        /**
         * Good probes in a row, from the same server instance, before a server counts as ready; 3 rides out the
         * restart of the Docker PostgreSQL image after its init scripts.
         */
        private Integer stableCount = 1;

        /** The pause between those probes, such as 200ms; zero or positive. */
        private String stableSpacing = "200ms";

        public String getTimeout() {
            return timeout;
        }

        public void setTimeout(String timeout) {
            this.timeout = timeout;
        }

        public Integer getStableCount() {
            return stableCount;
        }

        public void setStableCount(Integer stableCount) {
            this.stableCount = stableCount;
        }

        public String getStableSpacing() {
            return stableSpacing;
        }

        public void setStableSpacing(String stableSpacing) {
            this.stableSpacing = stableSpacing;
        }
    }

    /** The machine's shared development PostgreSQL and Redis, used when no sharedsvc.postgres.url is set. */
    public static class DevServices {

        /**
         * Start or join the shared development servers when no sharedsvc.postgres.url is set, and connect the
         * service to them. Default: true when run with Spring Boot DevTools (not from a packaged jar), else false;
         * true also starts them in a packaged run. Needs dev.sharedsvc:sharedsvc-embedded on the class path.
         */
        private Boolean enabled;

        /** The loopback port of the shared development PostgreSQL. */
        private Integer postgresPort = 54329;

        /** The loopback port of the shared development Redis. */
        private Integer redisPort = 63799;

        /** The directory of the development servers' data, logs and password files; default ~/.sharedsvc/dev. */
        private String directory;

        /**
         * How long the development servers run with no client connected before they stop themselves, such as 30m;
         * 0s for never. Applies when a start launches them.
         */
        private String idleTimeout = "30m";

        /** The PostgreSQL major version of the development server, 13 to 18; default 18. */
        private Integer postgresVersion;

        public Boolean getEnabled() {
            return enabled;
        }

        public void setEnabled(Boolean enabled) {
            this.enabled = enabled;
        }

        public Integer getPostgresPort() {
            return postgresPort;
        }

        public void setPostgresPort(Integer postgresPort) {
            this.postgresPort = postgresPort;
        }

        public Integer getRedisPort() {
            return redisPort;
        }

        public void setRedisPort(Integer redisPort) {
            this.redisPort = redisPort;
        }

        public String getDirectory() {
            return directory;
        }

        public void setDirectory(String directory) {
            this.directory = directory;
        }

        public String getIdleTimeout() {
            return idleTimeout;
        }

        public void setIdleTimeout(String idleTimeout) {
            this.idleTimeout = idleTimeout;
        }

        public Integer getPostgresVersion() {
            return postgresVersion;
        }

        public void setPostgresVersion(Integer postgresVersion) {
            this.postgresVersion = postgresVersion;
        }
    }
}
