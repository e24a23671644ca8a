package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Checks and prints the durations of this package. */
final class Durations {

    private Durations() {
    }

    static Duration requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
        return duration;
    }

    /** Seconds with millisecond precision, such as {@code 1.250 s}. */
    static String format(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }
}
