package dev.sharedsvc.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(TestServersResource.class)
class GreetingResourceTest {

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
        cacheDatabase.setDatabase(5);
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(cacheDatabase)) {
            assertThat(connection.sync().get("greeting:" + name)).as("the layout's dev.cache database")
                    .isEqualTo("Hello, Ada");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void aNameWithoutAGreetingIsNotFound() throws IOException, InterruptedException {
        assertThat(get("greetings/nobody-" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void theServiceIsReady() throws IOException, InterruptedException {
        HttpResponse<String> readiness = get("q/health/ready");

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).contains("sharedsvc PostgreSQL", "sharedsvc Redis", "sharedsvc provisioning");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(root.resolve(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
