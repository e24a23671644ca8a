/**
 * Redis allocation: which database index (or key prefix) each (environment, purpose) pair uses on a shared Redis,
 * and whether the live server can keep the pairs apart and keep their data.
 *
 * <ul>
 *   <li>{@link dev.sharedsvc.redis.RedisLayout}: the table as a validated value, built in code or read from one
 *       line of text ({@code prod.broker=0, prod.cache=1, ...});</li>
 *   <li>{@link dev.sharedsvc.redis.RedisTarget}: one pair resolved, with the isolation in effect and a Lettuce
 *       {@code RedisURI} for it;</li>
 *   <li>{@link dev.sharedsvc.redis.RedisUrl}: an existing {@code REDIS_URL}-style setting, compared with the
 *       layout;</li>
 *   <li>{@link dev.sharedsvc.redis.RedisServerCheck} and its {@link dev.sharedsvc.redis.RedisCheckReport}: the
 *       checks against the live server.</li>
 * </ul>
 */
package dev.sharedsvc.redis;
