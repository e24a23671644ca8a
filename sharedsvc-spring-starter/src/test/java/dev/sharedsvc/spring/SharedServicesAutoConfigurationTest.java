package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

class SharedServicesAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SharedServicesAutoConfiguration.class,
                    SharedServicesHealthContributorAutoConfiguration.class, DataSourceAutoConfiguration.class,
                    FlywayAutoConfiguration.class, DataRedisAutoConfiguration.class));

    @Test
    void withoutSharedsvcPropertiesTheStarterDoesNothing() {
        runner.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none",
                        "spring.flyway.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("sharedServices");
                    assertThat(context).doesNotHaveBean(ServiceRoleConnectionDetails.class);
                    assertThat(context).doesNotHaveBean(SharedServicesProperties.class);
                    assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl())
                            .isEqualTo("jdbc:postgresql://127.0.0.1:1/none");
                });
    }

    @Test
    void propertiesOfTheTestServersAndEmbeddedServersAreNotSharedsvcConfiguration() {
        runner.withPropertyValues("sharedsvc.test.postgres.version=17", "sharedsvc.embedded.redis.binary=path",
                        "spring.flyway.enabled=false", "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("sharedServices"));
    }

    @Test
    void anApplicationDataSourceMakesTheStarterStepAside() {
        runner.withUserConfiguration(OwnDataSource.class)
                .withPropertyValues(TestServices.pairs(TestServices.properties("own_data_source")))
                .withPropertyValues("spring.flyway.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("sharedServices");
                    assertThat(context.getBean(DataSource.class)).isSameAs(context.getBean("ownDataSource"));
                });
    }

    @Test
    void aSetPropertyIsEnoughToSwitchItOnAndAMissingOneIsNamedAtStart() {
        runner.withPropertyValues("sharedsvc.service=half_configured").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("sharedsvc.postgres.url (SHAREDSVC_POSTGRES_URL) is not set");
        });
    }

    @Test
    void aYamlListAndAnEnvironmentVariableStyleNameReachTheCore() {
        Map<String, String> properties = TestServices.properties(TestServices.uniqueService("lists"));
        properties.remove("sharedsvc.redis.purposes");
        properties.remove("sharedsvc.postgres.password");
        runner.withPropertyValues(TestServices.pairs(properties))
                .withPropertyValues("sharedsvc.redis.purposes[0]=broker", "sharedsvc.redis.purposes[1]=cache",
                        "SHAREDSVC_POSTGRES_PASSWORD=from-an-env-style-name")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SharedServicesRedis.class).purposes()).containsExactly("broker", "cache");
                    assertThat(context.getBean(JdbcConnectionDetails.class).getPassword())
                            .isEqualTo("from-an-env-style-name");
                    assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone().getDatabase())
                            .isEqualTo(TestServices.BROKER_DATABASE);
                });
    }

    @Test
    void theDataSourceLogsInAsTheServiceRoleWithoutSpringDatasourceProperties() {
        String service = TestServices.uniqueService("runner");
        runner.withPropertyValues(TestServices.pairs(TestServices.properties(service))).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).getBean(JdbcConnectionDetails.class).isInstanceOf(ServiceRoleConnectionDetails.class);
            assertThat(context).getBean(FlywayConnectionDetails.class)
                    .isInstanceOf(ServiceRoleFlywayConnectionDetails.class);
            assertThat(context).getBean(DataRedisConnectionDetails.class).isInstanceOf(PurposeConnectionDetails.class);
            HikariDataSource dataSource = context.getBean(HikariDataSource.class);
            assertThat(dataSource.getMaximumPoolSize()).isEqualTo(10);
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT current_user, current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(service);
                assertThat(rs.getString(2)).isEqualTo(service);
            }
        });
    }

    @Test
    void withAPooledUrlTheDataSourceGoesThereAndFlywayStaysOnTheDirectUrl() {
        String service = TestServices.uniqueService("pooled");
        PostgresSettings postgres = TestServers.postgres();
        // The same server under another name stands in for a pooler: what matters is which URL each one is given.
        String pooledHost = postgres.host().equals("localhost") ? "127.0.0.1" : "localhost";
        runner.withPropertyValues(TestServices.pairs(TestServices.properties(service)))
                .withPropertyValues("sharedsvc.postgres.pooled-url=jdbc:postgresql://" + pooledHost + ":"
                        + postgres.port() + "/postgres")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JdbcConnectionDetails.class).getJdbcUrl()).startsWith(
                            "jdbc:postgresql://" + pooledHost + ":" + postgres.port() + "/" + service + "?")
                            .contains("prepareThreshold=0");
                    assertThat(context.getBean(FlywayConnectionDetails.class).getJdbcUrl()).startsWith(
                            "jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/" + service + "?")
                            .doesNotContain("prepareThreshold");
                    try (Connection connection = context.getBean(DataSource.class).getConnection()) {
                        assertThat(connection.unwrap(PGConnection.class).getPrepareThreshold()).isZero();
                        assertThat(connection.getMetaData().getURL()).contains("//" + pooledHost + ":");
                    }
                    assertThat(context.getBean(SharedServices.class).probes().postgres().name())
                            .isEqualTo("postgresql " + pooledHost + ":" + postgres.port() + "/" + service);
                });
    }

    @Test
    void flywaySettingsReachSharedsvcsFlywayAndAreRefusedWhenBootsFlywayMigrates() {
        String service = TestServices.uniqueService("flyway_settings");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SharedServicesAutoConfiguration.class,
                        DataSourceAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.flyway"))
                .withPropertyValues(TestServices.pairs(TestServices.properties(service)))
                .withPropertyValues("sharedsvc.flyway.baselineOnMigrate=true",
                        "SHAREDSVC_FLYWAY_PLACEHOLDERS_TENANT=acme")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(SharedServices.class).config().flyway()).containsExactly(
                            Map.entry("flyway.baselineOnMigrate", "true"), Map.entry("flyway.placeholders.tenant", "acme"));
                });
        runner.withPropertyValues(TestServices.pairs(TestServices.properties(TestServices.uniqueService("boot_flyway"))))
                .withPropertyValues("sharedsvc.flyway.schemas=app")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(ConfigurationException.class)
                            .hasMessageContaining("sharedsvc.flyway.schemas: the framework's own Flyway runs the"
                                    + " migrations");
                });
    }

    @Test
    void withoutRedisPurposesSpringBootsOwnRedisSettingsStay() {
        Map<String, String> properties = TestServices.properties(TestServices.uniqueService("no_redis"));
        properties.remove("sharedsvc.redis.purposes");
        runner.withPropertyValues(TestServices.pairs(properties)).withPropertyValues("spring.data.redis.database=9")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean(SharedServicesRedis.class);
                    assertThat(context.getBean(DataRedisConnectionDetails.class).getStandalone().getDatabase())
                            .isEqualTo(9);
                });
    }

    @Test
    void withoutFlywayAndRedisOnTheClassPathTheDataSourceStillWorks() {
        String service = TestServices.uniqueService("jdbc_only");
        Map<String, String> properties = TestServices.properties(service);
        properties.remove("sharedsvc.postgres.migrations");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SharedServicesAutoConfiguration.class,
                        DataSourceAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.flyway",
                        "org.springframework.boot.data.redis", "org.springframework.data.redis"))
                .withPropertyValues(TestServices.pairs(properties))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(ServiceRoleConnectionDetails.class);
                    assertThat(context).doesNotHaveBean(SharedServicesRedis.class);
                    assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
                    assertThat(context).doesNotHaveBean(FlywayConnectionDetails.class);
                    assertThat(context).hasSingleBean(DataSource.class);
                });
    }

    @Test
    void healthCanBeSwitchedOff() {
        runner.withPropertyValues(TestServices.pairs(TestServices.properties(TestServices.uniqueService("nohealth"))))
                .withPropertyValues("management.health.sharedsvc.enabled=false")
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("sharedsvcHealthContributor"));
    }

    @Test
    void flywayMigratesAsTheServiceRoleEvenWhenSpringFlywayNamesTheAdministrator() {
        String service = TestServices.uniqueService("flyway_user");
        runner.withPropertyValues(TestServices.pairs(TestServices.properties(service)))
                .withPropertyValues("spring.flyway.user=" + TestServers.postgres().user(),
                        "spring.flyway.password=" + TestServers.postgres().password())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(TestServices.queryAsAdmin(service,
                            "SELECT tableowner FROM pg_tables WHERE tablename = 'greeting'")).isEqualTo(service);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnDataSource {

        @Bean
        DataSource ownDataSource() {
            return new SimpleDriverDataSource();
        }
    }
}
