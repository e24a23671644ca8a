package dev.sharedsvc.redis;

import java.util.Locale;

/**
 * Whether a purpose's data must survive memory pressure. A {@link RedisServerCheck} reports a durable purpose on a
 * server whose {@code maxmemory-policy} may evict its keys.
 *
 * <p>Every purpose is {@link #DURABLE} unless the layout declares it {@link #EVICTABLE}; the purpose named
 * {@code cache} is evictable unless declared durable. So a broker, a queue or a session store is protected without
 * anyone having to remember to say so.
 */
public enum Durability {

    /** Losing a key loses work or state (a broker's queues, sessions, locks). */
    DURABLE,

    /** Keys may be evicted at any time and are rebuilt on demand (a cache). */
    EVICTABLE;

    /** The purpose that is evictable by default. */
    static final String DEFAULT_EVICTABLE_PURPOSE = "cache";

    static Durability defaultFor(String purpose) {
        return DEFAULT_EVICTABLE_PURPOSE.equals(purpose) ? EVICTABLE : DURABLE;
    }

    /** The word the layout text uses: {@code durable} or {@code evictable}. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
