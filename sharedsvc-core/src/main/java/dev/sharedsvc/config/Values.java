package dev.sharedsvc.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.sharedsvc.postgres.Secret;

/** Reads and writes the text forms of setting values; every failure names the setting. */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,18})\\s*(ms|s|m|h)");
    /** ASCII digits only: Integer.parseInt would also take other scripts' digits, such as Arabic-Indic ones. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]{1,10}");

    private Values() {
    }

    /** A whole number of at least {@code min}. */
    static int integer(Setting setting, String text, int min) {
        try {
            if (INTEGER.matcher(text).matches()) {
                int value = Integer.parseInt(text);
                if (value >= min) {
                    return value;
                }
            }
        } catch (NumberFormatException e) {
            // out of int range: reported below, with the value
        }
        throw ConfigurationException.invalid(setting, "must be a whole number from " + min + ", was '" + text + "'");
    }

    /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}); a bare number is refused. */
    static Duration duration(Setting setting, String text) {
        Matcher matcher = DURATION.matcher(text);
        try {
            if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                switch (matcher.group(2)) {
                    case "ms":
                        return Duration.ofMillis(amount);
                    case "s":
                        return Duration.ofSeconds(amount);
                    case "m":
                        return Duration.ofMinutes(amount);
                    default:
                        return Duration.ofHours(amount);
                }
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw ConfigurationException.invalid(setting, "must be a duration such as 500ms, 30s, 2m, 1h or PT1M (a"
                    + " bare number is refused, since frameworks disagree on its unit), was '" + text + "'");
        }
    }

    /** The shortest of the forms {@link #duration} reads that gives the same value back. */
    static String format(Duration duration) {
        if (duration.getNano() == 0) {
            return duration.getSeconds() + "s";
        }
        if (duration.getNano() % 1_000_000 == 0) {
            return duration.toMillis() + "ms";
        }
        return duration.toString();
    }

    /** The word of an enum constant: lower case, {@code _} as {@code -}, such as {@code key-prefix}. */
    static String word(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The constant whose {@link #word} is {@code text}, in any case. */
    static <E extends Enum<E>> E constant(Setting setting, String text, E[] constants) {
        for (E constant : constants) {
            if (word(constant).equalsIgnoreCase(text)) {
                return constant;
            }
        }
        throw ConfigurationException.invalid(setting, "must be one of "
                + Arrays.stream(constants).map(Values::word).collect(Collectors.joining(", ")) + ", was '" + text + "'");
    }

    /** Comma-separated entries, blanks around them ignored, empty ones skipped. */
    static List<String> list(String text) {
        List<String> entries = new ArrayList<>();
        for (String part : text.split(",")) {
            String entry = part.strip();
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** A secret; its value never appears in a message. */
    static Secret secret(Setting setting, String text) {
        try {
            return Secret.of(text);
        } catch (IllegalArgumentException e) {
            throw ConfigurationException.invalid(setting, e.getMessage());
        }
    }
}
