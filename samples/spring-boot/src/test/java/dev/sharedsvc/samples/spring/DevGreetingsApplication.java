package dev.sharedsvc.samples.spring;

import java.util.Map;

import org.springframework.boot.SpringApplication;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.PostgresSettings;

/**
 * Runs the service for development, {@code ./mvnw -f samples/spring-boot spring-boot:test-run}: on the servers that
 * {@code SHAREDSVC_POSTGRES_URL} and {@code SHAREDSVC_REDIS_URL} name, or, when no PostgreSQL URL is set, on an
 * embedded PostgreSQL and Redis started here (and stopped when the JVM exits) whose administrator sharedsvc uses to
 * create the service's database and role. It lives in the test sources, so the embedded servers never ship with
 * the application.
 */
public final class DevGreetingsApplication {

    private DevGreetingsApplication() {
    }

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(GreetingsApplication.class);
        if (isBlank(System.getenv("SHAREDSVC_POSTGRES_URL")) && isBlank(System.getProperty("sharedsvc.postgres.url"))) {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().build();
            EmbeddedRedis redis = EmbeddedRedis.builder().password("dev-only-redis-password").build();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                redis.close();
                postgres.close();
            }, "greetings-dev-servers-stop"));
            postgres.start();
            redis.start();
            PostgresSettings admin = postgres.settings();
            application.setDefaultProperties(Map.of(
                    "sharedsvc.postgres.url", admin.jdbcUrl(),
                    "sharedsvc.postgres.admin-user", admin.user(),
                    "sharedsvc.postgres.admin-password", admin.password(),
                    "sharedsvc.postgres.password", "dev-only-greetings-password",
                    "sharedsvc.redis.url", redis.settings().uri()));
        }
        application.run(args);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
