package dev.sharedsvc.tenant;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The comment ({@code COMMENT ON DATABASE / ROLE}) that says an object is a tenant or a template, which run made it
 * and when. Sweeping goes by these markers and the runs' advisory locks, never by names.
 *
 * <pre>
 * sharedsvc tenant run=1a2b3c4d lock=postgres created=2026-01-01T12:00:00Z
 * sharedsvc kept tenant run=1a2b3c4d lock=postgres created=2026-01-01T12:00:00Z
 * sharedsvc template building key=9f86d0… run=1a2b3c4d lock=postgres created=2026-01-01T12:00:00Z
 * sharedsvc template ready key=9f86d0… run=1a2b3c4d lock=postgres created=2026-01-01T12:00:00Z
 * </pre>
 *
 * @param kind    what the object is
 * @param run     the run that made it
 * @param lock    the database that holds the run's advisory lock (advisory locks belong to one database), so that a
 *                sweep only judges runs whose lock it can see
 * @param key     the template key, empty for tenants
 * @param created when it was made, to the second
 */
record Marker(Kind kind, int run, String lock, String key, Instant created) {

    /** What a marked object is. */
    enum Kind {
        /** A tenant of a run: dropped when the run releases it, or by a sweep once the run is gone. */
        TENANT("tenant"),
        /** A tenant kept for debugging: never swept. */
        KEPT_TENANT("kept tenant"),
        /** A template being built: only a later builder of the same template, under its lock, drops it. */
        TEMPLATE_BUILDING("template building"),
        /** A finished template: reused by every run. */
        TEMPLATE_READY("template ready");

        private final String words;

        Kind(String words) {
            this.words = words;
        }
    }

    /** What every marker starts with; the sweep's catalog query filters on it. */
    static final String PREFIX = "sharedsvc ";

    private static final Pattern TEXT = Pattern.compile(
            "sharedsvc (tenant|kept tenant|template building|template ready)((?: [a-z]+=\\S+)+)");
    private static final Pattern FIELD = Pattern.compile(" ([a-z]+)=(\\S+)");

    Marker {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(key, "key");
        created = created.truncatedTo(ChronoUnit.SECONDS);
    }

    static Marker tenant(int run, String lock) {
        return new Marker(Kind.TENANT, run, lock, "", Instant.now());
    }

    static Marker template(Kind kind, String key, int run, String lock) {
        return new Marker(kind, run, lock, key, Instant.now());
    }

    /** The same marker with another kind. */
    Marker as(Kind other) {
        return new Marker(other, run, lock, key, created);
    }

    /** The marker a comment holds, or empty when the comment is not one (or was changed by hand). */
    static Optional<Marker> parse(String comment) {
        Matcher matcher = comment == null ? null : TEXT.matcher(comment);
        if (matcher == null || !matcher.matches()) {
            return Optional.empty();
        }
        Kind kind = null;
        for (Kind candidate : Kind.values()) {
            if (candidate.words.equals(matcher.group(1))) {
                kind = candidate;
            }
        }
        Map<String, String> fields = new HashMap<>();
        Matcher field = FIELD.matcher(matcher.group(2));
        while (field.find()) {
            fields.put(field.group(1), field.group(2));
        }
        try {
            return Optional.of(new Marker(kind, Integer.parseUnsignedInt(fields.get("run"), 16),
                    URLDecoder.decode(fields.get("lock"), StandardCharsets.UTF_8), fields.getOrDefault("key", ""),
                    Instant.parse(fields.get("created"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A run id as it appears in markers and names: eight hexadecimal digits. */
    static String runText(int run) {
        return String.format("%08x", run);
    }

    /** The comment text. */
    @Override
    public String toString() {
        return PREFIX + kind.words + (key.isEmpty() ? "" : " key=" + key) + " run=" + runText(run)
                + " lock=" + URLEncoder.encode(lock, StandardCharsets.UTF_8) + " created=" + created;
    }
}
