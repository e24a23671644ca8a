package dev.sharedsvc.embedded;

import java.time.Duration;
import java.util.Objects;

/** Argument checks shared by the embedded servers' builders. */
final class Arguments {

    private Arguments() {
    }

    /** {@code value} when it is positive; otherwise an {@link IllegalArgumentException} naming {@code what}. */
    static Duration requirePositive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + value);
        }
        return value;
    }
}
