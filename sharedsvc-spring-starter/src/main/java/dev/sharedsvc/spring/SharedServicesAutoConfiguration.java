package dev.sharedsvc.spring;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;

/**
 * Makes the service's PostgreSQL database and role, and its Redis databases, ready before Spring Boot creates the
 * beans that use them, and hands those beans the service's own credentials:
 *
 * <ol>
 *   <li>the {@code sharedServices} bean reads the {@code sharedsvc.*} keys from Spring's {@code Environment} into the
 *       core's {@link SharedServicesConfig} and runs {@link SharedServices#prepare}: wait until the servers serve,
 *       ensure (or verify) the database and role, check the pool against the connection budget, check the Redis
 *       layout against the server; the migrations and the pool are Spring Boot's;</li>
 *   <li>{@link JdbcConnectionDetails} carry the service's database, role and password, so Spring Boot's HikariCP
 *       DataSource logs in as the service and needs no {@code spring.datasource.*}; its maximum pool size is
 *       {@code sharedsvc.postgres.pool-size};</li>
 *   <li>{@link FlywayConnectionDetails} make Spring Boot's Flyway migrate as that role, never as the
 *       administrator;</li>
 *   <li>{@link DataRedisConnectionDetails} point Spring Boot's Redis connection at the database the layout gives
 *       the first of {@code sharedsvc.redis.purposes}; {@link SharedServicesRedis} reaches every purpose.</li>
 * </ol>
 *
 * Each of those beans depends on the {@code sharedServices} bean, so the DataSource, Flyway and the Redis connection
 * factory cannot exist before the servers are ready and provisioned; ordering before Spring Boot's auto-configurations
 * lets theirs back off in favour of these connection details.
 *
 * <p>Steps aside entirely when no {@code sharedsvc.*} key is set, when {@code sharedsvc.mode=off}, or when the
 * application defines its own {@link DataSource}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass(JdbcConnectionDetails.class)
@Conditional(OnSharedServicesCondition.class)
@ConditionalOnMissingBean(DataSource.class)
@EnableConfigurationProperties(SharedServicesProperties.class)
public final class SharedServicesAutoConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SharedServicesAutoConfiguration.class);

    static final String HIKARI_POOL_SIZE = "spring.datasource.hikari.maximum-pool-size";
    /** The name of the DataSource bean of Spring Boot's auto-configuration. */
    static final String BOOT_DATA_SOURCE = "dataSource";
    static final String BOOT_FLYWAY = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration";

    @Bean
    SharedServices sharedServices(Environment environment, ResourceLoader resourceLoader) {
        SpringSettings settings = new SpringSettings(environment);
        SharedServicesConfig config = SharedServicesConfig.from(settings::variable, settings::property);
        if (!config.migrations().isEmpty() && !ClassUtils.isPresent(BOOT_FLYWAY, resourceLoader.getClassLoader())) {
            // Nothing would run them: Spring Boot's Flyway does in a Spring Boot application.
            throw new ConfigurationException(Setting.POSTGRES_MIGRATIONS, Setting.POSTGRES_MIGRATIONS.names()
                    + " is set, but Spring Boot's Flyway support, which runs the migrations of a Spring Boot"
                    + " application, is not on the class path: add org.springframework.boot:spring-boot-starter-flyway");
        }
        return SharedServices.prepare(config);
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    ServiceRoleConnectionDetails sharedServicesJdbcConnectionDetails(SharedServices sharedServices) {
        return new ServiceRoleConnectionDetails(sharedServices.config());
    }

    /** Sizes Spring Boot's pool as {@code sharedsvc.postgres.pool-size}, the size the budget was checked for. */
    @Bean
    static BeanPostProcessor sharedServicesPoolSize(ObjectProvider<SharedServices> sharedServices,
                                                    Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                int size = bean instanceof HikariDataSource && BOOT_DATA_SOURCE.equals(beanName)
                        ? sharedServices.getObject().config().poolSize() : 0;
                if (size > 0) {
                    HikariDataSource pool = (HikariDataSource) bean;
                    String hikari = environment.getProperty(HIKARI_POOL_SIZE);
                    if (hikari != null && !hikari.strip().equals(Integer.toString(size))) {
                        LOG.warn("{}={} is replaced by sharedsvc.postgres.pool-size={}, the size checked against the"
                                + " role's connection limit", HIKARI_POOL_SIZE, hikari, size);
                    }
                    pool.setMaximumPoolSize(size);
                }
                return bean;
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(FlywayConnectionDetails.class)
    static class SharedServicesFlywayConfiguration {

        @Bean
        @ConditionalOnMissingBean(FlywayConnectionDetails.class)
        ServiceRoleFlywayConnectionDetails sharedServicesFlywayConnectionDetails(SharedServices sharedServices,
                                                                                 Environment environment) {
            ServiceRoleConnectionDetails serviceRole = new ServiceRoleConnectionDetails(sharedServices.config());
            if (environment.containsProperty("spring.flyway.user") || environment.containsProperty("spring.flyway.url")) {
                LOG.warn("spring.flyway.user and spring.flyway.url are ignored: sharedsvc runs the migrations as the"
                        + " service's role {}", serviceRole.getUsername());
            }
            return new ServiceRoleFlywayConnectionDetails(serviceRole);
        }

        @Bean
        FlywayConfigurationCustomizer sharedServicesFlywayLocations(SharedServices sharedServices) {
            List<String> locations = sharedServices.config().migrations();
            return configuration -> {
                if (!locations.isEmpty()) {
                    configuration.locations(locations.toArray(String[]::new));
                }
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({ DataRedisConnectionDetails.class, LettuceConnectionFactory.class })
    @Conditional(OnRedisPurposesCondition.class)
    static class SharedServicesRedisConfiguration {

        @Bean
        SharedServicesRedis sharedServicesRedis(SharedServices sharedServices) {
            List<PurposeConnectionDetails> purposes = sharedServices.config().redis().orElseThrow().purposes().stream()
                    .map(purpose -> new PurposeConnectionDetails(sharedServices.redis(purpose)))
                    .toList();
            return new SharedServicesRedis(sharedServices.config().service(), purposes);
        }

        @Bean
        @ConditionalOnMissingBean(DataRedisConnectionDetails.class)
        PurposeConnectionDetails sharedServicesRedisConnectionDetails(SharedServices sharedServices) {
            String first = sharedServices.config().redis().orElseThrow().purposes().get(0);
            return new PurposeConnectionDetails(sharedServices.redis(first));
        }
    }
}
