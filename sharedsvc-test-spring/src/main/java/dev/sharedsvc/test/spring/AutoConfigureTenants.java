package dev.sharedsvc.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.sharedsvc.test.IsolatedTenants;

/**
 * Gives each test method (or each test class) of a {@code @SpringBootTest}, {@code @JdbcTest} or
 * {@code @DataJpaTest} a PostgreSQL database and login role of its own, migrated with the application's own
 * migrations, under the application's {@code DataSource}; the application context is not restarted, so Spring's
 * context cache stays warm across test classes.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureTenants(redis = RedisIsolation.DATABASE)
 * class AccountServiceTest {
 *
 *     @Autowired JdbcClient database;
 *
 *     @Test
 *     void savesAnAccount() { ... }   // an empty, migrated database of its own, and an empty Redis database
 * }
 * }</pre>
 *
 * <p>What the application gets, in every context of a test class that carries this annotation:
 * <ul>
 *   <li>its {@code DataSource} bean is a {@link TenantDataSource}: one HikariCP pool for the context, configured by
 *       {@code spring.datasource.hikari.*} (minimum idle 0 unless set), whose connections come from the current
 *       tenant's {@code dataSource()}, as the tenant's role. Before each test (before {@code @BeforeEach} methods and
 *       before a test-managed transaction begins) it evicts the pool's connections and gives the previous tenant
 *       back, aborting connections still in use, and takes a fresh tenant; the previous one is reset under a new
 *       password or dropped in the background. JdbcClient, JdbcTemplate, JPA and the transaction manager use it
 *       unchanged;</li>
 *   <li>the template is migrated once per JVM (and reused by later runs while the migrations stay the same) from the
 *       application's own migrations: {@code sharedsvc.postgres.migrations}, else {@code spring.flyway.locations},
 *       else {@code classpath:db/migration}; {@code spring.flyway.schemas}, {@code default-schema}, {@code table}
 *       and {@code placeholders.*} carry over. Spring Boot's Flyway still runs at startup, and finds the schema
 *       there;</li>
 *   <li>the sharedsvc starter, when present, is turned off ({@code sharedsvc.mode=off}): it provisions nothing on
 *       the real server; {@code spring.datasource.url}, user and password are not used;</li>
 *   <li>with {@link #redis()} {@code DATABASE}, Spring Boot's Redis connection points at a database of the test
 *       Redis claimed for the context, emptied before each test.</li>
 * </ul>
 *
 * <p>Tests that share a context take turns on it: one test (or, with {@link IsolatedTenants.Scope#CLASS}, one test
 * class) at a time uses the context's tenant, so under JUnit's parallel execution, classes with different contexts
 * run in parallel and tests sharing a context run one after another. The server is the test PostgreSQL
 * ({@code SHAREDSVC_TEST_POSTGRES_URL}, else an embedded one) and the test Redis ({@code SHAREDSVC_TEST_REDIS_URL},
 * else an embedded one). An application that defines its own {@code DataSource} bean named {@code dataSource} is
 * refused by Spring (a second definition of the bean).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AutoConfigureTenants {

    /** Whether each test method or each test class gets a tenant. */
    IsolatedTenants.Scope scope() default IsolatedTenants.Scope.METHOD;

    /**
     * Whether the application's Redis connection gets a database of its own ({@code DATABASE}, which needs Spring
     * Data Redis) or is left alone ({@code NONE}). {@code KEY_PREFIX} is refused: Spring Data Redis does not put a
     * prefix before the application's keys.
     */
    IsolatedTenants.RedisIsolation redis() default IsolatedTenants.RedisIsolation.NONE;

    /** Extensions the administrator creates in the template, so tenants have them without being superuser. */
    String[] extensions() default {};
}
