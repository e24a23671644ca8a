/**
 * A service's start-up in one call: {@link dev.sharedsvc.bootstrap.SharedServices#bootstrap} waits for PostgreSQL
 * and Redis, ensures or verifies the service's database and role, checks its Redis databases, migrates its schema
 * as its own role and hands back a HikariCP pool and Lettuce connections, with a
 * {@link dev.sharedsvc.bootstrap.BootstrapReport} of what it did.
 */
package dev.sharedsvc.bootstrap;
