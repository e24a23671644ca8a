package dev.sharedsvc.spring;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sharedsvc.redis.RedisTarget;

/**
 * The service's Redis purposes ({@code sharedsvc.redis.purposes}), each on the database the layout gives it in
 * {@code sharedsvc.environment}. The first purpose is Spring Boot's own Redis connection: the
 * {@link RedisConnectionFactory}, {@code RedisTemplate} and {@code StringRedisTemplate} beans use it (and Spring's
 * cache abstraction, when it is on). Every purpose is reachable here:
 *
 * <pre>{@code
 * @Component
 * class Jobs {
 *     private final StringRedisTemplate broker;
 *
 *     Jobs(SharedServicesRedis redis) {
 *         this.broker = redis.stringTemplate("broker");      // database of dev.broker, say
 *     }
 * }
 * }</pre>
 *
 * (A {@code StringRedisTemplate} or {@code RedisConnectionFactory} declared as a {@code @Bean} would replace Spring
 * Boot's own, which back off when the application defines one; use the templates as fields, as above.)
 *
 * <p>This bean's connection factories are its own, separate from the application's {@link RedisConnectionFactory}
 * bean: made on first use (Lettuce, with the credentials and TLS of {@code sharedsvc.redis.url}) and closed with the
 * application context. Thread-safe.
 */
public final class SharedServicesRedis implements DisposableBean {

    private final String service;
    private final Map<String, PurposeConnectionDetails> purposes;
    private final Map<String, LettuceConnectionFactory> created = new LinkedHashMap<>();

    SharedServicesRedis(String service, List<PurposeConnectionDetails> purposes) {
        this.service = service;
        this.purposes = new LinkedHashMap<>();
        purposes.forEach(details -> this.purposes.put(details.target().purpose(), details));
    }

    /** The purposes, in the order of {@code sharedsvc.redis.purposes}; the first is Spring Boot's connection. */
    public List<String> purposes() {
        return List.copyOf(purposes.keySet());
    }

    /**
     * Where the purpose's keys live: its database index, or (with {@code sharedsvc.redis.without-databases=key-prefix}
     * on a server without databases) the {@link RedisTarget#keyPrefix() prefix} to put before every key.
     *
     * @throws IllegalArgumentException when the service has no such purpose; the message lists the ones it has
     */
    public RedisTarget target(String purpose) {
        return details(purpose).target();
    }

    /**
     * The purpose's connection factory, started; the same one on every call. For the first purpose, the
     * application's {@link RedisConnectionFactory} bean reaches the same database on a connection of its own.
     *
     * @throws IllegalArgumentException when the service has no such purpose
     */
    public synchronized RedisConnectionFactory connectionFactory(String purpose) {
        PurposeConnectionDetails details = details(purpose);
        return created.computeIfAbsent(purpose, name -> start(details));
    }

    /** A new {@link StringRedisTemplate} on the purpose's {@link #connectionFactory(String) connection factory}. */
    public StringRedisTemplate stringTemplate(String purpose) {
        return new StringRedisTemplate(connectionFactory(purpose));
    }

    private static LettuceConnectionFactory start(PurposeConnectionDetails details) {
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration();
        server.setHostName(details.getStandalone().getHost());
        server.setPort(details.getStandalone().getPort());
        server.setDatabase(details.getStandalone().getDatabase());
        server.setUsername(details.getUsername());
        if (details.getPassword() != null) {
            server.setPassword(details.getPassword());
        }
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (details.getSslBundle() != null) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private PurposeConnectionDetails details(String purpose) {
        Objects.requireNonNull(purpose, "purpose");
        PurposeConnectionDetails details = purposes.get(purpose);
        if (details == null) {
            throw new IllegalArgumentException("Service " + service + " has no Redis purpose '" + purpose
                    + "'; its purposes (sharedsvc.redis.purposes) are " + String.join(", ", purposes.keySet()));
        }
        return details;
    }

    /** Closes the connection factories this bean made; the application's own factory is Spring's to close. */
    @Override
    public synchronized void destroy() {
        created.values().forEach(LettuceConnectionFactory::destroy);
        created.clear();
    }

    @Override
    public String toString() {
        return "SharedServicesRedis[" + service + ": " + String.join(", ", purposes.keySet()) + "]";
    }
}
