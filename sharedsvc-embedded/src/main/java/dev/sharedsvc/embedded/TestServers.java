package dev.sharedsvc.embedded;

import java.util.Optional;

/**
 * The one place every test of the project gets its PostgreSQL and Redis from.
 *
 * <ul>
 *   <li>{@code SHAREDSVC_TEST_POSTGRES_URL} (environment variable or system property), a JDBC URL with an
 *       administrator's {@code user} and {@code password}, points the tests at an existing PostgreSQL;
 *       otherwise an {@link EmbeddedPostgres} of the major version in the system property
 *       {@value #POSTGRES_VERSION_PROPERTY} (13 to 18, default the newest) is started once per JVM.</li>
 *   <li>{@code SHAREDSVC_TEST_REDIS_URL}, a {@code redis://} URI, points them at an existing Redis; otherwise an
 *       {@link EmbeddedRedis} with a password is started once per JVM, its binary chosen by
 *       {@value #REDIS_BINARY_PROPERTY} ({@code bundled}, {@code path} or a file).</li>
 * </ul>
 *
 * <p>The embedded servers stop when the JVM exits. Thread-safe.
 */
public final class TestServers {

    /** Names the existing PostgreSQL for tests. */
    public static final String POSTGRES_URL = "SHAREDSVC_TEST_POSTGRES_URL";
    /** Names the existing Redis for tests. */
    public static final String REDIS_URL = "SHAREDSVC_TEST_REDIS_URL";
    /** Picks the embedded PostgreSQL major version. */
    public static final String POSTGRES_VERSION_PROPERTY = "sharedsvc.test.postgres.version";
    /** Picks the embedded Redis binary. */
    public static final String REDIS_BINARY_PROPERTY = "sharedsvc.test.redis.binary";

    private static EmbeddedPostgres postgres;
    private static EmbeddedRedis redis;

    private TestServers() {
    }

    /** The PostgreSQL for tests, started on first use when no URL is given. */
    public static synchronized PostgresSettings postgres() {
        Optional<String> url = setting(POSTGRES_URL);
        if (url.isPresent()) {
            return PostgresSettings.fromJdbcUrl(url.get());
        }
        if (postgres == null) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            setting(POSTGRES_VERSION_PROPERTY).ifPresent(version -> builder.version(Integer.parseInt(version.trim())));
            postgres = builder.build();
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "sharedsvc-test-postgres-stop"));
            postgres.start();
        }
        return postgres.settings();
    }

    /** The embedded PostgreSQL behind {@link #postgres()}, empty when the tests use an existing server. */
    public static synchronized Optional<EmbeddedPostgres> embeddedPostgres() {
        postgres();
        return Optional.ofNullable(postgres);
    }

    /** The Redis for tests, started on first use when no URL is given. */
    public static synchronized RedisSettings redis() {
        Optional<String> url = setting(REDIS_URL);
        if (url.isPresent()) {
            return RedisSettings.fromUri(url.get());
        }
        if (redis == null) {
            EmbeddedRedis.Builder builder = EmbeddedRedis.builder().password("sharedsvc-test");
            setting(REDIS_BINARY_PROPERTY).ifPresent(builder::executable);
            redis = builder.build();
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "sharedsvc-test-redis-stop"));
            redis.start();
        }
        return redis.settings();
    }

    /** The {@code redis-server} binary choice for tests that start servers of their own (clusters, restarts). */
    public static String redisBinary() {
        return setting(REDIS_BINARY_PROPERTY).orElse("bundled");
    }

    private static Optional<String> setting(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            value = System.getenv(name);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
