package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how carefully to wait for servers: the deadline, and how many good probes in a row, how far apart,
 * count as ready. The value the configuration's {@code wait.*} keys describe, taken by {@link Readiness#await}.
 *
 * <pre>{@code
 * WaitSettings wait = WaitSettings.builder().timeout(Duration.ofMinutes(2)).stable(3, Duration.ofMillis(200)).build();
 * Readiness.of(probes).await(wait);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param timeout       how long to wait in all; positive
 * @param stableCount   good probes in a row, from the same server instance, before a server counts as ready; 1 or
 *                      more
 * @param stableSpacing the pause between those probes; zero or positive
 */
public record WaitSettings(Duration timeout, int stableCount, Duration stableSpacing) {

    /** {@link #timeout()} when not set: 60 seconds. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    /** {@link #stableCount()} when not set: 1, the first good probe. */
    public static final int DEFAULT_STABLE_COUNT = 1;
    /** {@link #stableSpacing()} when not set: 200 milliseconds. */
    public static final Duration DEFAULT_STABLE_SPACING = Duration.ofMillis(200);

    /**
     * @throws IllegalArgumentException when the timeout is not positive, the count below 1 or the spacing negative;
     *                                  the message says which and what it was
     */
    public WaitSettings {
        Durations.requirePositive(timeout, "the wait's timeout");
        requireStable(stableCount, stableSpacing);
    }

    /** The rule for stable probes, here and in {@link Readiness#stable}: a count of 1 or more, a spacing not negative. */
    static void requireStable(int count, Duration spacing) {
        if (count < 1) {
            throw new IllegalArgumentException("stable needs 1 or more probes in a row, was " + count);
        }
        if (Objects.requireNonNull(spacing, "spacing").isNegative()) {
            throw new IllegalArgumentException("the spacing of stable probes must not be negative, was "
                    + Durations.format(spacing));
        }
    }

    /** 60 seconds, the first good probe. */
    public static WaitSettings ofDefaults() {
        return new WaitSettings(DEFAULT_TIMEOUT, DEFAULT_STABLE_COUNT, DEFAULT_STABLE_SPACING);
    }

    /** A builder starting from {@link #ofDefaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** For example {@code 60 s, stable 3 x 0.200 s}. */
    @Override
    public String toString() {
        return Durations.format(timeout) + (stableCount == 1 ? ""
                : ", stable " + stableCount + " x " + Durations.format(stableSpacing));
    }

    /** Builds {@link WaitSettings}; each value is checked by {@link #build()}. Not thread-safe. */
    public static final class Builder {

        private Duration timeout = DEFAULT_TIMEOUT;
        private int stableCount = DEFAULT_STABLE_COUNT;
        private Duration stableSpacing = DEFAULT_STABLE_SPACING;

        private Builder() {
        }

        /** How long to wait in all; positive. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Good probes in a row (1 or more) and the pause between them (zero or positive). */
        public Builder stable(int count, Duration spacing) {
            this.stableCount = count;
            this.stableSpacing = spacing;
            return this;
        }

        /** Good probes in a row; 1 or more. */
        public Builder stableCount(int count) {
            this.stableCount = count;
            return this;
        }

        /** The pause between good probes; zero or positive. */
        public Builder stableSpacing(Duration spacing) {
            this.stableSpacing = spacing;
            return this;
        }

        /**
         * @throws IllegalArgumentException as {@link WaitSettings#WaitSettings}
         */
        public WaitSettings build() {
            return new WaitSettings(timeout, stableCount, stableSpacing);
        }
    }
}
