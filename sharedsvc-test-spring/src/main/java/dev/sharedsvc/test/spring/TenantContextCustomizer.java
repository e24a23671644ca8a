package dev.sharedsvc.test.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.util.ClassUtils;

import com.zaxxer.hikari.HikariConfig;

import dev.sharedsvc.test.IsolatedTenants;
import dev.sharedsvc.test.TenantServer;
import dev.sharedsvc.test.internal.SharedPools;
import dev.sharedsvc.tenant.TenantTemplate;

/**
 * Puts a {@link TenantDataSource} (and, with Redis, the tenant Redis connection details) into the context before its
 * configuration is read, so that Spring Boot's DataSource auto-configuration and the sharedsvc starter back off, and
 * turns the starter off. Equal for equal settings: part of the context cache key.
 */
record TenantContextCustomizer(IsolatedTenants.RedisIsolation redis, List<String> extensions)
        implements ContextCustomizer {

    static final String DATA_SOURCE = "dataSource";
    static final String REDIS = "sharedsvcTenantRedisConnectionDetails";
    private static final String PROPERTIES = "sharedsvcTenants";
    private static final String REDIS_DETAILS =
            "org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails";

    static TenantContextCustomizer of(AutoConfigureTenants annotation) {
        if (annotation.redis() == IsolatedTenants.RedisIsolation.KEY_PREFIX) {
            throw new IllegalStateException("@AutoConfigureTenants(redis = KEY_PREFIX) is not supported: Spring Data"
                    + " Redis does not put a prefix before the application's keys; use RedisIsolation.DATABASE");
        }
        return new TenantContextCustomizer(annotation.redis(), List.of(annotation.extensions()));
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration configuration) {
        ConfigurableEnvironment environment = context.getEnvironment();
        ClassLoader classLoader = context.getClassLoader() != null ? context.getClassLoader()
                : ClassUtils.getDefaultClassLoader();
        ApplicationMigrations migrations = ApplicationMigrations.of(environment);
        TenantTemplate template = migrations.template(classLoader, extensions);

        Map<String, Object> properties = new LinkedHashMap<>();
        // The tenant replaces what the starter would provision: it must not touch the real server.
        properties.put("sharedsvc.mode", "off");
        // A slice (@JdbcTest, @DataJpaTest) would otherwise put an embedded in-memory database in the tenant's place.
        properties.put("spring.test.database.replace", "none");
        if (!migrations.locations().isEmpty()) {
            // Spring Boot's Flyway validates the tenant at startup: it must look where the template came from.
            properties.put("spring.flyway.locations", String.join(",", migrations.locations()));
        }
        environment.getPropertySources().addFirst(new MapPropertySource(PROPERTIES, properties));

        HikariConfig hikari = new HikariConfig();
        hikari.setMinimumIdle(0);
        Binder.get(environment).bind("spring.datasource.hikari", Bindable.ofInstance(hikari));
        String name = "spring_" + Integer.toHexString(System.identityHashCode(context));

        BeanDefinitionRegistry registry = (BeanDefinitionRegistry) context.getBeanFactory();
        RootBeanDefinition dataSource = new RootBeanDefinition(TenantDataSource.class,
                () -> new TenantDataSource(() -> SharedPools.pool(TenantServer.standard(), template), hikari, name));
        dataSource.setPrimary(true);
        dataSource.setDestroyMethodName("close");
        registry.registerBeanDefinition(DATA_SOURCE, dataSource);

        if (redis == IsolatedTenants.RedisIsolation.DATABASE) {
            if (!ClassUtils.isPresent(REDIS_DETAILS, classLoader)) {
                throw new IllegalStateException("@AutoConfigureTenants(redis = DATABASE) needs Spring Boot's Redis"
                        + " support: add org.springframework.boot:spring-boot-starter-data-redis");
            }
            registry.registerBeanDefinition(REDIS, TenantRedisConnectionDetails.definition(context.getBeanFactory()));
        }
    }
}
