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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Makes the service's PostgreSQL database and role, and its Redis databases, ready before Spring Boot creates the
 * beans that use them, and hands those beans the service's own credentials:
 *
 * <ol>
 *   <li>the {@code sharedServices} bean runs sharedsvc's bootstrap: wait until the servers serve, ensure (or verify)
 *       the database and role, check the Redis layout against the server;</li>
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

    @Bean
    InterimBootstrap.Result sharedServices(SharedServicesProperties properties) {
        return InterimBootstrap.run(properties);
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    ServiceRoleConnectionDetails sharedServicesJdbcConnectionDetails(InterimBootstrap.Result sharedServices) {
        return new ServiceRoleConnectionDetails(sharedServices);
    }

    @Bean
    static BeanPostProcessor sharedServicesPoolSize(ObjectProvider<InterimBootstrap.Result> sharedServices,
                                                    Environment environment) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof HikariDataSource pool) {
                    int size = sharedServices.getObject().poolSize();
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
        ServiceRoleFlywayConnectionDetails sharedServicesFlywayConnectionDetails(
                ServiceRoleConnectionDetails serviceRole, Environment environment) {
            if (environment.containsProperty("spring.flyway.user") || environment.containsProperty("spring.flyway.url")) {
                LOG.warn("spring.flyway.user and spring.flyway.url are ignored: sharedsvc runs the migrations as the"
                        + " service's role {}", serviceRole.getUsername());
            }
            return new ServiceRoleFlywayConnectionDetails(serviceRole);
        }

        @Bean
        FlywayConfigurationCustomizer sharedServicesFlywayLocations(SharedServicesProperties properties) {
            List<String> locations = properties.getPostgres().getMigrations();
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
        SharedServicesRedis sharedServicesRedis(InterimBootstrap.Result sharedServices) {
            List<PurposeConnectionDetails> purposes = sharedServices.redisTargets().values().stream()
                    .map(target -> new PurposeConnectionDetails(target, sharedServices.redisServer()))
                    .toList();
            return new SharedServicesRedis(sharedServices.service(), purposes);
        }

        @Bean
        @ConditionalOnMissingBean(DataRedisConnectionDetails.class)
        PurposeConnectionDetails sharedServicesRedisConnectionDetails(InterimBootstrap.Result sharedServices) {
            String primary = sharedServices.redisTargets().keySet().iterator().next();
            return new PurposeConnectionDetails(sharedServices.redisTargets().get(primary),
                    sharedServices.redisServer());
        }
    }
}
