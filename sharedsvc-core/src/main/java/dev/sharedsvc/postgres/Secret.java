package dev.sharedsvc.postgres;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A password or other credential. It is shown only by {@link #reveal()}, which the code that hands it to a server
 * calls; {@link #toString()} always prints {@code ***}, so a secret that reaches a log line, an exception message
 * or a result object shows nothing.
 *
 * <p>Immutable and thread-safe. Two secrets are equal when their values are equal (compared in constant time).
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /**
     * A secret holding {@code value}.
     *
     * @throws NullPointerException     when {@code value} is null
     * @throws IllegalArgumentException when {@code value} is empty or contains a NUL character (PostgreSQL and
     *                                  Redis cannot take it)
     */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "secret value");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a secret must not contain a NUL character");
        }
        return new Secret(value);
    }

    /** The value itself; pass it straight to the server or driver and never log it. */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret
                && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                        ((Secret) other).value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 0;
    }

    /** Always {@code ***}. */
    @Override
    public String toString() {
        return "***";
    }
}
