package dev.sharedsvc.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.RedisURI;

/**
 * A Redis URL that a service already has in a setting, such as {@code REDIS_URL} or {@code CACHE_REDIS_URL},
 * read so that it can be compared with the layout: {@code redis://[[user]:password@]host[:port][/database]},
 * {@code rediss://} for TLS, and the database given either as the path or as {@code ?database=} (or {@code ?db=}).
 *
 * <pre>{@code
 * RedisUrl url = RedisUrl.parse("CACHE_REDIS_URL", System.getenv("CACHE_REDIS_URL"));
 * url.mismatch(layout.resolve("prod", "cache")).ifPresent(problem -> log.error(problem));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Neither {@link #toString()} nor any message shows the password; messages never
 * repeat the URL text at all.
 */
public final class RedisUrl {

    /** The variable of the old setups that named the broker's (or the first purpose's) Redis. */
    public static final String REDIS_URL = "REDIS_URL";
    /** The variable of the old setups that named the cache's Redis. */
    public static final String CACHE_REDIS_URL = "CACHE_REDIS_URL";

    private static final Pattern DATABASE_PARAMETER = Pattern.compile("(?:^|&)(?:database|db)=([^&]*)");

    private final String setting;
    private final String text;
    private final RedisURI uri;

    private RedisUrl(String setting, String text, RedisURI uri) {
        this.setting = setting;
        this.text = text;
        this.uri = uri;
    }

    /**
     * Reads the URL held by {@code setting}.
     *
     * @param setting the name of the setting it comes from, used in every message (such as {@code REDIS_URL})
     * @param text    the URL
     * @throws RedisLayoutException when the text is not a Redis URL, names a database that is not a number from 0,
     *                              or names two different databases (path and parameter); the message names the
     *                              setting and the bad part, never the URL
     */
    public static RedisUrl parse(String setting, String text) {
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(text, "text");
        URI parsed;
        try {
            parsed = new URI(text.strip());
        } catch (URISyntaxException e) {
            // The cause is left out on purpose: its message repeats the URL, password included.
            throw invalid(setting, "it is not a URI");
        }
        String scheme = parsed.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid(setting, "its scheme is " + (scheme == null ? "missing" : "'" + scheme + "'")
                    + ", not redis or rediss");
        }
        if (parsed.getHost() == null) {
            throw invalid(setting, "it names no host");
        }
        OptionalInt inPath = database(setting, "path", pathDatabase(parsed.getPath()));
        Matcher parameter = DATABASE_PARAMETER.matcher(parsed.getRawQuery() == null ? "" : parsed.getRawQuery());
        OptionalInt inQuery = parameter.find() ? database(setting, "database parameter", parameter.group(1)) : OptionalInt.empty();
        if (inPath.isPresent() && inQuery.isPresent() && inPath.getAsInt() != inQuery.getAsInt()) {
            throw invalid(setting, "it names database " + inPath.getAsInt() + " in its path and "
                    + inQuery.getAsInt() + " in its parameters; keep one");
        }
        try {
            return new RedisUrl(setting, text.strip(), RedisURI.create(parsed));
        } catch (RuntimeException e) {
            // As above: Lettuce's message may repeat the URL.
            throw invalid(setting, "Lettuce does not accept it (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String pathDatabase(String path) {
        return path == null || path.isEmpty() || path.equals("/") ? null : path.substring(1);
    }

    private static OptionalInt database(String setting, String where, String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        if (!text.matches("\\d{1,9}")) {
            throw invalid(setting, "its " + where + " '" + text + "' is not a database index (a number from 0)");
        }
        return OptionalInt.of(Integer.parseInt(text));
    }

    private static RedisLayoutException invalid(String setting, String why) {
        return new RedisLayoutException(setting + " is not a usable Redis URL: " + why
                + "; expected redis[s]://[[user]:password@]host[:port][/database]");
    }

    /** The name of the setting the URL came from. */
    public String setting() {
        return setting;
    }

    /** A copy of the URL as Lettuce reads it (credentials and options included). */
    public RedisURI uri() {
        return RedisURI.builder(uri).build();
    }

    /** The database the URL selects; 0 when it names none. */
    public int database() {
        return uri.getDatabase();
    }

    /**
     * What is wrong with this URL for {@code target}, or empty when it selects the target's database, such as
     * {@code REDIS_URL selects database 3, but the layout gives prod.broker database 0}.
     */
    public Optional<String> mismatch(RedisTarget target) {
        if (database() == target.database()) {
            return Optional.empty();
        }
        String expected = target.isolation() == RedisTarget.Isolation.DATABASE
                ? "the layout gives " + target.pair() + " database " + target.database()
                : target.pair() + " uses key prefix '" + target.keyPrefix() + "' in database 0";
        return Optional.of(setting + " selects database " + database() + ", but " + expected
                + "; make it select database " + target.database() + " (path /" + target.database() + ")");
    }

    /** Equal when the text is (credentials included); the setting it was read from does not count. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RedisUrl that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The setting and where the URL points, without credentials, such as {@code REDIS_URL=redis://host:6379/3}. */
    @Override
    public String toString() {
        return setting + "=" + (uri.isSsl() ? "rediss" : "redis") + "://" + uri.getHost() + ":" + uri.getPort() + "/"
                + database();
    }
}
