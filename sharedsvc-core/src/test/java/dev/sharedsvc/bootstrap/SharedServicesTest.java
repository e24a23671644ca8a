package dev.sharedsvc.bootstrap;

import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.executeAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.login;
import static dev.sharedsvc.postgres.TestDatabases.queryAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.postgres.Action;
import dev.sharedsvc.postgres.ActionKind;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.Durability;
import dev.sharedsvc.redis.RedisLayout;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** Bootstraps against the test servers, each test with services of its own. */
class SharedServicesTest {

    private static final String PASSWORD = "Service-Marker-5d1c";
    private static final String LAYOUT = "test.broker=8, test.cache=7, other.cache=9";
    private static final String MIGRATIONS = "classpath:db/bootstrap";

    @TempDir
    Path files;

    private final List<String> names = new ArrayList<>();

    @AfterEach
    void dropServices() throws SQLException {
        drop(names, names);
    }

    private String name() {
        String name = uniqueName("boot");
        names.add(name);
        return name;
    }

    private static PostgresSettings postgres() {
        return TestServers.postgres();
    }

    private static SharedServicesConfig.Builder verify(String service) {
        return SharedServicesConfig.builder().service(service).postgresUrl(postgres().jdbcUrl())
                .password(Secret.of(PASSWORD)).waitTimeout(Duration.ofSeconds(20));
    }

    private static SharedServicesConfig.Builder ensure(String service) {
        return verify(service).adminUser(postgres().user()).adminPassword(Secret.of(postgres().password()));
    }

    private static BootstrapException failure(SharedServicesConfig.Builder config) {
        return catchThrowableOfType(BootstrapException.class, () -> SharedServices.bootstrap(config.build()).close());
    }

    private static List<String> row(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            rs.next();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                values.add(rs.getString(i));
            }
            return values;
        }
    }

    @Test
    void aServerThatDoesNotAnswerOnLocalhostGetsTheContainerHint() throws IOException {
        int unused;
        try (ServerSocket socket = new ServerSocket(0)) {
            unused = socket.getLocalPort();
        }
        BootstrapException failure = failure(SharedServicesConfig.builder().service(name())
                .postgresUrl("jdbc:postgresql://localhost:" + unused + "/postgres").password(Secret.of(PASSWORD))
                .waitTimeout(Duration.ofSeconds(1)));

        assertThat(failure.phase()).isEqualTo(Phase.WAIT);
        assertThat(failure).hasMessageContaining("NO_RESPONSE")
                .hasMessageContaining("inside a container localhost is the container itself");
    }

    @Test
    void bootstrapsFromNothingThenStartsWarmWithoutChangingAnything() throws Exception {
        String name = name();
        Path passwordFile = files.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Map<String, String> env = new HashMap<>();
        env.put("SHAREDSVC_SERVICE", name);
        env.put("SHAREDSVC_POSTGRES_URL", postgres().jdbcUrl());
        env.put("SHAREDSVC_POSTGRES_PASSWORD_FILE", passwordFile.toString());
        env.put("POSTGRES_USER", postgres().user());
        env.put("POSTGRES_PASSWORD", postgres().password());
        env.put("SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "5");
        env.put("SHAREDSVC_POSTGRES_EXTENSIONS", "pgcrypto");
        env.put("SHAREDSVC_POSTGRES_POOL_SIZE", "3");
        env.put("SHAREDSVC_POSTGRES_MIGRATIONS", MIGRATIONS);
        SharedServicesConfig config = SharedServicesConfig.from(env::get, property -> null);

        try (SharedServices first = SharedServices.bootstrap(config)) {
            BootstrapReport report = first.report();
            assertThat(report.mode()).isEqualTo(Mode.ENSURE);
            assertThat(report.provisioning()).singleElement().satisfies(result -> assertThat(result.actions())
                    .extracting(Action::kind).contains(ActionKind.CREATE_ROLE, ActionKind.CREATE_DATABASE,
                            ActionKind.CREATE_EXTENSION));
            assertThat(report.migrationsApplied()).isEqualTo(2);
            assertThat(report.schemaVersion()).contains("2");
            assertThat(report.changed()).isTrue();
            assertThat(report.budget().roleLimit()).isEqualTo(5);
            for (Phase phase : List.of(Phase.WAIT, Phase.PROVISION, Phase.MIGRATE, Phase.POOL)) {
                assertThat(report.elapsed(phase)).as(phase.word()).isPresent();
            }
            assertThat(report.elapsed(Phase.REDIS)).isEmpty();
            try (Connection connection = first.dataSource().getConnection()) {
                assertThat(row(connection, "SELECT current_user, current_database()")).containsExactly(name, name);
                connection.createStatement().execute("INSERT INTO accounts (name, email) VALUES ('ada', 'a@b')");
            }
        }

        try (SharedServices warm = SharedServices.bootstrap(config)) {
            BootstrapReport report = warm.report();
            assertThat(report.provisioning()).as("the administrator provisions nothing").isEmpty();
            assertThat(report.check().inPlace()).isTrue();
            assertThat(report.migrationsApplied()).isZero();
            assertThat(report.schemaVersion()).contains("2");
            assertThat(report.changed()).isFalse();
            assertThat(report.toString()).contains("in place, checked as " + name)
                    .contains("no migration pending in " + MIGRATIONS);
            try (Connection connection = warm.dataSource().getConnection()) {
                assertThat(row(connection, "SELECT count(*) FROM accounts")).containsExactly("1");
            }
        }
    }

    @Test
    void flywayObjectsBelongToTheServiceRoleNotTheAdministrator() throws SQLException {
        String name = name();
        SharedServices.bootstrap(ensure(name).migrations(MIGRATIONS).poolSize(0).build()).close();

        try (Connection connection = login(name, postgres().user(), postgres().password())) {
            assertThat(row(connection, "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class"
                    + " WHERE relname IN ('flyway_schema_history', 'accounts', 'accounts_email')"
                    + " AND relnamespace = 'public'::regnamespace")).containsExactly(name);
            assertThat(row(connection, "SELECT count(*) FROM pg_class WHERE relname IN ('flyway_schema_history',"
                    + " 'accounts', 'accounts_email') AND relnamespace = 'public'::regnamespace")).containsExactly("3");
        }
    }

    @Test
    void withRolesByDutyFlywayMigratesAsTheOwnerAndThePoolServesAsTheApplicationRole() throws SQLException {
        String name = name();
        names.add(name + "_app");
        names.add(name + "_ro");
        SharedServicesConfig config = ensure(name).migrations(MIGRATIONS).poolSize(2)
                .applicationPassword(Secret.of(PASSWORD + "-app")).readOnlyPassword(Secret.of(PASSWORD + "-ro")).build();

        try (SharedServices services = SharedServices.bootstrap(config);
             Connection connection = services.dataSource().getConnection()) {
            assertThat(row(connection, "SELECT current_user")).containsExactly(name + "_app");
            assertThat(row(connection, "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',') FROM pg_class"
                    + " WHERE relname IN ('flyway_schema_history', 'accounts') AND relnamespace = 'public'::regnamespace"))
                    .containsExactly(name);
            assertThat(row(connection, "SELECT has_table_privilege('accounts', 'INSERT'),"
                    + " has_table_privilege('accounts', 'TRUNCATE'), has_schema_privilege('public', 'CREATE')"))
                    .containsExactly("t", "f", "f");
            assertThat(services.report().toString()).contains("connections as " + name + "_app");
        }
        try (SharedServices verified = SharedServices.bootstrap(verify(name).migrations(MIGRATIONS).poolSize(1)
                .applicationPassword(Secret.of(PASSWORD + "-app")).readOnlyPassword(Secret.of(PASSWORD + "-ro")).build())) {
            assertThat(verified.report().check().inPlace()).isTrue();
        }
    }

    @Test
    void verifyStartsWithTheServicesOwnLoginWhenEverythingIsInPlace() throws SQLException {
        String name = name();
        SharedServices.bootstrap(ensure(name).extensions("pgcrypto").poolSize(0).build()).close();

        try (SharedServices services = SharedServices.bootstrap(verify(name).extensions("pgcrypto").poolSize(2).build());
             Connection connection = services.dataSource().getConnection()) {
            assertThat(services.report().mode()).isEqualTo(Mode.VERIFY);
            assertThat(services.report().provisioning()).isEmpty();
            assertThat(row(connection, "SELECT current_user")).containsExactly(name);
        }
    }

    @Test
    void verifyNamesTheMissingRoleOrDatabaseAndTheCommandThatMakesIt() throws SQLException {
        String name = name();

        BootstrapException noRole = failure(verify(name).waitTimeout(Duration.ofSeconds(5)));

        assertThat(noRole.phase()).isEqualTo(Phase.WAIT);
        // The role may be in the making (an init container), so verify waits for it until the deadline.
        assertThat(noRole.getCause()).isInstanceOfSatisfying(NotReadyException.class,
                notReady -> assertThat(notReady.reason()).isEqualTo(NotReadyException.Reason.DEADLINE_PASSED));
        assertThat(noRole).hasMessageContaining("mode verify changes nothing")
                .hasMessageContaining("28P01").hasMessageContaining("the role does not exist or its password is not"
                        + " the one given")
                .hasMessageContaining("SHAREDSVC_SERVICE=" + name + " SHAREDSVC_POSTGRES_URL='"
                        + PostgresServer.parse(postgres().jdbcUrl()).jdbcUrl() + "'")
                .hasMessageContaining("SHAREDSVC_POSTGRES_PASSWORD_FILE='<file holding the password of role " + name
                        + ">' SHAREDSVC_POSTGRES_ADMIN_PASSWORD_FILE='<file holding the password of postgres>'"
                        + " sharedsvc-cli ensure")
                .hasMessageNotContaining(PASSWORD);

        executeAsAdmin("CREATE ROLE \"" + name + "\" LOGIN PASSWORD '" + PASSWORD + "'");
        BootstrapException noDatabase = failure(verify(name).waitTimeout(Duration.ofMillis(1500)));

        assertThat(noDatabase.phase()).isEqualTo(Phase.WAIT);
        assertThat(noDatabase).hasMessageContaining("3D000").hasMessageContaining("the database does not exist")
                .hasMessageContaining("sharedsvc-cli ensure").hasMessageNotContaining(PASSWORD);
    }

    @Test
    void verifyNamesAMissingExtensionWithTheSqlThatMakesIt() {
        String name = name();
        SharedServices.bootstrap(ensure(name).poolSize(0).build()).close();

        BootstrapException error = failure(verify(name).extensions("pgcrypto").schemas("app").migrations(MIGRATIONS));

        assertThat(error.phase()).isEqualTo(Phase.PROVISION);
        assertThat(error).hasMessageContaining("2 piece(s) are missing in " + name)
                .hasMessageContaining("missing: CREATE_EXTENSION " + name + ".pgcrypto")
                .hasMessageContaining("CREATE EXTENSION IF NOT EXISTS \"pgcrypto\";   -- in database " + name)
                .hasMessageContaining("CREATE SCHEMA IF NOT EXISTS \"app\" AUTHORIZATION \"" + name + "\";")
                .hasMessageContaining("SHAREDSVC_POSTGRES_EXTENSIONS=pgcrypto SHAREDSVC_POSTGRES_SCHEMAS=app");
    }

    @Test
    void prepareLeavesMigrationsAndThePoolToTheFrameworkButChecksThePoolAgainstTheBudget() throws SQLException {
        String name = name();
        try (SharedServices prepared = SharedServices.prepare(ensure(name).connectionLimit(4).poolSize(4)
                .migrations(MIGRATIONS).build())) {
            BootstrapReport report = prepared.report();
            assertThat(report.check().inPlace()).isTrue();
            assertThat(report.elapsed(Phase.MIGRATE)).isEmpty();
            assertThat(report.elapsed(Phase.POOL)).isEmpty();
            assertThat(report.toString()).contains("left to the framework, which migrates as " + name)
                    .contains("left to the framework: up to 4 connections as " + name);
            assertThatThrownBy(prepared::dataSource).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("prepared for a framework that starts its own pool");
        }
        try (Connection connection = login(name, postgres().user(), postgres().password())) {
            assertThat(row(connection, "SELECT to_regclass('flyway_schema_history')")).as("no migration ran")
                    .containsOnlyNulls();
        }

        BootstrapException error = catchThrowableOfType(BootstrapException.class,
                () -> SharedServices.prepare(verify(name).poolSize(5).build()).close());
        assertThat(error.phase()).isEqualTo(Phase.PROVISION);
        assertThat(error).hasMessageContaining("is 5, more than the 4 connections role " + name + " may hold");
    }

    @Test
    void aFlywayPlaceholderGivenInTheConfigurationReachesTheMigration() throws SQLException {
        String name = name();
        Map<String, String> env = new HashMap<>(ensure(name).poolSize(0).migrations("classpath:db/placeholders")
                .build().toEnvironment());
        env.put("SHAREDSVC_POSTGRES_PASSWORD", PASSWORD);
        env.put("SHAREDSVC_POSTGRES_ADMIN_PASSWORD", postgres().password());
        env.put("SHAREDSVC_FLYWAY_PLACEHOLDERS_TENANT", "acme");

        try (SharedServices services = SharedServices.bootstrap(SharedServicesConfig.from(env::get, property -> null,
                env.keySet()))) {
            assertThat(services.report().migrationsApplied()).isEqualTo(1);
        }
        try (Connection connection = login(name, name, PASSWORD)) {
            assertThat(row(connection, "SELECT tenant FROM tenant_note")).containsExactly("acme");
        }
    }

    @Test
    void flywaySettingsAreRefusedWhenTheFrameworksFlywayMigratesBeforeAnythingChanges() throws SQLException {
        String name = name();
        SharedServicesConfig config = ensure(name).migrations(MIGRATIONS).flyway("placeholders.tenant", "acme").build();

        assertThat(catchThrowableOfType(ConfigurationException.class,
                () -> SharedServices.prepare(config, EnumSet.of(FrameworkOwns.MIGRATIONS)).close()))
                .hasMessageContaining("sharedsvc.flyway.placeholders.tenant: the framework's own Flyway runs the"
                        + " migrations, so its Flyway settings are its own keys (spring.flyway.*, quarkus.flyway.*)");
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", name)).as("nothing made")
                .isEqualTo("0");
    }

    @Test
    void aPoolLargerThanTheRolesLimitIsRefusedBeforeAnythingStarts() throws SQLException {
        String name = name();
        SharedServices.bootstrap(ensure(name).connectionLimit(2).poolSize(0).build()).close();

        BootstrapException error = failure(verify(name).poolSize(4).migrations(MIGRATIONS));

        assertThat(error.phase()).isEqualTo(Phase.PROVISION);
        assertThat(error).hasMessageContaining("sharedsvc.postgres.pool-size (SHAREDSVC_POSTGRES_POOL_SIZE) is 4,"
                + " more than the 2 connections role " + name + " may hold").hasMessageContaining("The pool was not started");
        try (Connection connection = login(name, postgres().user(), postgres().password())) {
            assertThat(row(connection, "SELECT to_regclass('flyway_schema_history')")).as("no migration ran")
                    .containsOnlyNulls();
        }
    }

    @Test
    void withRolesByDutyThePoolIsHeldToTheApplicationLoginsLimit() throws SQLException {
        String name = name();
        names.add(name + "_app");
        Secret app = Secret.of(PASSWORD + "-app");
        SharedServices.bootstrap(ensure(name).connectionLimit(2).poolSize(0).applicationPassword(app).build()).close();
        assertThat(queryAsAdmin("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", name + "_app")).isEqualTo("2");

        BootstrapException error = failure(verify(name).poolSize(3).applicationPassword(app).migrations(MIGRATIONS));

        assertThat(error.phase()).isEqualTo(Phase.PROVISION);
        assertThat(error).hasMessageContaining("is 3, more than the 2 connections role " + name + "_app may hold");
    }

    @Test
    void withARedisUserPasswordThePurposesConnectAsTheServicesOwnAclUser() {
        String name = name();
        RedisSettings redis = TestServers.redis();
        SharedServicesConfig config = ensure(name).poolSize(0).redisUrl(redis.uri()).redisLayout(RedisLayout.parse(LAYOUT))
                .environment("test").redisPurposes("broker").redisUserPassword(Secret.of("Redis-User-pw-7")).build();

        try (SharedServices services = SharedServices.bootstrap(config)) {
            RedisPurpose broker = services.redis("broker");
            assertThat(broker.uri().getDatabase()).isEqualTo(8);
            RedisClient admin = RedisClient.create();
            try (StatefulRedisConnection<String, String> server = admin.connect(RedisURI.create(redis.uri()))) {
                assertThat(server.sync().clientList()).contains("db=8 ").contains(" user=" + name + "@test ");
            } finally {
                admin.shutdown();
            }
            broker.connection().sync().set("bootstrap-user-test", "1");
            assertThatThrownBy(() -> broker.connection().sync().flushall()).hasMessageStartingWith("NOPERM");
            broker.connection().sync().del("bootstrap-user-test");
            assertThat(services.report() + "\n" + services).doesNotContain("Redis-User-pw-7", redis.password());
        } finally {
            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> admin = client.connect(RedisURI.create(redis.uri()))) {
                admin.sync().aclDeluser(name + "@test");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void redisPurposesResolveAndAWriteLandsInTheirDatabase() {
        String name = name();
        RedisSettings redis = TestServers.redis();
        String key = "bootstrap-test:" + UUID.randomUUID();
        SharedServicesConfig config = ensure(name).poolSize(0).redisUrl(redis.uri()).redisLayout(RedisLayout.parse(LAYOUT))
                .environment("test").redisPurposes("cache", "broker").build();

        try (SharedServices services = SharedServices.bootstrap(config)) {
            RedisPurpose cache = services.redis("cache");
            assertThat(cache.target().database()).isEqualTo(7);
            assertThat(cache.target().durability()).isEqualTo(Durability.EVICTABLE);
            assertThat(cache.uri().getDatabase()).isEqualTo(7);
            assertThat(services.redis("broker").target().database()).isEqualTo(8);
            assertThat(services.report().redis()).isPresent();
            assertThatThrownBy(() -> services.redis("sessions")).hasMessageContaining("[cache, broker]");

            cache.connection().sync().setex(key, 60, "cached");

            RedisClient client = RedisClient.create();
            try (StatefulRedisConnection<String, String> seven = client.connect(database(redis, 7));
                 StatefulRedisConnection<String, String> eight = client.connect(database(redis, 8))) {
                assertThat(seven.sync().get(key)).isEqualTo("cached");
                assertThat(eight.sync().get(key)).isNull();
                seven.sync().del(key);
            } finally {
                client.shutdown();
            }
            assertThat(services.report() + "\n" + services).doesNotContain(PASSWORD, postgres().password(),
                    redis.password());
        }
    }

    private static RedisURI database(RedisSettings redis, int index) {
        return RedisURI.builder(RedisURI.create(redis.uri())).withDatabase(index).build();
    }

    @Test
    void anOldRedisUrlThatSelectsAnotherDatabaseIsAWarning() {
        String name = name();
        RedisSettings redis = TestServers.redis();
        Map<String, String> env = new HashMap<>(ensure(name).poolSize(0).build().toEnvironment());
        env.put("SHAREDSVC_POSTGRES_PASSWORD", PASSWORD);
        env.put("SHAREDSVC_POSTGRES_ADMIN_PASSWORD", postgres().password());
        env.put("REDIS_URL", redis.uri() + "/3");
        env.put("SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        env.put("SHAREDSVC_ENVIRONMENT", "test");
        env.put("SHAREDSVC_REDIS_PURPOSES", "broker");

        try (SharedServices services = SharedServices.bootstrap(SharedServicesConfig.from(env::get, p -> null))) {
            assertThat(services.redis("broker").target().database()).isEqualTo(8);
            assertThat(services.report().warnings()).contains("REDIS_URL selects database 3, but the layout gives"
                    + " test.broker database 8; make it select database 8 (path /8); sharedsvc connects to the"
                    + " layout's database, code that reads REDIS_URL itself does not");
        }
    }

    @Test
    void otherDatabasesOfTheOldScriptAreEnsuredWithTheirRoles() throws SQLException {
        String name = name();
        String other = name();
        Map<String, String> env = new HashMap<>(ensure(name).poolSize(0).build().toEnvironment());
        env.put("SHAREDSVC_POSTGRES_PASSWORD", PASSWORD);
        env.put("POSTGRES_PASSWORD", postgres().password());
        env.put("POSTGRES_MULTIPLE_DATABASES", other + "," + name);
        env.put(SharedServicesConfig.passwordVariable(other), "Other-Password-1");

        try (SharedServices services = SharedServices.bootstrap(SharedServicesConfig.from(env::get, p -> null))) {
            assertThat(services.report().provisioning()).extracting(result -> result.service().database())
                    .containsExactly(name, other);
        }
        try (Connection connection = login(other, other, "Other-Password-1")) {
            assertThat(row(connection, "SELECT current_user")).containsExactly(other);
        }
    }

    @Test
    void aRejectedAdministratorPasswordStopsTheWaitWithoutShowingIt() {
        String name = name();

        BootstrapException error = failure(verify(name).adminUser(postgres().user())
                .adminPassword(Secret.of("Wrong-Admin-Marker")));

        assertThat(error.phase()).isEqualTo(Phase.WAIT);
        assertThat(error.getCause()).isInstanceOf(NotReadyException.class);
        assertThat(error).hasMessageContaining("CREDENTIALS_REJECTED").hasMessageNotContaining("Wrong-Admin-Marker");
    }

    @Test
    void aMigrationThatFailsIsNamedWithItsLocation() throws IOException {
        String name = name();
        Path sql = Files.createDirectories(files.resolve("broken"));
        Files.writeString(sql.resolve("V1__broken.sql"), "CREATE TABLE broken (;");

        BootstrapException error = failure(ensure(name).poolSize(0).migrations("filesystem:" + sql));

        assertThat(error.phase()).isEqualTo(Phase.MIGRATE);
        assertThat(error).hasMessageContaining("Flyway could not migrate database " + name + " as role " + name)
                .hasMessageContaining("sharedsvc.postgres.migrations (SHAREDSVC_POSTGRES_MIGRATIONS)")
                .hasMessageNotContaining(PASSWORD);
    }

    @Test
    void aMigrationChangedAfterItWasAppliedFailsTheWarmStart() throws IOException {
        String name = name();
        Path sql = Files.createDirectories(files.resolve("changed"));
        Files.writeString(sql.resolve("V1__table.sql"), "CREATE TABLE kept (id int);");
        SharedServicesConfig.Builder config = ensure(name).poolSize(0).migrations("filesystem:" + sql);
        SharedServices.bootstrap(config.build()).close();
        Files.writeString(sql.resolve("V1__table.sql"), "CREATE TABLE kept (id bigint);");

        BootstrapException error = failure(config);

        assertThat(error.phase()).isEqualTo(Phase.MIGRATE);
        assertThat(error).hasMessageContaining("checksum mismatch for migration version 1");
    }

    @Test
    void anErrorDuringTheStartLeavesNoRedisConnectionOpen() throws InterruptedException {
        String name = name();
        RedisSettings redis = TestServers.redis();
        SharedServicesConfig config = ensure(name).poolSize(0).redisUrl(redis.uri())
                .redisLayout(RedisLayout.parse(LAYOUT)).environment("test").redisPurposes("cache", "broker")
                .migrations("classpath:dev/sharedsvc/bootstrap/erroring").build();
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> watcher = client.connect(RedisURI.create(redis.uri()))) {
            long before = clients(watcher);

            assertThatThrownBy(() -> SharedServices.bootstrap(config).close()).isInstanceOf(LinkageError.class);

            // The server notices closed connections a moment after the client closed them: allow it that moment.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (clients(watcher) > before && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(clients(watcher)).isEqualTo(before);
        } finally {
            client.shutdown();
        }
    }

    /** The connections the Redis server has now, the watcher's own included. */
    private static long clients(StatefulRedisConnection<String, String> watcher) {
        return watcher.sync().clientList().lines().filter(line -> !line.isBlank()).count();
    }
}
