package dev.sharedsvc.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

/** Redis readiness against real servers, each test's own unless it only reads the shared test server. */
class RedisReadinessTest {

    private static EmbeddedRedis.Builder server() {
        return EmbeddedRedis.builder().executable(TestServers.redisBinary());
    }

    private static RedisURI uri(RedisSettings settings) {
        return RedisURI.create(settings.uri());
    }

    private static RedisURI uriWithPassword(RedisSettings settings, String password) {
        return RedisURI.create(new RedisSettings(settings.host(), settings.port(), settings.username(), password).uri());
    }

    @Test
    void repeatedSingleChecksShareOneEventLoopInsteadOfStartingThreadsEachTime() {
        Probe probe = Probe.redis(uri(TestServers.redis()));
        Set<String> loopsBefore = lettuceEventLoops();
        Set<String> loopsSeen = new HashSet<>();

        for (int i = 0; i < 10; i++) {
            assertThat(probe.check(Duration.ofSeconds(5)).state()).isEqualTo(ProbeState.READY);
            loopsSeen.addAll(lettuceEventLoops());
        }

        loopsSeen.removeAll(loopsBefore);
        assertThat(loopsSeen).as("event loops started by 10 checks").hasSizeLessThanOrEqualTo(1);
    }

    /** The pool ids of Lettuce's event-loop threads alive now (thread names end in -pool-thread). */
    private static Set<String> lettuceEventLoops() {
        Set<String> pools = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Matcher name = Pattern.compile("lettuce-\\w*EventLoop-(\\d+)-\\d+").matcher(thread.getName());
            if (name.matches()) {
                pools.add(name.group(1));
            }
        }
        return pools;
    }

    @Test
    void serverStartedOnlyAfterTheWaitBeganIsNoticed() throws Exception {
        try (EmbeddedRedis redis = server().password("redis-pass").build()) {
            ReadinessReport report = ServerScenarios.serverStartedAfterTheWaitBeganIsFound(
                    Probe.redis(uri(redis.settings())), redis::start);

            assertThat(report.services().get(0).last().serverInstance()).isPresent();
        }
    }

    @Test
    void stableWaitDoesNotPassOnAServerThatRestarts() throws Exception {
        try (EmbeddedRedis redis = server().start()) {
            ServerScenarios.stableWaitDoesNotPassOnTheFirstInstance(Probe.redis(uri(redis.settings())),
                    redis::stop, redis::start);
        }
    }

    @Test
    void wrongPasswordFailsFastAndSaysSo() {
        Probe probe = Probe.redis(uriWithPassword(TestServers.redis(), "wrong-redis-password"));

        NotReadyException failure = catchThrowableOfType(NotReadyException.class,
                () -> Readiness.of(probe).await(Duration.ofSeconds(30)));

        // The reason proves the fail-fast: the wait ended on the rejection, not on its 30-second deadline.
        assertThat(failure.reason()).isEqualTo(NotReadyException.Reason.CREDENTIALS_REJECTED);
        assertThat(failure.getMessage()).contains("CREDENTIALS_REJECTED", "WRONGPASS", "password was rejected")
                .doesNotContain("wrong-redis-password");
    }

    @Test
    void missingPasswordIsCredentialsRejected() {
        RedisSettings settings = TestServers.redis();
        Observation observation = Probe.redis(RedisURI.create(settings.host(), settings.port())).check(Duration.ofSeconds(5));

        assertThat(observation.state()).isEqualTo(ProbeState.CREDENTIALS_REJECTED);
        assertThat(observation.detail()).startsWith("NOAUTH");
    }

    @Test
    void serverLoadingALargeDatasetIsRejectingUntilLoaded() throws Exception {
        try (EmbeddedRedis redis = server().password("redis-pass").start()) {
            RedisURI uri = uri(redis.settings());
            fillAndSave(uri, 400_000);
            redis.stop();
            redis.startWithoutWaiting();

            List<Observation> seen = new ArrayList<>();
            try (Attempts attempts = Attempts.of(Probe.redis(uri))) {
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (seen.isEmpty() || !seen.get(seen.size() - 1).ready() && System.nanoTime() < deadline) {
                    seen.add(attempts.check(Duration.ofSeconds(1)));
                }
            }

            assertThat(seen).extracting(Observation::state).endsWith(ProbeState.READY);
            assertThat(seen).anySatisfy(observation -> {
                assertThat(observation.state()).isEqualTo(ProbeState.REJECTING);
                assertThat(observation.detail()).startsWith("LOADING");
            });
        }
    }

    private static void fillAndSave(RedisURI uri, int keys) throws Exception {
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisAsyncCommands<String, String> commands = connection.async();
            String value = "v".repeat(100);
            List<CompletableFuture<String>> batches = new ArrayList<>();
            for (int start = 0; start < keys; start += 1_000) {
                Map<String, String> batch = new HashMap<>();
                for (int key = start; key < start + 1_000; key++) {
                    batch.put("key:" + key, value);
                }
                batches.add(commands.mset(batch).toCompletableFuture());
            }
            CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new)).get();
            connection.sync().save();
        } finally {
            client.shutdown();
        }
    }

    @Test
    void serverRunningALongScriptIsRejectingWhileBusy() throws Exception {
        try (EmbeddedRedis redis = server().setting("lua-time-limit", "50").start()) {
            RedisURI uri = uri(redis.settings());
            RedisClient client = RedisClient.create(uri);
            try (StatefulRedisConnection<String, String> scripting = client.connect();
                 StatefulRedisConnection<String, String> killing = client.connect()) {
                scripting.async().eval("while true do end", io.lettuce.core.ScriptOutputType.STATUS);
                Observation observation = Probe.redis(uri).check(Duration.ofSeconds(2));
                for (int i = 0; i < 50 && observation.ready(); i++) {
                    observation = Probe.redis(uri).check(Duration.ofSeconds(2));
                }
                killing.sync().scriptKill();

                assertThat(observation.state()).isEqualTo(ProbeState.REJECTING);
                assertThat(observation.detail()).startsWith("BUSY");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void replicaWhoseMasterIsDownIsRejecting() {
        int nobody = SilentServer.unusedPort();
        try (EmbeddedRedis serving = server().setting("replicaof", "127.0.0.1 " + nobody).start();
             EmbeddedRedis refusing = server().setting("replicaof", "127.0.0.1 " + nobody)
                     .setting("replica-serve-stale-data", "no").build().startWithoutWaiting()) {
            Observation stale = Probe.redis(uri(serving.settings())).check(Duration.ofSeconds(2));
            assertThat(stale.state()).isEqualTo(ProbeState.REJECTING);
            assertThat(stale.detail()).contains("replica", "link to its master is down");

            NotReadyException failure = catchThrowableOfType(NotReadyException.class,
                    () -> Readiness.of(Probe.redis(uri(refusing.settings()))).await(Duration.ofMillis(500)));
            Observation refused = failure.report().services().get(0).last();
            assertThat(refused.state()).isEqualTo(ProbeState.REJECTING);
            assertThat(refused.detail()).satisfiesAnyOf(   // Redis 7 denies PING (MASTERDOWN), 6.2 serves it stale
                    detail -> assertThat(detail).startsWith("MASTERDOWN"),
                    detail -> assertThat(detail).contains("link to its master is down"));
        }
    }

    @Test
    void portWhereNothingListensKeepsTheDeadline() {
        ReadinessDeadlineTest.giveUpWaitingFor(Probe.redis(RedisURI.create("127.0.0.1", SilentServer.unusedPort())));
    }

    @Test
    void portThatAcceptsButNeverAnswersKeepsTheDeadline() throws Exception {
        try (SilentServer silent = SilentServer.start()) {
            ReadinessDeadlineTest.giveUpWaitingFor(Probe.redis(RedisURI.create("127.0.0.1", silent.port())));

            assertThat(silent.acceptedConnections()).isPositive();
        }
    }
}
