package dev.sharedsvc.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * The sample as it starts in production, on the test servers: the starter makes its database and role and its health
 * shows it. The behaviour of the service is tested on tenants, in {@link GreetingsApplicationTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "logging.threshold.console=off", "logging.file.name=target/test.log", "spring.main.banner-mode=off",
        // The servers are named below, which the development-server post-processor runs too early to see.
        "sharedsvc.dev-services.enabled=false" })
class ProvisioningTest {

    private static final String SERVICE = "greetings_" + UUID.randomUUID().toString().substring(0, 8);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        PostgresSettings admin = TestServers.postgres();
        registry.add("sharedsvc.service", () -> SERVICE);
        registry.add("sharedsvc.postgres.url", admin::jdbcUrl);
        registry.add("sharedsvc.postgres.admin-user", admin::user);
        registry.add("sharedsvc.postgres.admin-password", admin::password);
        registry.add("sharedsvc.postgres.password", () -> "sample-test-password");
        registry.add("sharedsvc.redis.url", () -> TestServers.redis().uri());
    }

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcClient database;

    @Test
    void theServiceUsesItsOwnRoleAndDatabase() {
        assertThat(database.sql("SELECT current_user || '@' || current_database()").query(String.class).single())
                .isEqualTo(SERVICE + "@" + SERVICE);
    }

    @Test
    void healthShowsSharedsvc() {
        Map<String, Object> health = RestClient.create("http://127.0.0.1:" + port).get().uri("/actuator/health")
                .retrieve().body(new ParameterizedTypeReference<>() { });
        assertThat(health).containsEntry("status", "UP");
        assertThat(health.get("components")).asString().contains("sharedsvc", "provisioning", "READY");
    }
}
