/**
 * Readiness of PostgreSQL and Redis: {@link dev.sharedsvc.health.Probe probes} that tell "starting" from "down"
 * from "wrong password", and {@link dev.sharedsvc.health.Readiness} that waits for several services until one
 * deadline.
 *
 * <pre>{@code
 * ReadinessReport report = Readiness.of(
 *                 Probe.postgres("jdbc:postgresql://db:5432/app", "app", password),
 *                 Probe.redis(RedisURI.create("redis://cache:6379")))
 *         .stable(3, Duration.ofMillis(200))
 *         .await(Duration.ofSeconds(30));
 * }</pre>
 */
package dev.sharedsvc.health;
