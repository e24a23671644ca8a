package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.sharedsvc.embedded.EmbeddedPostgres;

/**
 * Start-ups that cannot succeed stop the application within the wait deadline, and Spring Boot reports them with
 * the starter's failure analysis instead of a stack trace.
 */
class StartupFailureTest {

    @BeforeEach
    void forgetEarlierReports() {
        RecordingFailureAnalysisReporter.take();
    }

    @Test
    void aServerThatIsDownStopsTheStartWithinTheDeadline() {
        // Built but never started: its port is closed for the whole test.
        try (EmbeddedPostgres stopped = EmbeddedPostgres.builder().build()) {
            Map<String, String> properties = TestServices.properties(TestServices.uniqueService("down"));
            properties.put("sharedsvc.postgres.url", stopped.settings().jdbcUrl());
            properties.put("sharedsvc.wait.timeout", "2s");
            long start = System.nanoTime();
            assertThatThrownBy(() -> start(properties)).isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
        FailureAnalysis analysis = reported();
        assertThat(analysis.getDescription())
                .contains("not ready within 2.000 s")
                .contains("127.0.0.1:")
                .contains("NO_RESPONSE");
        assertThat(analysis.getAction()).contains("sharedsvc.wait.timeout").contains("sharedsvc.postgres.url");
        assertThat(analysis.getCause()).hasMessageContaining("not ready");
    }

    @Test
    void aWrongAdministratorPasswordStopsTheStartAtOnceNamingTheProperty() {
        Map<String, String> properties = TestServices.properties(TestServices.uniqueService("wrong_password"));
        properties.put("sharedsvc.postgres.admin-password", "not-the-password");
        long start = System.nanoTime();
        assertThatThrownBy(() -> start(properties)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        FailureAnalysis analysis = reported();
        assertThat(analysis.getDescription()).contains("CREDENTIALS_REJECTED").doesNotContain("not-the-password");
        assertThat(analysis.getAction()).contains("sharedsvc.postgres.admin-password");
    }

    @Test
    void verifyModeNamesTheMissingDatabaseAndTheCommandThatMakesIt() throws Exception {
        String service = TestServices.uniqueService("verify");
        Map<String, String> properties = TestServices.properties(service);
        // The role exists with its password, its database does not: verify waits for it, then explains.
        TestServices.executeAsAdmin("CREATE ROLE \"" + service + "\" LOGIN PASSWORD '"
                + properties.get("sharedsvc.postgres.password") + "'");
        properties.remove("sharedsvc.postgres.admin-password");
        properties.put("sharedsvc.wait.timeout", "2s");
        long start = System.nanoTime();
        assertThatThrownBy(() -> start(properties)).isNotNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        FailureAnalysis analysis = reported();
        assertThat(analysis.getDescription()).contains("mode verify changes nothing").contains("3D000")
                .contains("database \"" + service + "\" does not exist").contains("sharedsvc-cli ensure")
                .doesNotContain(properties.get("sharedsvc.postgres.password"));
        assertThat(analysis.getAction()).contains("sharedsvc.postgres.admin-password");
    }

    @Test
    void aMissingSettingIsNamedWithItsPropertyAndVariable() {
        Map<String, String> properties = TestServices.properties(TestServices.uniqueService("unset"));
        properties.remove("sharedsvc.postgres.password");
        assertThatThrownBy(() -> start(properties)).isNotNull();
        FailureAnalysis analysis = reported();
        assertThat(analysis.getDescription()).contains("sharedsvc.postgres.password (SHAREDSVC_POSTGRES_PASSWORD)");
        assertThat(analysis.getAction()).startsWith("Set or correct sharedsvc.postgres.password (or"
                + " sharedsvc.postgres.password-file)").contains("SHAREDSVC_POSTGRES_PASSWORD");
    }

    private static void start(Map<String, String> properties) {
        SpringApplication application = new SpringApplication(Application.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setDefaultProperties(new HashMap<String, Object>(properties));
        application.run().close();
    }

    private static FailureAnalysis reported() {
        List<FailureAnalysis> reported = RecordingFailureAnalysisReporter.take();
        assertThat(reported).hasSize(1);
        assertThat(reported.get(0).getCause().getClass().getPackageName()).startsWith("dev.sharedsvc");
        return reported.get(0);
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
