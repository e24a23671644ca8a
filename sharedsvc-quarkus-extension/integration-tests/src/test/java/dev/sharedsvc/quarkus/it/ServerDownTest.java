package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * The application's PostgreSQL does not answer (an embedded server built but never started, so its port is closed):
 * it stops within the wait deadline with one message that names the server, the state and what to do, before Quarkus
 * starts its datasource.
 */
@QuarkusMainTest
@TestProfile(ServerDownTest.PostgresDown.class)
class ServerDownTest {

    static final Duration DEADLINE = Duration.ofSeconds(3);

    /** Only the PostgreSQL settings, pointing at the closed port; no Redis. */
    public static class PostgresDown implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.sharedsvc.service", "quarkus_it_down",
                    "quarkus.sharedsvc.postgres.url", closedPostgres().settings().jdbcUrl(),
                    "quarkus.sharedsvc.postgres.admin-password", "never-used",
                    "quarkus.sharedsvc.wait.timeout", DEADLINE.toSeconds() + "s");
        }
    }

    private static EmbeddedPostgres closed;

    /** Built, so it owns a free port, and never started, so nothing listens there. */
    static synchronized EmbeddedPostgres closedPostgres() {
        if (closed == null) {
            closed = EmbeddedPostgres.builder().build();
        }
        return closed;
    }

    @Test
    void stopsWithinTheDeadlineNamingTheServerAndWhatToDo(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch();

        String output = result.getOutput() + "\n" + result.getErrorOutput();
        assertThat(result.exitCode()).as(output).isNotZero();
        assertThat(output).contains(
                "Bootstrap of quarkus_it_down failed in wait",
                "postgresql 127.0.0.1:" + closedPostgres().port(),
                "NO_RESPONSE",
                "not ready within 3",
                "What to do: Start the servers that are not READY above, or correct sharedsvc.postgres.url");
        assertThat(output).as("one message, no stack trace").doesNotContain("\tat ", "Caused by");
        // The deadline is proven by the report ("not ready within 3"), not by the wall time of a whole Quarkus
        // launch, which a loaded machine stretches far beyond it.
    }
}
