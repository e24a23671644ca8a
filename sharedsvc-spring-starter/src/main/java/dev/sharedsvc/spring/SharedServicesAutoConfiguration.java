package dev.sharedsvc.spring;

import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

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
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
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

import dev.sharedsvc.bootstrap.FrameworkOwns;
import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;

/**
 * Makes the service's PostgreSQL database and role, and its Redis databases, ready before Spring Boot creates the
 * beans that use them, and hands those beans the service's own credentials:
 *
 * <ol>
 *   <li>the {@code sharedServices} bean reads the {@code sharedsvc.*} keys from Spring's {@code Environment} into the
 *       core's {@link SharedServicesConfig} and runs {@link SharedServices#prepare(SharedServicesConfig, Set)}: wait
 *       until the servers serve, ensure (or verify) the database and role, check the pool against the connection
 *       budget, check the Redis layout against the server. What Spring Boot opens itself, sharedsvc does not: the
 *       pool always, the migrations when Spring Boot's Flyway runs them (else sharedsvc's Flyway runs
 *       {@code sharedsvc.postgres.migrations} as the service's role), the Redis connections when Spring Boot's
 *       Redis support is present;</li>
 *   <li>{@link JdbcConnectionDetails} carry the service's database, role and password, so Spring Boot's HikariCP
 *       DataSource logs in as the service and needs no {@code spring.datasource.*}; its maximum pool size is
 *       {@code sharedsvc.postgres.pool-size} or {@code spring.datasource.hikari.maximum-pool-size}, one number
 *       (both set and different, or {@code pool-size=0}, stop the start);</li>
 *   <li>{@link FlywayConnectionDetails} make Spring Boot's Flyway migrate as that role, never as the
 *       administrator, from {@code sharedsvc.postgres.migrations} ({@code spring.flyway.locations} unset or
 *       equal);</li>
 *   <li>{@link DataRedisConnectionDetails} point Spring Boot's Redis connection at the database the layout gives
 *       the first of {@code sharedsvc.redis.purposes}; {@link SharedServicesRedis} reaches every purpose.</li>
 * </ol>
 *
 * Each of those beans depends on the {@code sharedServices} bean, so the DataSource, Flyway and the Redis connection
 * factory cannot exist before the servers are ready and provisioned; ordering before Spring Boot's auto-configurations
 * lets theirs back off in favour of these connection details.
 *
 * <p>Steps aside entirely when no {@code sharedsvc.*} key is set, or when the application defines its own
 * {@link DataSource}. With {@code sharedsvc.mode=off} it provisions and verifies nothing, and still waits for the
 * servers and hands Spring Boot the service's connection settings.
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
    static final String FLYWAY_LOCATIONS = "spring.flyway.locations";
    static final String BOOT_REDIS = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration";
    static final String LETTUCE_FACTORY = "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory";

    @Bean
    SharedServices sharedServices(Environment environment, ResourceLoader resourceLoader) {
        SpringSettings settings = new SpringSettings(environment);
        OptionalInt hikari = hikariPoolSize(environment);
        // The pool has one size: Spring Boot's key states it when sharedsvc's does not, and the budget checks it.
        SharedServicesConfig config = SharedServicesConfig.from(settings::variable, name -> {
            String value = settings.property(name);
            return value == null && name.equals(Setting.POSTGRES_POOL_SIZE.property()) && hikari.isPresent()
                    ? Integer.toString(hikari.getAsInt()) : value;
        }, settings.names());
        config.frameworkPoolSize(HIKARI_POOL_SIZE, hikari);
        Set<FrameworkOwns> owned = EnumSet.of(FrameworkOwns.POOL);
        if (bootMigrates(environment, resourceLoader.getClassLoader())) {
            config.frameworkMigrations(FLYWAY_LOCATIONS, bootFlywayLocations(environment));
            owned.add(FrameworkOwns.MIGRATIONS);
        }
        if (ClassUtils.isPresent(BOOT_REDIS, resourceLoader.getClassLoader())
                && ClassUtils.isPresent(LETTUCE_FACTORY, resourceLoader.getClassLoader())) {
            owned.add(FrameworkOwns.REDIS);
        }
        return SharedServices.prepare(config, owned);
    }

    /** {@code spring.datasource.hikari.maximum-pool-size} when the application sets it. */
    private static OptionalInt hikariPoolSize(Environment environment) {
        return Binder.get(environment).bind(HIKARI_POOL_SIZE, Integer.class)
                .map(OptionalInt::of).orElse(OptionalInt.empty());
    }

    /** Whether Spring Boot's Flyway runs the migrations at start: on the class path and not switched off. */
    private static boolean bootMigrates(Environment environment, ClassLoader classLoader) {
        return ClassUtils.isPresent(BOOT_FLYWAY, classLoader)
                && environment.getProperty("spring.flyway.enabled", Boolean.class, true);
    }

    /** {@code spring.flyway.locations} as the application sets them; empty when it does not. */
    private static List<String> bootFlywayLocations(Environment environment) {
        return Binder.get(environment).bind(FLYWAY_LOCATIONS, Bindable.listOf(String.class)).orElse(List.of());
    }

    @Bean
    @ConditionalOnMissingBean(JdbcConnectionDetails.class)
    ServiceRoleConnectionDetails sharedServicesJdbcConnectionDetails(SharedServices sharedServices) {
        // With roles by duty the application's pool logs in as the application login; Flyway keeps the owner's.
        // With a pooler (postgres.pooled-url) the pool connects through it; Flyway stays on the direct endpoint.
        return new ServiceRoleConnectionDetails(sharedServices.config().pooledServer(), sharedServices.poolLogin());
    }

    /** Sizes Spring Boot's pool: the one size both keys may state, which the budget was checked for. */
    @Bean
    static BeanPostProcessor sharedServicesPoolSize(ObjectProvider<SharedServices> sharedServices) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof HikariDataSource pool && BOOT_DATA_SOURCE.equals(beanName)) {
                    pool.setMaximumPoolSize(sharedServices.getObject().config().poolSize());
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
            ServiceRoleConnectionDetails serviceRole = new ServiceRoleConnectionDetails(
                    sharedServices.config().serviceServer(), sharedServices.config().login());
            if (environment.containsProperty("spring.flyway.user") || environment.containsProperty("spring.flyway.url")) {
                LOG.warn("spring.flyway.user and spring.flyway.url are ignored: sharedsvc runs the migrations as the"
                        + " service's role {}", serviceRole.getUsername());
            }
            return new ServiceRoleFlywayConnectionDetails(serviceRole);
        }

        /** Spring Boot's Flyway migrates from exactly the locations both keys agree on (checked at start). */
        @Bean
        FlywayConfigurationCustomizer sharedServicesFlywayLocations(SharedServices sharedServices,
                                                                    Environment environment) {
            List<String> locations = sharedServices.config()
                    .frameworkMigrations(FLYWAY_LOCATIONS, bootFlywayLocations(environment));
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
                    .map(sharedServices::redis)
                    .map(purpose -> new PurposeConnectionDetails(purpose.target(), purpose.uri()))
                    .toList();
            return new SharedServicesRedis(sharedServices.config().service(), purposes);
        }

        @Bean
        @ConditionalOnMissingBean(DataRedisConnectionDetails.class)
        PurposeConnectionDetails sharedServicesRedisConnectionDetails(SharedServices sharedServices) {
            RedisPurpose first = sharedServices.redis(sharedServices.config().redis().orElseThrow().purposes().get(0));
            return new PurposeConnectionDetails(first.target(), first.uri());
        }
    }
}
