package dev.sharedsvc.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field that the {@link TenantExtension} sets before each test (static fields, with
 * {@link IsolatedTenants.Scope#CLASS}, before all of them): a {@link dev.sharedsvc.tenant.Tenant} (URL, user,
 * password), a {@link javax.sql.DataSource} logging in as the tenant's role, or, with {@link IsolatedTenants#redis()},
 * the tenant's {@link dev.sharedsvc.redis.RedisTarget} or {@link io.lettuce.core.RedisURI}. Test and lifecycle
 * method parameters of these types are resolved without it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface FromTenant {
}
