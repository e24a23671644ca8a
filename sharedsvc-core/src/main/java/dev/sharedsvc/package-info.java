/**
 * sharedsvc: bootstrap for JVM services on a shared PostgreSQL and Redis. Each concern has its package:
 * {@code postgres} (where a server is, how to log in, databases and roles), {@code redis} (database indexes and
 * prefixes), {@code health} (readiness and waiting), {@code config} (the settings of a service) and
 * {@code bootstrap} (all of them in one call at start-up). Isolated databases for tests ({@code dev.sharedsvc.tenant})
 * are in the {@code sharedsvc-test} module, not here, so they never ship in a service.
 */
package dev.sharedsvc;
