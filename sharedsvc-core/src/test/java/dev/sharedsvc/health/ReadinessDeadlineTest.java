package dev.sharedsvc.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.postgres.Secret;

/**
 * The deadline holds whatever the other side does, and the exception says what was found; for Redis see
 * {@link RedisReadinessTest}.
 */
class ReadinessDeadlineTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);
    private static final Secret PASSWORD = Secret.of("not-the-point");

    static Probe postgresAt(String host, int port) {
        return Probe.postgres("jdbc:postgresql://" + host + ":" + port + "/app", "app", PASSWORD);
    }

    /** Waits for {@code probe} until {@link #DEADLINE}, expects it to give up, and checks the deadline was kept. */
    static NotReadyException giveUpWaitingFor(Probe probe) {
        long start = System.nanoTime();
        NotReadyException failure = catchThrowableOfType(NotReadyException.class,
                () -> Readiness.of(probe).await(DEADLINE));
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.DEADLINE_PASSED);
        assertThat(failure.report().elapsed()).isBetween(DEADLINE, DEADLINE.multipliedBy(11).dividedBy(10));
        assertThat(measured).isLessThanOrEqualTo(DEADLINE.multipliedBy(11).dividedBy(10));
        assertThat(failure.report().services()).singleElement()
                .satisfies(service -> assertThat(service.last().state()).isEqualTo(ProbeState.NO_RESPONSE));
        return failure;
    }

    @Test
    void postgresPortWhereNothingListensKeepsTheDeadlineAndHintsAtLocalhostInAContainer() {
        NotReadyException failure = giveUpWaitingFor(postgresAt("localhost", SilentServer.unusedPort()));

        assertThat(failure.report().services().get(0).attempts()).isGreaterThan(5);
        assertThat(failure.getMessage())
                .contains("Services not ready within 2.000 s", "NO_RESPONSE", "Connection refused")
                .contains("inside a container localhost is the container itself", "such as db")
                .doesNotContain(PASSWORD.reveal());
    }

    @Test
    void postgresPortThatAcceptsButNeverAnswersKeepsTheDeadline() throws Exception {
        try (SilentServer silent = SilentServer.start()) {
            giveUpWaitingFor(postgresAt("127.0.0.1", silent.port()));

            assertThat(silent.acceptedConnections()).isPositive();
        }
    }

    @Test
    void oneAttemptAgainstASilentPortEndsAtItsTimeout() throws Exception {
        try (SilentServer silent = SilentServer.start()) {
            long start = System.nanoTime();
            Observation observation = postgresAt("127.0.0.1", silent.port()).check(Duration.ofSeconds(1));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(observation.state()).isEqualTo(ProbeState.NO_RESPONSE);
            assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1_100));
        }
    }

    @Test
    void interruptingTheWaitingThreadEndsTheWait() throws Exception {
        CompletableFuture<NotReadyException> waiting = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                Readiness.of(postgresAt("127.0.0.1", SilentServer.unusedPort())).await(Duration.ofSeconds(30));
            } catch (NotReadyException e) {
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
                waiting.complete(e);
            }
        });
        waiter.start();
        Thread.sleep(200);
        waiter.interrupt();

        NotReadyException failure = waiting.get(5, TimeUnit.SECONDS);
        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.INTERRUPTED);
        assertThat(failure.getMessage()).startsWith("Services interrupted after");
    }

    @Test
    void aProbeThatBreaksWithAnErrorEndsTheWaitWithThatErrorNotAMisleadingTimeout() {
        Probe broken = new Probe() {
            @Override
            public String name() {
                return "broken classpath";
            }

            @Override
            public Observation check(Duration timeout) {
                throw new NoClassDefFoundError("io/netty/channel/MultiThreadIoEventLoopGroup");
            }
        };

        assertThatThrownBy(() -> Readiness.of(broken).await(Duration.ofSeconds(30)))
                .isInstanceOf(NoClassDefFoundError.class)
                .hasMessageContaining("MultiThreadIoEventLoopGroup");
    }

    @Test
    void unknownHostIsNoResponse() {
        Observation observation = postgresAt("no-such-host.invalid", 5432).check(Duration.ofSeconds(2));

        assertThat(observation.state()).isEqualTo(ProbeState.NO_RESPONSE);
    }

    @Test
    void settingsAreCheckedWhenTheyAreMade() {
        Readiness readiness = Readiness.of(postgresAt("db", 5432));

        assertThatThrownBy(() -> readiness.stable(0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readiness.stable(2, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readiness.attemptTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> readiness.await(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Readiness.of()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Probe.postgres("jdbc:postgresql://db/app?password=x", "app", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("password=x");
        assertThatThrownBy(() -> Probe.postgres("jdbc:mysql://db/app", "app", PASSWORD))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
