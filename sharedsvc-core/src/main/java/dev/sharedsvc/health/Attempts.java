package dev.sharedsvc.health;

import java.time.Duration;

/**
 * The attempts one wait makes with one probe. A probe whose attempts share something costly (Lettuce's event
 * loop) opens it here once per wait instead of once per attempt; {@link #close()} releases it.
 */
@FunctionalInterface
interface Attempts extends AutoCloseable {

    /** One attempt, as {@link Probe#check(Duration)}. */
    Observation check(Duration timeout);

    @Override
    default void close() {
    }

    static Attempts of(Probe probe) {
        return probe instanceof RedisProbe redis ? redis.open() : probe::check;
    }
}
