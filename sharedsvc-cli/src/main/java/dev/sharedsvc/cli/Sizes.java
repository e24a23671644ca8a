package dev.sharedsvc.cli;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in bytes as PostgreSQL writes them: {@code kB}, {@code MB}, {@code GB}, {@code TB}, 1024 apart. */
final class Sizes {

    private static final List<String> UNITS = List.of("B", "kB", "MB", "GB", "TB");
    private static final Pattern SIZE = Pattern.compile("(\\d{1,15})\\s*(B|kB|MB|GB|TB)?");

    private Sizes() {
    }

    /** The bytes in one {@code unit}. */
    static long unit(String unit) {
        int index = UNITS.indexOf(unit);
        if (index < 0) {
            throw new IllegalArgumentException("unknown unit " + unit + "; expected one of " + UNITS);
        }
        return 1L << (10 * index);
    }

    /** {@code 128MB} as bytes, a bare number as itself. */
    static long parse(String text) {
        Matcher matcher = SIZE.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a number or a size such as 128MB");
        }
        return Long.parseLong(matcher.group(1)) * (matcher.group(2) == null ? 1 : unit(matcher.group(2)));
    }

    /** As PostgreSQL writes a memory setting: the largest unit that divides it, such as {@code 128MB}. */
    static String setting(long bytes) {
        int index = 0;
        while (index < UNITS.size() - 1 && bytes != 0 && bytes % (1L << (10 * (index + 1))) == 0) {
            index++;
        }
        return (bytes >> (10 * index)) + UNITS.get(index);
    }

    /** Such as {@code 7.5 MB} or {@code 512 B}. */
    static String human(long bytes) {
        int index = 0;
        double value = bytes;
        while (value >= 1024 && index < UNITS.size() - 1) {
            value /= 1024;
            index++;
        }
        return index == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, UNITS.get(index));
    }
}
