package dev.sharedsvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.ServiceRedis;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;

class SharedServicesConfigTest {

    private static final String LAYOUT = "prod.broker=0, prod.cache=1, dev.broker=4, dev.cache=5";

    @TempDir
    Path files;

    /** The least a service needs, as environment variables. */
    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("SHAREDSVC_SERVICE", "backend");
        env.put("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db:5432/postgres");
        env.put("SHAREDSVC_POSTGRES_PASSWORD", "backend-Secret-1");
        return env;
    }

    private static SharedServicesConfig read(Map<String, String> env) {
        return SharedServicesConfig.from(env::get, name -> null);
    }

    private static ConfigurationException failure(Map<String, String> env, Map<String, String> properties) {
        return catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.from(env::get, properties::get));
    }

    private static ConfigurationException failure(Map<String, String> env) {
        return failure(env, Map.of());
    }

    @Test
    void everyKeyIsReadFromTheEnvironment() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_ENVIRONMENT", "dev");
        env.put("SHAREDSVC_MODE", "Ensure");
        env.put("SHAREDSVC_POSTGRES_ADMIN_USER", "cloudadmin");
        env.put("SHAREDSVC_POSTGRES_ADMIN_PASSWORD", "admin-Secret-1");
        env.put("SHAREDSVC_POSTGRES_DATABASE", "orders");
        env.put("SHAREDSVC_POSTGRES_ROLE", "orders_app");
        env.put("SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "20");
        env.put("SHAREDSVC_POSTGRES_EXTENSIONS", "pgcrypto, citext");
        env.put("SHAREDSVC_POSTGRES_SCHEMAS", "app");
        env.put("SHAREDSVC_POSTGRES_OTHER_DATABASES", "keycloak");
        env.put("KEYCLOAK_PASSWORD", "keycloak-Secret-1");
        env.put("SHAREDSVC_POSTGRES_POOL_SIZE", "15");
        env.put("SHAREDSVC_POSTGRES_MIGRATIONS", "classpath:db/migration,filesystem:/sql");
        env.put("SHAREDSVC_REDIS_URL", "redis://:redis-Secret-1@cache:6380");
        env.put("SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        env.put("SHAREDSVC_REDIS_PURPOSES", "cache,broker");
        env.put("SHAREDSVC_REDIS_EVICTION_RISK", "warning");
        env.put("SHAREDSVC_REDIS_WITHOUT_DATABASES", "key-prefix");
        env.put("SHAREDSVC_WAIT_TIMEOUT", "90s");
        env.put("SHAREDSVC_WAIT_STABLE_COUNT", "3");
        env.put("SHAREDSVC_WAIT_STABLE_SPACING", "250ms");

        SharedServicesConfig config = read(env);

        assertThat(config.service()).isEqualTo("backend");
        assertThat(config.environment()).contains("dev");
        assertThat(config.mode()).isEqualTo(Mode.ENSURE);
        assertThat(config.admin().orElseThrow().user()).isEqualTo("cloudadmin");
        assertThat(config.admin().flatMap(PostgresLogin::password)).contains(Secret.of("admin-Secret-1"));
        ServiceDatabase database = config.serviceDatabase();
        assertThat(database.database()).isEqualTo("orders");
        assertThat(database.owner()).isEqualTo("orders_app");
        assertThat(database.password()).contains(Secret.of("backend-Secret-1"));
        assertThat(database.connectionLimit()).hasValue(20);
        assertThat(database.extensions()).containsExactly("pgcrypto", "citext");
        assertThat(database.schemas()).containsExactly("app");
        assertThat(config.otherDatabases()).singleElement().satisfies(other -> {
            assertThat(other.database()).isEqualTo("keycloak");
            assertThat(other.password()).contains(Secret.of("keycloak-Secret-1"));
        });
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:postgresql://db:5432/orders?assumeMinServerVersion=13");
        assertThat(config.poolSize()).isEqualTo(15);
        assertThat(config.migrations()).containsExactly("classpath:db/migration", "filesystem:/sql");
        assertThat(config.redis().map(ServiceRedis::url)).hasValueSatisfying(url -> {
            assertThat(url.setting()).isEqualTo("SHAREDSVC_REDIS_URL");
            assertThat(url.uri().getPort()).isEqualTo(6380);
        });
        assertThat(config.redis().orElseThrow().targets()).extracting(target -> target.pair() + "=" + target.database())
                .containsExactly("dev.cache=5", "dev.broker=4");
        assertThat(config.redis().orElseThrow().check().evictionRisk()).isEqualTo(Severity.WARNING);
        assertThat(config.redis().orElseThrow().check().withoutDatabases()).isEqualTo(Fallback.KEY_PREFIX);
        assertThat(config.waitSettings().timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.waitSettings().stableCount()).isEqualTo(3);
        assertThat(config.waitSettings().stableSpacing()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void defaultsApplyToWhatIsNotSet() {
        SharedServicesConfig config = read(minimal());

        assertThat(config.mode()).isEqualTo(Mode.VERIFY);
        assertThat(config.admin()).isEmpty();
        assertThat(config.serviceDatabase().database()).isEqualTo("backend");
        assertThat(config.serviceDatabase().owner()).isEqualTo("backend");
        assertThat(config.serviceDatabase().connectionLimit()).isEmpty();
        assertThat(config.poolSize()).isEqualTo(10);
        assertThat(config.migrations()).isEmpty();
        assertThat(config.redis()).isEmpty();
        assertThat(config.redis()).isEmpty();
        assertThat(config.waitSettings().timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.waitSettings().stableCount()).isEqualTo(1);
    }

    @Test
    void anAdministratorPasswordMakesEnsureTheDefaultMode() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_ADMIN_PASSWORD", "admin-Secret-1");
        assertThat(read(env).mode()).isEqualTo(Mode.ENSURE);

        env.put("SHAREDSVC_MODE", "verify");
        assertThat(read(env).mode()).isEqualTo(Mode.VERIFY);
    }

    @Test
    void propertiesWinOverEnvironmentVariables() {
        Map<String, String> properties = Map.of("sharedsvc.postgres.pool-size", "4", "sharedsvc.service", "billing");

        SharedServicesConfig config = SharedServicesConfig.from(minimal()::get, properties::get);

        assertThat(config.poolSize()).isEqualTo(4);
        assertThat(config.service()).isEqualTo("billing");
        assertThat(config.serviceDatabase().password()).contains(Secret.of("backend-Secret-1"));
    }

    @Test
    void theVariablesOfTheOldSetupAreReadWhenNeitherNameIsSet() {
        Map<String, String> env = minimal();
        env.put("POSTGRES_USER", "seed");
        env.put("POSTGRES_PASSWORD", "seed-Secret-1");
        env.put("POSTGRES_MULTIPLE_DATABASES", "keycloak, backend ,analytics");
        env.put("KEYCLOAK_PASSWORD", "keycloak-Secret-1");
        env.put("REDIS_URL", "redis://cache:6379/4");
        env.put("CACHE_REDIS_URL", "redis://other:6379/5");
        env.put("SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        env.put("SHAREDSVC_ENVIRONMENT", "dev");
        env.put("SHAREDSVC_REDIS_PURPOSES", "broker");

        SharedServicesConfig config = read(env);

        assertThat(config.admin().orElseThrow().user()).isEqualTo("seed");
        assertThat(config.admin().flatMap(PostgresLogin::password)).contains(Secret.of("seed-Secret-1"));
        assertThat(config.mode()).isEqualTo(Mode.ENSURE);
        assertThat(config.otherDatabases()).extracting(ServiceDatabase::database)
                .as("the service's own database is not another one").containsExactly("keycloak", "analytics");
        assertThat(config.otherDatabases().get(0).password()).contains(Secret.of("keycloak-Secret-1"));
        assertThat(config.otherDatabases().get(1).password()).isEmpty();
        assertThat(config.redis().map(ServiceRedis::url)).hasValueSatisfying(url -> {
            assertThat(url.setting()).isEqualTo("REDIS_URL");
            assertThat(url.uri().getHost()).isEqualTo("cache");
        });

        env.put("SHAREDSVC_POSTGRES_ADMIN_USER", "named");
        env.put("SHAREDSVC_REDIS_URL", "redis://named:6379");
        SharedServicesConfig named = read(env);
        assertThat(named.admin().orElseThrow().user()).isEqualTo("named");
        assertThat(named.redis().orElseThrow().url().uri().getHost()).isEqualTo("named");
    }

    @Test
    void secretsAreReadFromFilesWithOneTrailingLineBreakRemoved() throws IOException {
        Map<String, String> env = minimal();
        env.remove("SHAREDSVC_POSTGRES_PASSWORD");
        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", write("password", "from-File-1\n"));
        env.put("POSTGRES_PASSWORD_FILE", write("admin", "admin-File-1\r\n"));
        Map<String, String> properties = Map.of("sharedsvc.redis.url-file", write("redis", "redis://:r@cache:6379\n\n"));

        SharedServicesConfig config = SharedServicesConfig.from(env::get, properties::get);

        assertThat(config.serviceDatabase().password()).contains(Secret.of("from-File-1"));
        assertThat(config.admin().flatMap(PostgresLogin::password)).contains(Secret.of("admin-File-1"));

        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", write("two-lines", "two\n\n"));
        assertThat(read(env).serviceDatabase().password()).as("only one line break goes").contains(Secret.of("two\n"));
    }

    @Test
    void aSecretSetTwiceAtOneLevelIsRefused() throws IOException {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", write("password", "from-File-1"));

        assertThat(failure(env)).hasMessageContaining("both SHAREDSVC_POSTGRES_PASSWORD and"
                + " SHAREDSVC_POSTGRES_PASSWORD_FILE are set").hasMessageNotContaining("backend-Secret-1");
    }

    @Test
    void anUnreadableOrEmptySecretFileIsNamedWithItsPath() throws IOException {
        Map<String, String> env = minimal();
        env.remove("SHAREDSVC_POSTGRES_PASSWORD");
        Path missing = files.resolve("no-such-file");
        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", missing.toString());

        ConfigurationException error = failure(env);
        assertThat(error.setting()).isEqualTo(Setting.POSTGRES_PASSWORD);
        assertThat(error).hasMessageContaining("SHAREDSVC_POSTGRES_PASSWORD_FILE names " + missing)
                .hasMessageContaining("cannot be read");

        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", write("empty", "\n"));
        assertThat(failure(env)).hasMessageContaining("which is empty");
    }

    @Test
    void aMissingSettingIsNamedAsPropertyAndVariable() {
        Map<String, String> env = minimal();
        env.remove("SHAREDSVC_POSTGRES_PASSWORD");

        ConfigurationException error = failure(env);

        assertThat(error.setting()).isEqualTo(Setting.POSTGRES_PASSWORD);
        assertThat(error).hasMessageContaining("sharedsvc.postgres.password (SHAREDSVC_POSTGRES_PASSWORD)")
                .hasMessageContaining("sharedsvc.postgres.password-file (SHAREDSVC_POSTGRES_PASSWORD_FILE)")
                .hasMessageContaining("is not set");

        assertThat(failure(Map.of()).setting()).isEqualTo(Setting.SERVICE);
        env = minimal();
        env.remove("SHAREDSVC_POSTGRES_URL");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.postgres.url (SHAREDSVC_POSTGRES_URL) is not set");
    }

    @Test
    void ensureWithoutAnAdministratorPasswordLogsInWithoutOne() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_MODE", "ensure");

        SharedServicesConfig config = read(env);
        assertThat(config.admin()).hasValueSatisfying(admin -> {
            assertThat(admin.user()).isEqualTo("postgres");
            assertThat(admin.password()).isEmpty();
        });
        assertThat(config.serviceDatabase().password()).contains(Secret.of("backend-Secret-1"));
    }

    @Test
    void anAdministratorCertificateMakesEnsureTheDefaultAndNeverReachesTheService() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db:5432/postgres?sslmode=verify-full"
                + "&sslcert=/certs/admin.crt&sslkey=/certs/admin.pk8");

        SharedServicesConfig config = read(env);
        assertThat(config.mode()).isEqualTo(Mode.ENSURE);
        assertThat(config.admin().orElseThrow().certificate()).hasValueSatisfying(certificate ->
                assertThat(certificate.certificate()).hasToString("/certs/admin.crt"));
        assertThat(config.admin().orElseThrow().password()).isEmpty();
        assertThat(config.login().certificate()).isEmpty();
        assertThat(config.jdbcUrl()).doesNotContain("sslcert", "admin.pk8").contains("sslmode=verify-full");
    }

    @Test
    void aServiceThatLogsInByCertificateNeedsNoPassword() {
        Map<String, String> env = minimal();
        env.remove("SHAREDSVC_POSTGRES_PASSWORD");
        env.put("SHAREDSVC_POSTGRES_SSL_CERT", "/certs/backend.crt");
        env.put("SHAREDSVC_POSTGRES_SSL_KEY", "/certs/backend.pk8");

        SharedServicesConfig config = read(env);
        assertThat(config.serviceDatabase().password()).isEmpty();
        assertThat(config.login().password()).isEmpty();
        assertThat(config.login().certificate().orElseThrow().key()).hasToString("/certs/backend.pk8");

        env.remove("SHAREDSVC_POSTGRES_SSL_KEY");
        assertThat(failure(env).setting()).isEqualTo(Setting.POSTGRES_SSL_KEY);
        env.remove("SHAREDSVC_POSTGRES_SSL_CERT");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.postgres.password (SHAREDSVC_POSTGRES_PASSWORD)")
                .hasMessageContaining("is not set");
    }

    @Test
    void aWrongValueIsNamedWithTheValueAndWhereItWasRead() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_POOL_SIZE", "ten");
        assertThat(failure(env)).hasMessage("sharedsvc.postgres.pool-size (SHAREDSVC_POSTGRES_POOL_SIZE):"
                + " must be a whole number from 0, was 'ten'");

        assertThat(failure(minimal(), Map.of("sharedsvc.wait.timeout", "30"))).hasMessageContaining(
                "sharedsvc.wait.timeout (SHAREDSVC_WAIT_TIMEOUT): must be a duration").hasMessageContaining("'30'");
        assertThat(failure(minimal(), Map.of("sharedsvc.mode", "sometimes"))).hasMessageContaining(
                "must be one of ensure, verify, off, was 'sometimes'");

        env = minimal();
        env.put("POSTGRES_MULTIPLE_DATABASES", "keycloak,keycloak");
        assertThat(failure(env)).hasMessageContaining("names keycloak twice (read from POSTGRES_MULTIPLE_DATABASES)");
    }

    @Test
    void aPoolLargerThanTheConnectionLimitIsRefusedBeforeAnythingStarts() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "5");
        env.put("SHAREDSVC_POSTGRES_POOL_SIZE", "6");

        ConfigurationException error = failure(env);

        assertThat(error.setting()).isEqualTo(Setting.POSTGRES_POOL_SIZE);
        assertThat(error).hasMessageContaining("is 6, more than the 5 connections")
                .hasMessageContaining("SHAREDSVC_POSTGRES_CONNECTION_LIMIT");
    }

    @Test
    void namesThatPostgresqlWouldRefuseOrTruncateAreNamed() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_SERVICE", "pg_backend");
        assertThat(failure(env)).as("the role defaults to the service name").hasMessageContaining(
                "sharedsvc.service (SHAREDSVC_SERVICE): role name pg_backend starts with pg_");

        env.put("SHAREDSVC_POSTGRES_ROLE", "backend");
        assertThat(read(env).serviceDatabase().owner()).isEqualTo("backend");

        env = minimal();
        env.put("SHAREDSVC_POSTGRES_SCHEMAS", "app, " + "s".repeat(64));
        assertThat(failure(env).setting()).isEqualTo(Setting.POSTGRES_SCHEMAS);
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db/postgres?user=postgres&password=Url-Secret-9");

        assertThat(failure(env)).hasMessageContaining("carries user=...")
                .hasMessageNotContaining("Url-Secret-9");
        env.put("SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db/postgres?password=Url-Secret-9");
        assertThat(failure(env)).hasMessageContaining("carries password=...").hasMessageNotContaining("Url-Secret-9");

        env.put("SHAREDSVC_POSTGRES_URL", "postgres://db/postgres");
        assertThat(failure(env)).hasMessageContaining("is not a PostgreSQL JDBC URL");
    }

    @Test
    void aPooledUrlCarriesThePoolAndHealthWithServerSidePreparedStatementsOff() {
        Map<String, String> env = minimal();
        assertThat(read(env).pooledServer()).as("unset: one endpoint").isEqualTo(read(env).serviceServer());

        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "jdbc:postgresql://pgbouncer:6432/postgres?sslmode=require");
        SharedServicesConfig config = read(env);

        assertThat(config.pooledServer().jdbcUrl()).isEqualTo("jdbc:postgresql://pgbouncer:6432/backend"
                + "?assumeMinServerVersion=13&prepareThreshold=0&sslmode=require");
        assertThat(config.serviceServer().jdbcUrl()).as("the direct endpoint is unchanged")
                .isEqualTo("jdbc:postgresql://db:5432/backend?assumeMinServerVersion=13");
        assertThat(config.toEnvironment()).containsEntry("SHAREDSVC_POSTGRES_POOLED_URL",
                "jdbc:postgresql://pgbouncer:6432/postgres?assumeMinServerVersion=13&sslmode=require");
        assertThat(SharedServicesConfig.from(config.toEnvironment()::get, Map.of(
                "sharedsvc.postgres.password", "backend-Secret-1")::get)).isEqualTo(config);

        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "jdbc:postgresql://pgbouncer:6432/postgres?prepareThreshold=5");
        assertThat(read(env).pooledServer().option("prepareThreshold")).as("the URL's own wins").contains("5");
    }

    @Test
    void aBadPooledUrlIsRefusedNamingTheKeyWithoutRepeatingIt() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "jdbc:postgresql://pgbouncer:6432/postgres?user=app&password=Pool-Secret-9");
        assertThat(failure(env)).hasMessageStartingWith("sharedsvc.postgres.pooled-url (SHAREDSVC_POSTGRES_POOLED_URL)")
                .hasMessageContaining("carries user=...").hasMessageNotContaining("Pool-Secret-9")
                .satisfies(error -> assertThat(error.setting()).isEqualTo(Setting.POSTGRES_POOLED_URL));

        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "postgres://pgbouncer:6432/postgres");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.postgres.pooled-url")
                .hasMessageContaining("is not a PostgreSQL JDBC URL");

        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "jdbc:postgresql://pgbouncer:6432/postgres?sslcert=/c.pem&sslkey=/k.pk8");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.postgres.pooled-url")
                .hasMessageContaining("names a client certificate").hasMessageContaining("sharedsvc.postgres.ssl-cert");

        env.put("SHAREDSVC_POSTGRES_POOLED_URL", "jdbc:postgresql://db:5432/other?prepareThreshold=0");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.postgres.pooled-url")
                .hasMessageContaining("names the same server as sharedsvc.postgres.url (db:5432)")
                .hasMessageContaining("leave it unset");
    }

    /** The configuration with the Flyway settings among every name given. */
    private static SharedServicesConfig withNames(Map<String, String> env, Map<String, String> properties) {
        List<String> names = new java.util.ArrayList<>(env.keySet());
        names.addAll(properties.keySet());
        return SharedServicesConfig.from(env::get, properties::get, names);
    }

    @Test
    void flywaySettingsAreReadAsFlywayNamesThemFromPropertiesAndVariables() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_FLYWAY_PLACEHOLDERS_TENANT", "acme");
        env.put("SHAREDSVC_FLYWAY_BASELINE_ON_MIGRATE", "true");
        env.put("SHAREDSVC_FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK", "true");
        env.put("SHAREDSVC_FLYWAY_SCHEMAS", "ignored");
        Map<String, String> properties = Map.of("sharedsvc.flyway.schemas", "app,audit");

        SharedServicesConfig config = withNames(env, properties);

        assertThat(config.flyway()).containsExactly(Map.entry("flyway.baselineOnMigrate", "true"),
                Map.entry("flyway.placeholders.tenant", "acme"), Map.entry("flyway.postgresql.transactional.lock", "true"),
                Map.entry("flyway.schemas", "app,audit"));
        assertThat(read(env).flyway()).as("look-ups alone cannot list names").isEmpty();
        assertThat(config.toProperties()).containsEntry("sharedsvc.flyway.baselineOnMigrate", "true");
        assertThat(config.toEnvironment()).containsEntry("SHAREDSVC_FLYWAY_BASELINE_ON_MIGRATE", "true")
                .containsEntry("SHAREDSVC_FLYWAY_PLACEHOLDERS_TENANT", "acme");
        Map<String, String> again = new HashMap<>(config.toEnvironment());
        again.put("SHAREDSVC_POSTGRES_PASSWORD", "backend-Secret-1");
        assertThat(withNames(again, Map.of())).isEqualTo(config);
        assertThat(config.toString()).contains("flyway=[baselineOnMigrate, placeholders.tenant,").doesNotContain("acme");
    }

    @Test
    void flywaySettingsThatSharedsvcOwnsOrFlywayRejectsAreRefusedWithoutTheirValue() {
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(minimal(),
                Map.of("sharedsvc.flyway.locations", "classpath:db/other"))))
                .hasMessageStartingWith("sharedsvc.flyway.locations (SHAREDSVC_FLYWAY_LOCATIONS): the migrations'"
                        + " locations are sharedsvc.postgres.migrations")
                .satisfies(error -> assertThat(error.setting()).isEqualTo(Setting.FLYWAY))
                .satisfies(error -> assertThat(error.remedy()).hasValueSatisfying(remedy -> assertThat(remedy)
                        .contains("sharedsvc.flyway.<property>", "SHAREDSVC_FLYWAY_<PROPERTY>")));
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(minimal(),
                Map.of("sharedsvc.flyway.password", "Flyway-Secret-7"))))
                .hasMessageContaining("sharedsvc.flyway.password").hasMessageContaining("sharedsvc connects them")
                .hasMessageNotContaining("Flyway-Secret-7");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(minimal(),
                Map.of("sharedsvc.flyway.jdbcProperties.password", "Flyway-Secret-7"))))
                .hasMessageContaining("sharedsvc.flyway.jdbcProperties.password").hasMessageNotContaining("Flyway-Secret-7");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(minimal(),
                Map.of("sharedsvc.flyway.baselineOnMigrat", "true"))))
                .hasMessageContaining("sharedsvc.flyway.baselineOnMigrat (SHAREDSVC_FLYWAY_BASELINE_ON_MIGRAT):"
                        + " Flyway refuses it: Unknown configuration property: flyway.baselineOnMigrat");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(minimal(),
                Map.of("sharedsvc.flyway.connectRetries", "Flyway-Secret-7"))))
                .hasMessageContaining("Flyway refuses it: Invalid value for flyway.connectRetries")
                .hasMessageNotContaining("Flyway-Secret-7");
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_FLYWAY_NO_SUCH_THING", "x");
        assertThat(catchThrowableOfType(ConfigurationException.class, () -> withNames(env, Map.of())))
                .hasMessageContaining("SHAREDSVC_FLYWAY_NO_SUCH_THING: Flyway has no setting it reads from"
                        + " FLYWAY_NO_SUCH_THING");
    }

    @Test
    void redisPurposesNeedTheUrlTheLayoutAndAKnownEnvironment() {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_REDIS_PURPOSES", "cache");
        assertThat(failure(env).setting()).isEqualTo(Setting.REDIS_URL);

        env.put("SHAREDSVC_REDIS_URL", "redis://cache:6379");
        assertThat(failure(env).setting()).isEqualTo(Setting.REDIS_LAYOUT);

        env.put("SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        assertThat(failure(env).setting()).isEqualTo(Setting.ENVIRONMENT);

        env.put("SHAREDSVC_ENVIRONMENT", "qa");
        assertThat(failure(env)).hasMessageContaining("'qa' is not in the Redis layout, which has prod, dev");

        env.put("SHAREDSVC_ENVIRONMENT", "dev");
        env.put("SHAREDSVC_REDIS_PURPOSES", "cache,sessions");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.redis.purposes (SHAREDSVC_REDIS_PURPOSES)")
                .hasMessageContaining("No Redis purpose 'sessions'");

        env.put("SHAREDSVC_REDIS_LAYOUT", "dev.cache=x");
        assertThat(failure(env)).hasMessageContaining("sharedsvc.redis.layout (SHAREDSVC_REDIS_LAYOUT): Invalid Redis layout");
    }

    @Test
    void withoutPurposesAnOldRedisUrlIsIgnored() {
        Map<String, String> env = minimal();
        env.put("REDIS_URL", "redis://cache:6379/3");

        assertThat(read(env).redis()).isEmpty();
    }

    @Test
    void secretsAppearInNoTextOfTheConfiguration() throws IOException {
        Map<String, String> env = minimal();
        env.put("SHAREDSVC_POSTGRES_ADMIN_PASSWORD", "admin-Secret-1");
        env.put("SHAREDSVC_REDIS_URL", "redis://:redis-Secret-1@cache:6379");
        env.put("SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        env.put("SHAREDSVC_ENVIRONMENT", "dev");
        env.put("SHAREDSVC_REDIS_PURPOSES", "cache");
        SharedServicesConfig config = read(env);

        String texts = config + "\n" + config.toEnvironment() + "\n" + config.toProperties() + "\n"
                + config.serviceDatabase() + "\n" + config.redis().orElseThrow().url();

        assertThat(texts).doesNotContain("backend-Secret-1", "admin-Secret-1", "redis-Secret-1")
                .contains("login=backend (password)", "admin=postgres (password)",
                        "redis.url=SHAREDSVC_REDIS_URL=redis://cache:6379/0");

        env.put("SHAREDSVC_REDIS_URL", "redis://:redis-Secret-1@cache:6379/x");
        assertThat(failure(env)).hasMessageNotContaining("redis-Secret-1");
    }

    @Test
    void theOtherDatabasesPasswordsAreReadFromVariablesNamedAfterThem() {
        assertThat(SharedServicesConfig.passwordVariable("keycloak")).isEqualTo("KEYCLOAK_PASSWORD");
        assertThat(SharedServicesConfig.passwordVariable("my-app.v2")).isEqualTo("MY_APP_V2_PASSWORD");
    }

    @Test
    void theBuilderChecksEachValueAsItIsSet() {
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.builder().poolSize(-1))).hasMessageContaining("sharedsvc.postgres.pool-size");
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.builder().service(" backend"))).hasMessageContaining("blanks around it");
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.builder().extensions("a,b"))).hasMessageContaining("cannot contain a comma");
        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.builder().otherDatabase("k", Optional.empty()).otherDatabase("k", Optional.empty())))
                .hasMessageContaining("names k twice");

        SharedServicesConfig config = SharedServicesConfig.builder().service("backend")
                .postgresUrl("jdbc:postgresql://db/postgres").password(Secret.of("p")).migrations(List.of("db")).build();
        assertThat(config).isEqualTo(read(Map.of("SHAREDSVC_SERVICE", "backend",
                "SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db/postgres", "SHAREDSVC_POSTGRES_PASSWORD", "p",
                "SHAREDSVC_POSTGRES_MIGRATIONS", "db")));
    }

    private String write(String name, String content) throws IOException {
        Path file = files.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file.toString();
    }
}
