package dev.sharedsvc.cli;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The community end-of-life dates of the PostgreSQL majors sharedsvc supports: the day of each major's final minor
 * release, five years after its first, as postgresql.org/support/versioning lists them. After it no fix ships,
 * security fixes included; managed clouds may support a major longer.
 */
final class PostgresReleases {

    private static final Map<Integer, LocalDate> END_OF_LIFE = Map.of(
            13, LocalDate.of(2025, 11, 13),
            14, LocalDate.of(2026, 11, 12),
            15, LocalDate.of(2027, 11, 11),
            16, LocalDate.of(2028, 11, 9),
            17, LocalDate.of(2029, 11, 8),
            18, LocalDate.of(2030, 11, 14));
    private static final int OLDEST = 13;
    private static final int NEWEST = 18;

    private PostgresReleases() {
    }

    /** The end of community support of a major version; empty when this table does not know it. */
    static Optional<LocalDate> endOfLife(int major) {
        return Optional.ofNullable(END_OF_LIFE.get(major));
    }

    /** Whether the major is past its end of life on {@code today}; majors before 13 all are. */
    static boolean pastEndOfLife(int major, LocalDate today) {
        return major < OLDEST || endOfLife(major).map(today::isAfter).orElse(false);
    }

    /** The warning for a major past its end of life on {@code today}; empty otherwise. */
    static Optional<String> warning(int major, LocalDate today) {
        if (!pastEndOfLife(major, today)) {
            return Optional.empty();
        }
        String when = endOfLife(major).map(date -> "on " + date).orElse("before " + END_OF_LIFE.get(OLDEST));
        return Optional.of("PostgreSQL " + major + " reached its community end of life " + when + ": no fixes ship for"
                + " it any more, security fixes included; upgrade to a supported major (up to " + NEWEST + ")");
    }

    /** Such as {@code supported until 2030-11-14}, {@code ended 2025-11-13} or {@code end of life unknown}. */
    static String describe(int major, LocalDate today) {
        Optional<LocalDate> end = endOfLife(major);
        if (end.isEmpty()) {
            return major < OLDEST ? "past end of life" : "end of life not known to this build";
        }
        return (pastEndOfLife(major, today) ? "end of life since " : "community support until ") + end.get();
    }
}
