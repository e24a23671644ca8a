package dev.sharedsvc.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sharedsvc.internal.RedisEndpoints;
import io.lettuce.core.RedisURI;

/**
 * A Redis URL that a service already has in a setting, such as {@code REDIS_URL} or {@code CACHE_REDIS_URL},
 * read so that it can be compared with the layout: {@code redis://[[user]:password@]host[:port][/database]},
 * {@code rediss://} for TLS, and the database given either as the path or as {@code ?database=} (or {@code ?db=}).
 * A Redis with Sentinel is named by its sentinels and the master's name:
 * {@code redis-sentinel://[[user]:password@]host1[:port1][,host2[:port2]...][/database]?sentinelMasterId=name}
 * (or {@code #name}; {@code rediss-sentinel://} for TLS); the password is the master's, and every connection
 * asks the sentinels for the master anew, so a failover is followed.
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
        boolean sentinel = "redis-sentinel".equals(scheme) || "rediss-sentinel".equals(scheme);
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) && !sentinel) {
            throw invalid(setting, "its scheme is " + (scheme == null ? "missing" : "'" + scheme + "'")
                    + ", not redis, rediss, redis-sentinel or rediss-sentinel");
        }
        if (sentinel ? parsed.getRawAuthority() == null : parsed.getHost() == null) {
            throw invalid(setting, sentinel ? "it names no sentinel" : "it names no host");
        }
        OptionalInt inPath = database(setting, "path", pathDatabase(parsed.getPath()));
        Matcher parameter = DATABASE_PARAMETER.matcher(parsed.getRawQuery() == null ? "" : parsed.getRawQuery());
        OptionalInt inQuery = parameter.find() ? database(setting, "database parameter", parameter.group(1)) : OptionalInt.empty();
        if (inPath.isPresent() && inQuery.isPresent() && inPath.getAsInt() != inQuery.getAsInt()) {
            throw invalid(setting, "it names database " + inPath.getAsInt() + " in its path and "
                    + inQuery.getAsInt() + " in its parameters; keep one");
        }
        if (sentinel && parsed.getFragment() == null && !(parsed.getRawQuery() == null ? "" : parsed.getRawQuery())
                .matches("(?:.*&)?sentinelMasterId=[^&]+.*")) {
            throw invalid(setting, "it names no master: add ?sentinelMasterId=<name> (the name the sentinels"
                    + " monitor it under)");
        }
        RedisURI uri;
        try {
            uri = sentinel ? RedisURI.create(text.strip()) : RedisURI.create(parsed);
        } catch (RuntimeException e) {
            // As above: Lettuce's message may repeat the URL.
            throw invalid(setting, "Lettuce does not accept it (" + e.getClass().getSimpleName() + ")");
        }
        if (sentinel && uri.getSentinels().stream().anyMatch(node -> node.getHost() == null || node.getHost().isEmpty())) {
            throw invalid(setting, "one of its sentinels names no host");
        }
        return new RedisUrl(setting, text.strip(), uri);
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
                + "; expected redis[s]://[[user]:password@]host[:port][/database] or"
                + " redis[s]-sentinel://[[user]:password@]host[:port][,host[:port]...][/database]?sentinelMasterId=name");
    }

    /** The name of the setting the URL came from. */
    public String setting() {
        return setting;
    }

    /** A copy of the URL as Lettuce reads it (credentials and options included). */
    public RedisURI uri() {
        return RedisEndpoints.copy(uri, uri.getDatabase());
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

    /** Whether the URL reaches the master through Sentinel ({@code redis-sentinel://}, {@code rediss-sentinel://}). */
    public boolean sentinel() {
        return uri.getHost() == null;
    }

    /**
     * The setting and where the URL points, without credentials, such as {@code REDIS_URL=redis://host:6379/3} or
     * {@code REDIS_URL=redis-sentinel://s1:26379,s2:26379/3?sentinelMasterId=mymaster}.
     */
    @Override
    public String toString() {
        String scheme = (uri.isSsl() ? "rediss" : "redis") + (sentinel() ? "-sentinel" : "");
        String nodes = sentinel()
                ? uri.getSentinels().stream().map(node -> node.getHost() + ":" + node.getPort())
                        .collect(java.util.stream.Collectors.joining(","))
                : uri.getHost() + ":" + uri.getPort();
        return setting + "=" + scheme + "://" + nodes + "/" + database()
                + (sentinel() ? "?sentinelMasterId=" + uri.getSentinelMasterId() : "");
    }
}
