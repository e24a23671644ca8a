package dev.sharedsvc.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The start and restart scenarios every kind of server must pass, with the server's own start and stop. */
final class ServerScenarios {

    private static final int STABLE_TIMES = 3;

    private ServerScenarios() {
    }

    /** A stopped server, started only once the wait runs (the probe has seen it down), is found ready. */
    static ReadinessReport serverStartedAfterTheWaitBeganIsFound(Probe probe, Runnable start) throws Exception {
        CompletableFuture<Void> starting = CompletableFuture.runAsync(() -> {
            assertThat(probe.check(Duration.ofSeconds(1)).state()).isEqualTo(ProbeState.NO_RESPONSE);
            start.run();
        });

        ReadinessReport report = Readiness.of(probe).await(Duration.ofSeconds(60));
        starting.get();

        assertThat(report.allReady()).isTrue();
        assertThat(report.services().get(0).attempts()).isGreaterThan(1);
        assertThat(report.toString()).startsWith("1 of 1 services ready after").contains("READY (primary");
        return report;
    }

    /**
     * A running server, stopped right after the first good probe and started again, is ready only after
     * {@value #STABLE_TIMES} good probes of its second instance: the first instance's probe does not count.
     */
    static void stableWaitDoesNotPassOnTheFirstInstance(Probe serverProbe, Runnable stop, Runnable start)
            throws Exception {
        List<CompletableFuture<Void>> restarts = new ArrayList<>();
        RecordingProbe probe = new RecordingProbe(serverProbe, () -> {
            stop.run();
            restarts.add(CompletableFuture.runAsync(start));
        });

        ReadinessReport report = Readiness.of(probe).stable(STABLE_TIMES, Duration.ofMillis(100))
                .await(Duration.ofSeconds(30));
        restarts.get(0).get();

        ReadinessReport.Service service = report.services().get(0);
        assertThat(service.ready()).isTrue();
        assertThat(service.last().serverInstance()).isPresent().isNotEqualTo(probe.firstReady().serverInstance());
        List<Observation> seen = probe.observations();
        assertThat(seen).hasSizeGreaterThan(STABLE_TIMES);
        assertThat(seen.subList(seen.size() - STABLE_TIMES, seen.size())).allSatisfy(observation ->
                assertThat(observation.serverInstance()).isEqualTo(service.last().serverInstance()));
    }
}
