/**
 * Isolated tenants for test suites: a database and a login role of its own for every test class or method, already
 * migrated, copied in milliseconds from a template and handed out from a warm pool, and never left behind.
 *
 * <ul>
 *   <li>{@link dev.sharedsvc.tenant.TenantTemplate}: what every tenant starts with (Flyway migrations,
 *       extensions); migrated once per server into a template database that later runs reuse;</li>
 *   <li>{@link dev.sharedsvc.tenant.TenantPool}: a run on one server, which keeps tenants ready, drops released
 *       ones in the background, and sweeps what killed runs left;</li>
 *   <li>{@link dev.sharedsvc.tenant.Tenant}: one tenant, with its URL, role, password and a {@code DataSource}.</li>
 * </ul>
 *
 * <p>Tenants are provisioned by {@link dev.sharedsvc.postgres.PostgresAdmin}, as services are in production.
 */
package dev.sharedsvc.tenant;
