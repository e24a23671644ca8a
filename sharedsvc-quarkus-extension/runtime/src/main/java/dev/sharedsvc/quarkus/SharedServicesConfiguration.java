package dev.sharedsvc.quarkus;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.sharedsvc.config.Setting;
import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The sharedsvc settings of a Quarkus application, under {@code quarkus.sharedsvc}: every key of the core's
 * configuration ({@link Setting}, the README's configuration table), with the same meaning and default, such as
 * {@code quarkus.sharedsvc.postgres.url} for {@code sharedsvc.postgres.url}.
 *
 * <p>The extension does not read the values through this mapping: it reads them as text while Quarkus builds its
 * configuration, before any datasource exists, and hands them to {@code SharedServicesConfig.from}, so that a
 * wrong value is reported exactly as in every other way of running sharedsvc. This mapping makes the keys known to
 * Quarkus (no "unrecognized configuration key" warnings) and lists them in one place. The plain {@code sharedsvc.*}
 * properties, the {@code SHAREDSVC_*} environment variables and the aliases ({@code POSTGRES_USER},
 * {@code REDIS_URL}, ...) are read as well; {@code quarkus.sharedsvc.*} wins over {@code sharedsvc.*}.
 */
@ConfigMapping(prefix = "quarkus.sharedsvc")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface SharedServicesConfiguration {

    /** {@link Setting#SERVICE}: the service's name; its database and role are named after it. */
    Optional<String> service();

    /** {@link Setting#ENVIRONMENT}: the environment whose Redis databases the service uses. */
    Optional<String> environment();

    /** {@link Setting#MODE}: {@code ensure}, {@code verify} or {@code off}. */
    Optional<String> mode();

    /** The PostgreSQL server, the service's database and its role. */
    Postgres postgres();

    /** The Redis server, the layout and the service's purposes. */
    Redis redis();

    /** How long to wait for the servers at start-up. */
    @WithName("wait")
    Wait waiting();

    /** The shared development servers, sharedsvc's Dev Service (read at build time in dev and test mode). */
    DevServices devServices();

    /** The readiness checks (with {@code quarkus-smallrye-health}); a Quarkus-only setting. */
    Health health();

    /**
     * {@link Setting#FLYWAY}: Flyway's settings for the migrations sharedsvc runs, by Flyway property
     * ({@code quarkus.sharedsvc.flyway.placeholders.tenant=acme}); refused when quarkus-flyway migrates (use
     * {@code quarkus.flyway.*}).
     */
    Map<String, String> flyway();

    /** {@code quarkus.sharedsvc.postgres.*}. */
    interface Postgres {

        /** {@link Setting#POSTGRES_URL}: the server's JDBC URL, without user or password. */
        Optional<String> url();

        /**
         * {@link Setting#POSTGRES_POOLED_URL}: a pooler in front of that server (PgBouncer), where the datasource and
         * the readiness check connect; the administrator and the migrations stay on {@link #url()}.
         */
        Optional<String> pooledUrl();

        /** {@link Setting#POSTGRES_ADMIN_USER}: the administrator (ensure mode only); default {@code postgres}. */
        Optional<String> adminUser();

        /** {@link Setting#POSTGRES_ADMIN_PASSWORD}: setting it makes {@code ensure} the default mode. */
        Optional<String> adminPassword();

        /** A file holding {@link Setting#POSTGRES_ADMIN_PASSWORD}, as Docker and Kubernetes mount secrets. */
        Optional<String> adminPasswordFile();

        /** {@link Setting#POSTGRES_ADMIN_SSL_CERT}: the administrator's client certificate file. */
        Optional<String> adminSslCert();

        /** {@link Setting#POSTGRES_ADMIN_SSL_KEY}: its private key. */
        Optional<String> adminSslKey();

        /** {@link Setting#POSTGRES_DATABASE}: default the service's name. */
        Optional<String> database();

        /** {@link Setting#POSTGRES_ROLE}: default the database's name. */
        Optional<String> role();

        /** {@link Setting#POSTGRES_PASSWORD}: the password of the service's role. */
        Optional<String> password();

        /** A file holding {@link Setting#POSTGRES_PASSWORD}. */
        Optional<String> passwordFile();

        /** {@link Setting#POSTGRES_APPLICATION_PASSWORD}: turns on roles by duty; the pool logs in as {@code <role>_app}. */
        Optional<String> applicationPassword();

        /** A file holding {@link Setting#POSTGRES_APPLICATION_PASSWORD}. */
        Optional<String> applicationPasswordFile();

        /** {@link Setting#POSTGRES_READ_ONLY_PASSWORD}: adds the read-only role {@code <role>_ro}. */
        Optional<String> readOnlyPassword();

        /** A file holding {@link Setting#POSTGRES_READ_ONLY_PASSWORD}. */
        Optional<String> readOnlyPasswordFile();

        /** {@link Setting#POSTGRES_SSL_CERT}: the client certificate the service's role logs in with. */
        Optional<String> sslCert();

        /** {@link Setting#POSTGRES_SSL_KEY}: its private key. */
        Optional<String> sslKey();

        /** {@link Setting#POSTGRES_CONNECTION_LIMIT}: {@code -1} for none, else the role's limit. */
        Optional<String> connectionLimit();

        /** {@link Setting#POSTGRES_EXTENSIONS}: comma-separated. */
        Optional<String> extensions();

        /** {@link Setting#POSTGRES_SCHEMAS}: comma-separated. */
        Optional<String> schemas();

        /** {@link Setting#POSTGRES_OTHER_DATABASES}: comma-separated, ensure mode only. */
        Optional<String> otherDatabases();

        /**
         * {@link Setting#POSTGRES_POOL_SIZE}: the maximum size of Quarkus's pool ({@code quarkus.datasource.jdbc.max-size}),
         * checked against the role's connection limit; default 10.
         */
        Optional<String> poolSize();

        /**
         * {@link Setting#POSTGRES_MIGRATIONS}: refused in a Quarkus application, whose migrations
         * {@code quarkus-flyway} runs ({@code quarkus.flyway.migrate-at-start=true}), as the service's role.
         */
        Optional<String> migrations();
    }

    /** {@code quarkus.sharedsvc.redis.*}. */
    interface Redis {

        /** {@link Setting#REDIS_URL}: {@code redis[s]://[[user]:password@]host[:port]}. */
        Optional<String> url();

        /** A file holding {@link Setting#REDIS_URL}. */
        Optional<String> urlFile();

        /** {@link Setting#REDIS_USER_PASSWORD}: the password of the service's own Redis ACL user. */
        Optional<String> userPassword();

        /** A file holding {@link Setting#REDIS_USER_PASSWORD}. */
        Optional<String> userPasswordFile();

        /** {@link Setting#REDIS_LAYOUT}: such as {@code prod.cache=1, dev.cache=5}. */
        Optional<String> layout();

        /** {@link Setting#REDIS_PURPOSES}: comma-separated; the first is Quarkus's default Redis client. */
        Optional<String> purposes();

        /** {@link Setting#REDIS_EVICTION_RISK}: {@code error} or {@code warning}. */
        Optional<String> evictionRisk();

        /** {@link Setting#REDIS_WITHOUT_DATABASES}: {@code fail} or {@code key-prefix}. */
        Optional<String> withoutDatabases();
    }

    /** {@code quarkus.sharedsvc.wait.*}. */
    interface DevServices {

        /** {@link Setting#DEV_SERVICES_ENABLED}: default true in dev and test mode when no server is configured. */
        Optional<String> enabled();

        /** {@link Setting#DEV_SERVICES_POSTGRES_PORT}: default 54329. */
        Optional<String> postgresPort();

        /** {@link Setting#DEV_SERVICES_REDIS_PORT}: default 63799. */
        Optional<String> redisPort();

        /** {@link Setting#DEV_SERVICES_DIRECTORY}: default {@code ~/.sharedsvc/dev}. */
        Optional<String> directory();

        /** {@link Setting#DEV_SERVICES_IDLE_TIMEOUT}: such as {@code 30m} (the default), {@code 0s} for never. */
        Optional<String> idleTimeout();

        /** {@link Setting#DEV_SERVICES_POSTGRES_VERSION}: 13 to 18; default 18. */
        Optional<String> postgresVersion();
    }

    interface Wait {

        /** {@link Setting#WAIT_TIMEOUT}: such as {@code 60s}; default 60 seconds. */
        Optional<String> timeout();

        /** {@link Setting#WAIT_STABLE_COUNT}: good probes in a row; default 1. */
        Optional<String> stableCount();

        /** {@link Setting#WAIT_STABLE_SPACING}: the pause between them; default 200 ms. */
        Optional<String> stableSpacing();
    }

    /** {@code quarkus.sharedsvc.health.*}. */
    interface Health {

        /**
         * How long one readiness check of a server may take (connect, log in, query); a server slower than that is
         * reported DOWN. Keep it under the probe timeout of the orchestrator (Kubernetes: 1 second by default).
         */
        @WithDefault("900ms")
        Duration timeout();
    }
}
