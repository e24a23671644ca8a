/**
 * sharedsvc: bootstrap for JVM services on a shared PostgreSQL and Redis. Each concern has its package:
 * {@code postgres} (databases and roles), {@code redis} (database indexes and prefixes), {@code health}
 * (readiness and waiting), {@code config} (the settings of a service) and {@code bootstrap} (all of them in one
 * call at start-up).
 */
package dev.sharedsvc;
