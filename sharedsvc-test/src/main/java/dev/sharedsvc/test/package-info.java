/**
 * The JUnit 5 side of isolated tenants: {@link dev.sharedsvc.test.IsolatedTenants} on a test class gives each test
 * method (or the class) a migrated database and role of its own, injected through
 * {@link dev.sharedsvc.test.FromTenant} fields and parameters; {@link dev.sharedsvc.test.TenantExtension} and
 * {@link dev.sharedsvc.test.TenantServer} choose another server, such as a Testcontainers container through
 * {@link dev.sharedsvc.test.ContainerServer}. The pools and templates themselves are in {@code dev.sharedsvc.tenant}.
 */
package dev.sharedsvc.test;
