package dev.sharedsvc.test;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ModifierSupport;
import org.junit.platform.commons.support.ReflectionSupport;

import dev.sharedsvc.postgres.CopyStrategy;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.test.internal.RedisTenants;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantPool;
import dev.sharedsvc.tenant.TenantTemplate;
import io.lettuce.core.RedisURI;

/**
 * The JUnit 5 extension behind {@link IsolatedTenants}: it takes a tenant from a shared {@link TenantPool} before
 * each test (or test class), injects it into {@link FromTenant} fields and into parameters of type
 * {@link Tenant}, {@link DataSource}, {@link RedisTarget} and {@link RedisURI}, and gives it back afterwards.
 *
 * <p>{@link IsolatedTenants} registers it for the {@link TenantServer#standard() standard} server. For another
 * server, such as a Testcontainers container, register one with {@link #on(Supplier)} in a static field; the
 * class's {@link IsolatedTenants} still says what its tenants hold (without it they get an empty schema, per method).
 *
 * <p>Pools are kept in the root context, one per server, template and tuning, and closed when the run ends, which
 * drops every tenant not kept. Thread-safe: test classes and methods may run in parallel.
 */
public final class TenantExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TenantExtension.class);
    private static final String LEASE = "lease";
    private static final String SIZE = "sharedsvc.test.tenants.size";
    private static final String STRATEGY = "sharedsvc.test.tenants.strategy";
    private static final String KEEP_ON_FAILURE = "sharedsvc.test.tenants.keepOnFailure";
    private static final Map<Class<?>, Boolean> INJECTABLE = Map.of(Tenant.class, false, DataSource.class, false,
            RedisTarget.class, true, RedisURI.class, true); // type -> whether it needs Redis

    private final Supplier<TenantServer> server;

    /** The extension {@link IsolatedTenants} registers: tenants on the {@link TenantServer#standard()} server. */
    public TenantExtension() {
        this.server = null;
    }

    private TenantExtension(Supplier<TenantServer> server) {
        this.server = server;
    }

    /**
     * An extension for tenants on the server {@code server} supplies, asked for when the first tenant is needed
     * (so a container may be started by then); register it with {@code @RegisterExtension} in a static field.
     */
    public static TenantExtension on(Supplier<TenantServer> server) {
        return new TenantExtension(Objects.requireNonNull(server, "server"));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Optional<Settings> settings = settings(context);
        if (settings.isEmpty() || settings.get().scope() != IsolatedTenants.Scope.CLASS) {
            return;
        }
        Lease lease = lease(context, settings.get());
        inject(context.getRequiredTestClass(), null, lease);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Settings> settings = settings(context);
        if (settings.isEmpty()) {
            return;
        }
        Lease lease = settings.get().scope() == IsolatedTenants.Scope.METHOD
                ? lease(context, settings.get()) : current(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(instance.getClass(), instance, lease);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<Settings> settings = settings(context);
        if (settings.isEmpty()) {
            return;
        }
        boolean failed = context.getExecutionException().isPresent();
        if (settings.get().scope() == IsolatedTenants.Scope.METHOD) {
            end(context, failed);
        } else if (failed) {
            current(context).failed = true;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Optional<Settings> settings = settings(context);
        if (settings.isPresent() && settings.get().scope() == IsolatedTenants.Scope.CLASS) {
            end(context, context.getExecutionException().isPresent());
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return INJECTABLE.containsKey(parameter.getParameter().getType()) && settings(context).isPresent();
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Lease lease = context.getStore(NAMESPACE).get(LEASE, Lease.class);
        if (lease == null) {
            throw new ParameterResolutionException("no tenant for " + parameter.getParameter() + ": per-method tenants"
                    + " exist from before each test to after it; for @BeforeAll and @AfterAll use"
                    + " @IsolatedTenants(scope = Scope.CLASS)");
        }
        return lease.value(parameter.getParameter().getType(), parameter.getParameter().toString());
    }

    /** This class's settings, or empty when this instance stands back (another one serves the class). */
    private Optional<Settings> settings(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        if (server == null && registersItsOwn(testClass)) {
            return Optional.empty();
        }
        return Optional.of(context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(testClass, Settings::of, Settings.class));
    }

    private static boolean registersItsOwn(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            if (!ReflectionSupport.findFields(type, field -> field.isAnnotationPresent(RegisterExtension.class)
                    && TenantExtension.class.isAssignableFrom(field.getType()), HierarchyTraversalMode.TOP_DOWN).isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Takes a tenant (and its Redis target) for {@code context}; the context's store gives it back if nothing else does. */
    private Lease lease(ExtensionContext context, Settings settings) {
        TenantServer target = server == null ? TenantServer.standard() : server.get();
        PoolKey key = new PoolKey(target, settings.template(), context.getConfigurationParameter(SIZE, Integer::parseInt),
                context.getConfigurationParameter(STRATEGY, CopyStrategy::valueOf));
        TenantPool pool = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(key, PoolKey::start,
                TenantPool.class);
        RedisTenants redis = settings.redis() == IsolatedTenants.RedisIsolation.NONE ? null
                : context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RedisTenants.class,
                        type -> RedisTenants.start(), RedisTenants.class);
        boolean keep = settings.keepOnFailure()
                || context.getConfigurationParameter(KEEP_ON_FAILURE, Boolean::parseBoolean).orElse(false);
        Tenant tenant = pool.acquire();
        Lease lease;
        try {
            lease = new Lease(pool, tenant, redis, redis == null ? null : redis.allocate(tenant.database(),
                    settings.redis()), settings.scope(), keep);
        } catch (RuntimeException e) {
            pool.release(tenant);
            throw e;
        }
        context.getStore(NAMESPACE).put(LEASE, lease);
        return lease;
    }

    private static Lease current(ExtensionContext context) {
        return context.getStore(NAMESPACE).get(LEASE, Lease.class);
    }

    private static void end(ExtensionContext context, boolean failed) {
        Lease lease = context.getStore(NAMESPACE).remove(LEASE, Lease.class);
        if (lease != null) {
            lease.end(failed || lease.failed);
        }
    }

    /**
     * Sets the {@link FromTenant} fields of {@code type}: the static ones when {@code instance} is null (before all
     * tests, per-class tenants only), else the instance's.
     */
    private static void inject(Class<?> type, Object instance, Lease lease) {
        for (Field field : AnnotationSupport.findAnnotatedFields(type, FromTenant.class)) {
            if (ModifierSupport.isStatic(field) != (instance == null)) {
                if (instance != null && lease.scope == IsolatedTenants.Scope.METHOD) {
                    throw new ExtensionConfigurationException("@FromTenant field " + field + " is static, but each"
                            + " test has a tenant of its own; make it an instance field, or use Scope.CLASS");
                }
                continue;
            }
            try {
                field.setAccessible(true);
                field.set(instance, lease.value(field.getType(), "@FromTenant field " + field));
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("could not set @FromTenant field " + field, e);
            }
        }
    }

    /** What a test class asks for. */
    private record Settings(TenantTemplate template, IsolatedTenants.Scope scope,
                            IsolatedTenants.RedisIsolation redis, boolean keepOnFailure) {

        static Settings of(Object key) {
            Class<?> testClass = (Class<?>) key;
            for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
                Optional<IsolatedTenants> annotation = AnnotationSupport.findAnnotation(type, IsolatedTenants.class);
                if (annotation.isPresent()) {
                    return of(annotation.get(), testClass);
                }
            }
            return new Settings(TenantTemplate.builder().build(), IsolatedTenants.Scope.METHOD,
                    IsolatedTenants.RedisIsolation.NONE, false);
        }

        private static Settings of(IsolatedTenants annotation, Class<?> testClass) {
            TenantTemplate.Builder template = TenantTemplate.builder().classLoader(testClass.getClassLoader())
                    .migrations(annotation.migrations()).extensions(annotation.extensions());
            for (String setting : annotation.flyway()) {
                int equals = setting.indexOf('=');
                if (equals < 0) {
                    throw new ExtensionConfigurationException("@IsolatedTenants(flyway) of " + testClass.getName()
                            + " takes name=value, was: " + setting);
                }
                template.flywayProperty(setting.substring(0, equals).strip(), setting.substring(equals + 1).strip());
            }
            return new Settings(template.build(), annotation.scope(), annotation.redis(), annotation.keepOnFailure());
        }
    }

    /** One pool per server, template and tuning (empty: the pool's default); closed by the root store at the end. */
    private record PoolKey(TenantServer server, TenantTemplate template, Optional<Integer> size,
                           Optional<CopyStrategy> strategy) {

        TenantPool start() {
            TenantPool.Builder builder = TenantPool.builder(server.jdbcUrl(), server.user(), server.password())
                    .template(template);
            size.ifPresent(builder::size);
            strategy.ifPresent(builder::strategy);
            return builder.start();
        }
    }

    /** One tenant in use by a test or class; closed by its context's store if the callbacks do not end it. */
    private static final class Lease implements AutoCloseable {

        private final TenantPool pool;
        private final Tenant tenant;
        private final RedisTenants redis;
        private final RedisTarget target;
        private final IsolatedTenants.Scope scope;
        private final boolean keepOnFailure;
        private volatile boolean failed;
        private boolean ended;

        Lease(TenantPool pool, Tenant tenant, RedisTenants redis, RedisTarget target, IsolatedTenants.Scope scope,
              boolean keepOnFailure) {
            this.pool = pool;
            this.tenant = tenant;
            this.redis = redis;
            this.target = target;
            this.scope = scope;
            this.keepOnFailure = keepOnFailure;
        }

        Object value(Class<?> type, String where) {
            if (Boolean.TRUE.equals(INJECTABLE.get(type)) && target == null) {
                throw new ExtensionConfigurationException(where + " wants Redis; set @IsolatedTenants(redis = ...)");
            }
            if (type == Tenant.class) {
                return tenant;
            }
            if (type == DataSource.class) {
                return tenant.dataSource();
            }
            if (type == RedisTarget.class) {
                return target;
            }
            if (type == RedisURI.class) {
                return redis.uri(target);
            }
            throw new ExtensionConfigurationException(where + " has type " + type.getName() + "; a tenant gives a"
                    + " Tenant, DataSource, RedisTarget or RedisURI");
        }

        synchronized void end(boolean failed) {
            if (ended) {
                return;
            }
            ended = true;
            if (failed && keepOnFailure) {
                pool.keep(tenant);
                return;
            }
            if (target != null) {
                redis.release(target);
            }
            pool.release(tenant);
        }

        @Override
        public void close() {
            end(false);
        }
    }
}
