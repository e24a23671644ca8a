package dev.sharedsvc.quarkus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.internal.RedisCredentialsText;
import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisURI;

/**
 * The Quarkus settings that connect its datasource and Redis clients to what sharedsvc prepared: the keys a user
 * would otherwise write in {@code application.properties}, with the service's own role and the layout's databases.
 */
final class QuarkusConnections {

    static final String DATASOURCE_URL = "quarkus.datasource.jdbc.url";
    static final String FLYWAY_URL = "quarkus.flyway.jdbc-url";
    static final String DATASOURCE_USERNAME = "quarkus.datasource.username";
    static final String DATASOURCE_PASSWORD = "quarkus.datasource.password";
    static final String FLYWAY_USERNAME = "quarkus.flyway.username";
    static final String FLYWAY_PASSWORD = "quarkus.flyway.password";
    static final String DATASOURCE_MAX_SIZE = "quarkus.datasource.jdbc.max-size";
    static final String REDIS_HOSTS = "quarkus.redis.hosts";

    private QuarkusConnections() {
    }

    /** The datasource keys sharedsvc supplies and a user must therefore not set. */
    static List<String> datasourceKeys() {
        return List.of(DATASOURCE_URL, DATASOURCE_USERNAME, DATASOURCE_PASSWORD);
    }

    /**
     * The default datasource: the service's database as its role, through the pooler when
     * {@code sharedsvc.postgres.pooled-url} names one; quarkus-flyway then migrates on the direct endpoint
     * ({@code quarkus.flyway.jdbc-url}). The pool's maximum size is added only when {@code withPoolSize}: the user
     * did not size Agroal's pool himself (then his size is the one).
     */
    static Map<String, String> datasource(SharedServicesConfig config, PostgresLogin pool, boolean withPoolSize) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(DATASOURCE_URL, config.pooledServer().jdbcUrl(pool));
        if (config.pooled()) {
            properties.put(FLYWAY_URL, config.serviceServer().jdbcUrl(config.login()));
        }
        properties.put(DATASOURCE_USERNAME, pool.user());
        pool.password().ifPresent(password -> properties.put(DATASOURCE_PASSWORD, password.reveal()));
        PostgresLogin owner = config.login();
        if (!owner.equals(pool)) {
            // Roles by duty: the migrations run as the owner, which may create tables; the pool's login may not.
            properties.put(FLYWAY_USERNAME, owner.user());
            owner.password().ifPresent(password -> properties.put(FLYWAY_PASSWORD, password.reveal()));
        }
        if (withPoolSize) {
            properties.put(DATASOURCE_MAX_SIZE, Integer.toString(config.poolSize()));
        }
        return properties;
    }

    /** The hosts key of the Redis client named after a purpose, such as {@code quarkus.redis.cache.hosts}. */
    static String redisHostsKey(String purpose) {
        return "quarkus.redis." + purpose + ".hosts";
    }

    /**
     * A {@code quarkus.redis.hosts} value for a purpose's URI: {@code redis[s]://[user:password@]host:port/database},
     * user and password URL-encoded, the database the layout gives the purpose. Never log it.
     *
     * @throws dev.sharedsvc.SharedServicesException when the URI's credentials provider gives nothing within
     *                                               {@link RedisCredentialsText#TIMEOUT}
     */
    static String redisHosts(RedisURI uri) {
        StringBuilder url = new StringBuilder(uri.isSsl() ? "rediss://" : "redis://");
        RedisCredentialsText credentials = RedisCredentialsText.of(uri);
        credentials.password().map(Secret::reveal).ifPresent(password -> {
            credentials.user().ifPresent(user -> url.append(encode(user)));
            url.append(':').append(encode(password)).append('@');
        });
        String host = uri.getHost();
        url.append(host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host);
        return url.append(':').append(uri.getPort()).append('/').append(uri.getDatabase()).toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
