package dev.sharedsvc.redis;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one service uses of a shared Redis: the server ({@link RedisUrl}), the {@link RedisLayout}, the environment
 * and the purposes it uses there, and how the server is checked for them ({@link RedisServerCheck}). The value the
 * configuration's {@code redis.*} keys describe.
 *
 * <pre>{@code
 * ServiceRedis redis = ServiceRedis.builder(RedisUrl.parse("REDIS_URL", url), RedisLayout.parse("prod.cache=1, prod.broker=0"))
 *         .environment("prod")
 *         .purposes("cache", "broker")
 *         .build();
 * redis.targets();   // [prod.cache (evictable): database 1, prod.broker (durable): database 0]
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows no credentials.
 */
public final class ServiceRedis {

    /** The purpose an old {@code CACHE_REDIS_URL} stands for. */
    static final String CACHE_PURPOSE = "cache";

    private final RedisUrl url;
    private final RedisLayout layout;
    private final String environment;
    private final List<String> purposes;
    private final RedisServerCheck check;
    private final List<RedisTarget> targets;

    private ServiceRedis(Builder builder) {
        this.url = builder.url;
        this.layout = builder.layout;
        this.environment = builder.environment;
        this.purposes = builder.purposes;
        this.check = builder.check;
        this.targets = layout.targets(environment, purposes.toArray(String[]::new));
    }

    /** A builder for a service on the server {@code url} with this layout. */
    public static Builder builder(RedisUrl url, RedisLayout layout) {
        return new Builder(url, layout);
    }

    /** The server, as the setting it came from named it. */
    public RedisUrl url() {
        return url;
    }

    /** The layout of the whole server. */
    public RedisLayout layout() {
        return layout;
    }

    /** The service's environment in the layout. */
    public String environment() {
        return environment;
    }

    /** The purposes the service uses, in order. */
    public List<String> purposes() {
        return purposes;
    }

    /** How the server is checked for the purposes. */
    public RedisServerCheck check() {
        return check;
    }

    /** The layout's target of each purpose in the environment, in the order of {@link #purposes()}. */
    public List<RedisTarget> targets() {
        return targets;
    }

    /**
     * The purpose an old variable stands for when the URL came from one: {@code CACHE_REDIS_URL} for
     * {@code cache} (when the service has it), {@code REDIS_URL} for the first purpose; empty for a URL from
     * sharedsvc's own setting.
     */
    public Optional<String> purposeOfOldVariable() {
        String setting = url.setting();
        if (setting.startsWith(RedisUrl.CACHE_REDIS_URL)) {
            return purposes.contains(CACHE_PURPOSE) ? Optional.of(CACHE_PURPOSE) : Optional.empty();
        }
        return setting.startsWith(RedisUrl.REDIS_URL) ? Optional.of(purposes.get(0)) : Optional.empty();
    }

    /** Equal when server, layout, environment, purposes and check are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ServiceRedis that && url.equals(that.url) && layout.equals(that.layout)
                && environment.equals(that.environment) && purposes.equals(that.purposes) && check.equals(that.check);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layout, environment, purposes);
    }

    /** Such as {@code prod [cache, broker] on REDIS_URL=redis://cache:6379/0}. */
    @Override
    public String toString() {
        return environment + " " + purposes + " on " + url;
    }

    /** Builds a {@link ServiceRedis}; not thread-safe. */
    public static final class Builder {

        private final RedisUrl url;
        private final RedisLayout layout;
        private String environment;
        private List<String> purposes = List.of();
        private RedisServerCheck check = RedisServerCheck.ofDefaults();

        private Builder(RedisUrl url, RedisLayout layout) {
            this.url = Objects.requireNonNull(url, "url");
            this.layout = Objects.requireNonNull(layout, "layout");
        }

        /** The environment whose purposes the service uses; required. */
        public Builder environment(String environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /** The purposes, in order; at least one. */
        public Builder purposes(String... purposes) {
            return purposes(List.of(purposes));
        }

        /** The purposes, in order; at least one. */
        public Builder purposes(List<String> purposes) {
            this.purposes = List.copyOf(purposes);
            return this;
        }

        /** How the server is checked; default {@link RedisServerCheck#ofDefaults()}. */
        public Builder check(RedisServerCheck check) {
            this.check = Objects.requireNonNull(check, "check");
            return this;
        }

        /**
         * @throws RedisLayoutException     when the environment is not in the layout or a purpose is not in it
         * @throws IllegalArgumentException when no environment or no purpose is given
         */
        public ServiceRedis build() {
            if (environment == null) {
                throw new IllegalArgumentException("a service's Redis needs its environment in the layout");
            }
            if (purposes.isEmpty()) {
                throw new IllegalArgumentException("a service's Redis needs one purpose or more");
            }
            return new ServiceRedis(this);
        }
    }
}
