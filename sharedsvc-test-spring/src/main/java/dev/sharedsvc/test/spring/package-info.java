/**
 * Isolated tenants in Spring Boot tests: {@link dev.sharedsvc.test.spring.AutoConfigureTenants} on a
 * {@code @SpringBootTest} (or a slice) puts a {@link dev.sharedsvc.test.spring.TenantDataSource} under the
 * application, which moves to a fresh migrated tenant before every test without restarting the context.
 */
package dev.sharedsvc.test.spring;
