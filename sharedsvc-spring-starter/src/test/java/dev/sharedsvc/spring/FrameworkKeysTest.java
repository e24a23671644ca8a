package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.ConfigurationException;

/**
 * One meaning per key where a sharedsvc key and Spring Boot's own key say the same thing (issue 12): the pool's size,
 * the migration locations, and {@code sharedsvc.mode=off}. The Quarkus extension's integration tests hold the same
 * cases against Agroal and quarkus-flyway.
 */
class FrameworkKeysTest {

    static final String HIKARI_SIZE = "spring.datasource.hikari.maximum-pool-size";
    static final String FLYWAY_LOCATIONS = "spring.flyway.locations";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SharedServicesAutoConfiguration.class,
                    DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class, DataRedisAutoConfiguration.class));

    // --- the pool's size: one number, stated by either key ---

    @Test
    void aPoolSizedBySharedsvcOnlyIsThePoolSpringBootStartsAndTheBudgetChecks() {
        String service = TestServices.uniqueService("pool_sharedsvc");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.pool-size=3")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(3);
            assertThat(report(context)).contains("up to 3 connections as " + service);
        });
    }

    @Test
    void aPoolSizedBySpringBootOnlyIsTheSizeTheBudgetChecks() {
        String service = TestServices.uniqueService("pool_hikari");
        runner.withPropertyValues(pairs(service, HIKARI_SIZE + "=4")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(4);
            assertThat(report(context)).contains("up to 4 connections as " + service);
        });
    }

    @Test
    void bothKeysWithTheSameSizeAreOnePool() {
        String service = TestServices.uniqueService("pool_both");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.pool-size=3", HIKARI_SIZE + "=3")).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(3);
            assertThat(report(context)).contains("up to 3 connections as " + service);
        });
    }

    @Test
    void twoDifferentSizesAreRefusedNamingBothKeysBeforeAnythingIsMade() {
        String service = TestServices.uniqueService("pool_differ");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.pool-size=3", HIKARI_SIZE + "=7")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("sharedsvc.postgres.pool-size").hasMessageContaining(HIKARI_SIZE)
                    .hasMessageContaining("3").hasMessageContaining("7");
            assertThat(roleExists(service)).as("refused before provisioning").isFalse();
        });
    }

    @Test
    void poolSizeZeroIsRefusedBecauseSpringBootStartsAPool() {
        String service = TestServices.uniqueService("pool_zero");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.pool-size=0")).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("sharedsvc.postgres.pool-size").hasMessageContaining("0");
            assertThat(roleExists(service)).as("refused before provisioning").isFalse();
        });
    }

    // --- the migration locations: whoever migrates uses exactly sharedsvc.postgres.migrations ---

    @Test
    void migrationsAreForwardedToSpringBootsFlyway() {
        String service = TestServices.uniqueService("mig_forward");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.migrations=" + TestServices.MIGRATIONS))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(greetingOwner(service)).isEqualTo(service);
                });
    }

    @Test
    void theSameLocationsInBothKeysAreAccepted() {
        String service = TestServices.uniqueService("mig_equal");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.migrations=" + TestServices.MIGRATIONS,
                        FLYWAY_LOCATIONS + "=" + TestServices.MIGRATIONS))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(greetingOwner(service)).isEqualTo(service);
                });
    }

    @Test
    void otherLocationsInSpringFlywayAreRefusedNamingBothKeys() {
        String service = TestServices.uniqueService("mig_conflict");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.migrations=" + TestServices.MIGRATIONS,
                        FLYWAY_LOCATIONS + "=classpath:db/migration"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                            .hasMessageContaining("sharedsvc.postgres.migrations").hasMessageContaining(FLYWAY_LOCATIONS);
                    assertThat(roleExists(service)).as("refused before provisioning").isFalse();
                });
    }

    @Test
    void withoutSpringBootsFlywaySharedsvcMigratesAsTheServiceRole() {
        String service = TestServices.uniqueService("mig_own");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SharedServicesAutoConfiguration.class,
                        DataSourceAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.flyway"))
                .withPropertyValues(pairs(service, "sharedsvc.postgres.migrations=" + TestServices.MIGRATIONS))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(greetingOwner(service)).isEqualTo(service);
                    assertThat(TestServices.queryAsAdmin(service,
                            "SELECT string_agg(DISTINCT installed_by, ',') FROM flyway_schema_history")).isEqualTo(service);
                });
    }

    // --- sharedsvc.mode=off: nothing provisioned or verified, the connection settings still supplied ---

    @Test
    void modeOffSuppliesTheServicesConnectionAndChangesNothingOnTheServer() throws Exception {
        String service = TestServices.uniqueService("off");
        String password = service + "-secret";
        TestServices.executeAsAdmin("CREATE ROLE \"" + service + "\" LOGIN PASSWORD '" + password + "'");
        TestServices.executeAsAdmin("CREATE DATABASE \"" + service + "\" OWNER \"" + service + "\"");
        runner.withPropertyValues(pairs(service, "sharedsvc.mode=off", "sharedsvc.postgres.schemas=audit",
                        "sharedsvc.postgres.connection-limit=5", "sharedsvc.postgres.pool-size=3",
                        "spring.flyway.enabled=false"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("sharedServices");
                    assertThat(context.getBean(JdbcConnectionDetails.class)).isInstanceOf(ServiceRoleConnectionDetails.class);
                    try (Connection connection = context.getBean(HikariDataSource.class).getConnection();
                         Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT current_user || '@' || current_database()")) {
                        rs.next();
                        assertThat(rs.getString(1)).isEqualTo(service + "@" + service);
                    }
                    assertThat(TestServices.queryAsAdmin(service,
                            "SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'")).as("not ensured").isEqualTo("0");
                    assertThat(TestServices.queryAsAdmin(service,
                            "SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", service)).as("not ensured").isEqualTo("-1");
                });
    }

    @Test
    void modeOffCreatesNothingEvenWithTheAdministratorsPassword() {
        String service = TestServices.uniqueService("off_missing");
        runner.withPropertyValues(pairs(service, "sharedsvc.mode=off", "sharedsvc.wait.timeout=2s",
                        "spring.flyway.enabled=false"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(roleExists(service)).isFalse();
                });
    }

    // --- roles by duty: the DataSource logs in as the application login, Flyway as the owner ---

    @Test
    void withRolesByDutyTheDataSourceIsTheApplicationLoginAndFlywayTheOwner() {
        String service = TestServices.uniqueService("duties");
        runner.withPropertyValues(pairs(service, "sharedsvc.postgres.migrations=" + TestServices.MIGRATIONS,
                "sharedsvc.postgres.application-password=App-Duty-Secret-4")).run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(greetingOwner(service)).isEqualTo(service);
                    try (java.sql.Connection connection = context.getBean(javax.sql.DataSource.class).getConnection();
                         java.sql.Statement statement = connection.createStatement();
                         java.sql.ResultSet user = statement.executeQuery("SELECT current_user")) {
                        user.next();
                        assertThat(user.getString(1)).isEqualTo(service + "_app");
                        assertThatThrownBy(() -> statement.execute("CREATE TABLE intruder (id int)"))
                                .hasMessageContaining("permission denied");
                    }
                });
    }

    /** The test servers' properties for {@code service}, without Redis and migrations, then {@code overrides}. */
    private static String[] pairs(String service, String... overrides) {
        Map<String, String> properties = TestServices.properties(service);
        properties.remove("sharedsvc.redis.purposes");
        properties.remove("sharedsvc.postgres.migrations");
        for (String override : overrides) {
            int eq = override.indexOf('=');
            properties.put(override.substring(0, eq), override.substring(eq + 1));
        }
        return TestServices.pairs(properties);
    }

    private static String report(org.springframework.context.ApplicationContext context) {
        return context.getBean(SharedServices.class).report().toString();
    }

    private static boolean roleExists(String role) throws Exception {
        return TestServices.queryAsAdmin(dev.sharedsvc.embedded.TestServers.postgres().database(), "SELECT 1 FROM pg_roles WHERE rolname = ?", role) != null;
    }

    private static String greetingOwner(String service) throws Exception {
        return TestServices.queryAsAdmin(service, "SELECT tableowner FROM pg_tables WHERE tablename = 'greeting'");
    }
}
