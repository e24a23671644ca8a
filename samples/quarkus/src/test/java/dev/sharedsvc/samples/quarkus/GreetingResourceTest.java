package dev.sharedsvc.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.sharedsvc.test.quarkus.TenantResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sample through HTTP on a tenant of its own (database, role, Redis database): what the service does. How it
 * starts in production, provisioning included, is {@link ProvisioningTest}.
 */
@QuarkusTest
@WithTestResource(TenantResource.class)
class GreetingResourceTest {

    /** What TenantResource gave the service's environment: its cache purpose on the tenant's Redis database. */
    @ConfigProperty(name = "quarkus.sharedsvc.redis.layout")
    String layout;

    @ConfigProperty(name = "quarkus.sharedsvc.service")
    String tenant;

    @Inject
    AgroalDataSource dataSource;

    private final HttpClient http = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI root;

    @Test
    void aGreetingIsStoredInTheTableThenServedFromTheCachesDatabase() throws IOException, InterruptedException {
        String name = "ada-" + UUID.randomUUID();

        HttpResponse<String> saved = send(HttpRequest.newBuilder(root.resolve("greetings/" + name))
                .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("Hello, Ada")));
        HttpResponse<String> first = get("greetings/" + name);
        HttpResponse<String> second = get("greetings/" + name);

        assertThat(saved.statusCode()).isEqualTo(201);
        assertThat(first.body()).isEqualTo("Hello, Ada");
        assertThat(first.headers().firstValue("X-Cache")).contains("miss");
        assertThat(second.body()).isEqualTo("Hello, Ada");
        assertThat(second.headers().firstValue("X-Cache")).contains("hit");

        RedisURI cacheDatabase = RedisURI.create(TestServers.redis().uri());
        cacheDatabase.setDatabase(Integer.parseInt(layout.substring(layout.indexOf('=') + 1)));
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(cacheDatabase)) {
            assertThat(connection.sync().get("greeting:" + name)).as("the tenant's Redis database")
                    .isEqualTo("Hello, Ada");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void theServiceRunsOnItsTenantsDatabaseAsItsRole() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet row = connection.createStatement().executeQuery(
                     "SELECT current_user || '@' || current_database()")) {
            row.next();
            assertThat(tenant).startsWith("sharedsvc_tenant_");
            assertThat(row.getString(1)).isEqualTo(tenant + "@" + tenant);
        }
    }

    @Test
    void aNameWithoutAGreetingIsNotFound() throws IOException, InterruptedException {
        assertThat(get("greetings/nobody-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
