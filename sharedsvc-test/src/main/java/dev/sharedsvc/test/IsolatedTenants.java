package dev.sharedsvc.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives every test method (or every test class) a PostgreSQL database and login role of its own, already migrated,
 * and drops them afterwards.
 *
 * <pre>{@code
 * @IsolatedTenants(migrations = "classpath:db/migration")
 * class AccountRepositoryTest {
 *
 *     @FromTenant
 *     DataSource dataSource;
 *
 *     @Test
 *     void savesAnAccount(Tenant tenant) { ... }
 * }
 * }</pre>
 *
 * <p>The tenants come from a {@link dev.sharedsvc.tenant.TenantPool} per server and template, shared by every
 * test class of the JVM and closed when the run ends: its template is migrated once and reused by later runs while
 * the migrations stay the same, and a few tenants are kept ready, so a test waits about a queue poll. The server
 * is {@link TenantServer#standard()} unless the class registers a {@link TenantExtension} of its own. Safe under
 * JUnit's parallel execution.
 *
 * <p>Tuning, as JUnit configuration parameters or system properties: {@code sharedsvc.test.tenants.size}
 * (tenants kept ready, default 4), {@code sharedsvc.test.tenants.strategy} ({@code FILE_COPY}, the default, or
 * {@code WAL_LOG}), {@code sharedsvc.test.tenants.keepOnFailure} ({@code true} keeps the tenants of failed tests,
 * whatever {@link #keepOnFailure()} says).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ExtendWith(TenantExtension.class)
public @interface IsolatedTenants {

    /** Flyway locations of the migrations, such as {@code classpath:db/migration}; none for an empty schema. */
    String[] migrations() default {};

    /** Further Flyway settings as {@code name=value}, such as {@code flyway.placeholders.region=eu}. */
    String[] flyway() default {};

    /** Extensions the administrator creates in the template, so tenants have them without being superuser. */
    String[] extensions() default {};

    /** Whether each test method or each test class gets a tenant. */
    Scope scope() default Scope.METHOD;

    /** Whether each tenant also gets a Redis database of its own, a key prefix of its own, or no Redis. */
    RedisIsolation redis() default RedisIsolation.NONE;

    /**
     * Keeps the tenant of a failed test instead of dropping it, and logs its URL (not its password) and how to drop
     * it. No sweep removes a kept tenant.
     */
    boolean keepOnFailure() default false;

    /** How long a tenant lives. */
    enum Scope {
        /**
         * One tenant per test method, made before {@code @BeforeEach} methods and given back (reset or dropped) after
         * the test.
         */
        METHOD,
        /**
         * One tenant per test class, made before {@code @BeforeAll} methods and given back (reset or dropped) after
         * the class.
         */
        CLASS
    }

    /** What a tenant gets on the test Redis ({@code SHAREDSVC_TEST_REDIS_URL}, else an embedded one). */
    enum RedisIsolation {
        /** No Redis. */
        NONE,
        /** A database index of its own (1 and up), flushed before and after use. */
        DATABASE,
        /** Database 0 and a key prefix of its own, as on a Redis Cluster; its keys are deleted after use. */
        KEY_PREFIX
    }
}
