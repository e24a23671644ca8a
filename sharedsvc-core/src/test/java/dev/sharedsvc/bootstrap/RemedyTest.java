package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.ProvisioningException;

class RemedyTest {

    @Test
    void aMissingSettingIsNamedAsPropertyAndVariable() {
        ConfigurationException missing = catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.from(Map.<String, String>of()::get, Map.<String, String>of()::get));

        assertThat(Remedy.of(new IllegalStateException("wrapped", missing))).contains(
                "Set or correct sharedsvc.service, as a property or as the environment variable SHAREDSVC_SERVICE.");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeNamesTheUrlsAndTheWait() {
        NotReadyException notReady = waitFor(ProbeState.NO_RESPONSE);

        assertThat(Remedy.of(failedIn(Phase.WAIT, notReady.getMessage(), notReady))).hasValueSatisfying(remedy ->
                assertThat(remedy).contains("sharedsvc.postgres.url", "sharedsvc.redis.url", "sharedsvc.wait.timeout"));
    }

    @Test
    void rejectedCredentialsNameEveryPasswordSetting() {
        NotReadyException notReady = waitFor(ProbeState.CREDENTIALS_REJECTED);
        ProvisioningException refused = new ProvisioningException("password authentication failed", "28P01", null);

        assertThat(Remedy.of(failedIn(Phase.WAIT, notReady.getMessage(), notReady))).hasValueSatisfying(remedy ->
                assertThat(remedy).contains("sharedsvc.postgres.admin-password (or sharedsvc.postgres.admin-password-file)",
                        "sharedsvc.postgres.password (or sharedsvc.postgres.password-file)"));
        assertThat(Remedy.of(refused)).isEqualTo(Remedy.of(failedIn(Phase.WAIT, notReady.getMessage(), notReady)));
    }

    @Test
    void aPhaseWhoseCauseHasNoAdviceGetsThePhasesOwn() {
        assertThat(Remedy.forPhase(Phase.PROVISION, new IllegalStateException("not ours")))
                .startsWith("For a database or role that is not in place")
                .contains("sharedsvc.postgres.admin-password", "sharedsvc.postgres.pool-size");
        assertThat(Remedy.forPhase(Phase.REDIS, null)).startsWith("Fix the Redis server");
    }

    @Test
    void aRedisFindingNamesTheLayoutAndTheRisksThatCanBeAccepted() {
        assertThat(Remedy.of(failedIn(Phase.REDIS, "maxmemory-policy allkeys-lru can evict dev.broker", null)))
                .hasValueSatisfying(remedy -> assertThat(remedy).contains("sharedsvc.redis.layout",
                        "sharedsvc.redis.eviction-risk=warning", "sharedsvc.redis.without-databases=key-prefix"));
    }

    @Test
    void otherFailuresHaveNoRemedyOfOurs() {
        assertThat(Remedy.of(new IllegalStateException("not ours"))).isEmpty();
        assertThat(Remedy.of(failedIn(Phase.MIGRATE, "Flyway could not migrate", null)))
                .contains("Do what the message above says, then start the application again.");
    }

    private static BootstrapException failedIn(Phase phase, String what, Throwable cause) {
        return new BootstrapException(phase, "Bootstrap of app failed in " + phase.word() + " after 0.1 s: " + what,
                cause, Remedy.forPhase(phase, cause));
    }

    /** A wait that ends as a probe that always finds {@code state} makes it end. */
    private static NotReadyException waitFor(ProbeState state) {
        Probe probe = new Probe() {
            @Override
            public String name() {
                return "postgresql db:5432/app";
            }

            @Override
            public Observation check(Duration timeout) {
                return Observation.of(state, "as the test says");
            }
        };
        return catchThrowableOfType(NotReadyException.class,
                () -> Readiness.of(probe).await(Duration.ofSeconds(10)));   // rejected credentials end it at once
    }
}
