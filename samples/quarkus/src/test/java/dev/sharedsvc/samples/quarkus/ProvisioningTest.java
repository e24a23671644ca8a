package dev.sharedsvc.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** The sample as it starts in production, on the test servers: sharedsvc provisions it and its readiness shows so. */
@QuarkusTest
@WithTestResource(TestServersResource.class)
class ProvisioningTest {

    @TestHTTPResource("/")
    URI root;

    @Test
    void theServiceIsReady() throws IOException, InterruptedException {
        HttpResponse<String> readiness = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(root.resolve("q/health/ready")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).contains("sharedsvc PostgreSQL", "sharedsvc Redis", "sharedsvc provisioning");
    }
}
