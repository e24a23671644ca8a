package dev.sharedsvc.health;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.sharedsvc.internal.RedisEndpoints;
import dev.sharedsvc.internal.RedisInfo;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;

/**
 * {@link Probe#redis(RedisURI)}. Lettuce authenticates in its connection handshake, before any command, so a
 * wrong password ({@code WRONGPASS}, {@code NOAUTH}) is seen before a server that is still loading answers
 * {@code PING} with {@code -LOADING}.
 */
final class RedisProbe implements ServerProbe {

    private final RedisURI uri;
    private final String name;
    /** The client of {@link #check}, made on first use; guarded by this. */
    private RedisClient singleChecks;

    RedisProbe(RedisURI uri) {
        Objects.requireNonNull(uri, "uri");
        if (!RedisEndpoints.reachable(uri)) {
            throw new IllegalArgumentException("the Redis URI names neither a host nor a sentinel: a socket cannot be"
                    + " probed");
        }
        this.uri = RedisEndpoints.copy(uri, uri.getDatabase());
        this.name = "redis " + RedisEndpoints.describe(uri) + (uri.getDatabase() == 0 ? "" : "/" + uri.getDatabase());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String host() {
        return RedisEndpoints.firstHost(uri);
    }

    /**
     * One attempt with this probe's client, kept on the event loop that single checks share: health endpoints call
     * this every few seconds, and a client of its own per call would start and stop an event loop each time.
     * Calls on one probe are serialized.
     */
    @Override
    public synchronized Observation check(Duration timeout) {
        Durations.requirePositive(timeout, "timeout");
        if (singleChecks == null) {
            singleChecks = RedisClient.create(SharedResources.INSTANCE);
        }
        return attempt(singleChecks, timeout);
    }

    /**
     * A Lettuce client on a small event loop of its own (two daemon threads, Lettuce's minimum), for the attempts
     * of one wait; closing the session releases both.
     */
    Session open() {
        return new Session(newResources());
    }

    private static ClientResources newResources() {
        return DefaultClientResources.builder().ioThreadPoolSize(2).computationThreadPoolSize(2).build();
    }

    /** The event loop of single checks: made on first use, kept for the life of the JVM (its threads are daemons). */
    private static final class SharedResources {
        static final ClientResources INSTANCE = newResources();
    }

    final class Session implements Attempts {

        private final ClientResources resources;
        private final RedisClient client;

        private Session(ClientResources resources) {
            this.resources = resources;
            this.client = RedisClient.create(resources);
        }

        @Override
        public Observation check(Duration timeout) {
            return attempt(client, timeout);
        }

        /**
         * Releases the client, then its event loop, without blocking: the waiter stops a thread whose wait is over,
         * possibly in the middle of a connect.
         */
        @Override
        public void close() {
            client.shutdownAsync(0, 1, TimeUnit.SECONDS)
                    .whenComplete((ignored, failure) -> resources.shutdown(0, 1, TimeUnit.SECONDS));
        }
    }

    private Observation attempt(RedisClient client, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(false)
                .socketOptions(SocketOptions.builder().connectTimeout(timeout).build())
                .build());
        RedisURI attempt = RedisEndpoints.copy(uri, uri.getDatabase(), timeout);
        try (StatefulRedisConnection<String, String> connection = client.connect(attempt)) {
            RedisCommands<String, String> commands = connection.sync();
            connection.setTimeout(left(deadline));
            commands.ping();
            connection.setTimeout(left(deadline));
            RedisInfo info = RedisInfo.parse(commands.info());
            connection.setTimeout(left(deadline));
            return observe(info, answeredBy(commands));
        } catch (RedisException e) {
            return classify(e);
        }
    }

    private static Duration left(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /**
     * A master is ready; a replica never is, as it refuses writes: it is reported as {@code read-only: replica of
     * host:port}, and says so when its link to the master is down.
     */
    private static Observation observe(RedisInfo info, String answeredBy) {
        if (!info.replica()) {
            return new Observation(ProbeState.READY, answeredBy, info.get("run_id"), Optional.empty(), false);
        }
        return Observation.of(ProbeState.REJECTING, Hints.READ_ONLY + " replica of " + info.master().orElseThrow()
                + (info.masterLinkUp() ? "" : " whose link to its master is "
                        + info.getOrDefault("master_link_status", "unknown"))
                + (answeredBy.isEmpty() ? "" : ", " + answeredBy));
    }

    /**
     * {@code answered by host:port}, the server's own address of this connection ({@code laddr} of
     * {@code CLIENT INFO}, Redis 6.2 and later): the master a sentinel pointed to, the node that was reached.
     * Empty where the server does not say.
     */
    private static String answeredBy(RedisCommands<String, String> commands) {
        try {
            for (String field : commands.clientInfo().split(" ")) {
                if (field.startsWith("laddr=")) {
                    return "answered by " + field.substring("laddr=".length()).strip();
                }
            }
        } catch (RedisException e) {
            // An older server, or CLIENT refused by an ACL: the report names the URI's address instead.
        }
        return "";
    }

    /** By the error code of the first server reply along the causes; without one, nothing usable answered. */
    static Observation classify(RedisException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisCommandExecutionException reply) {
                String message = String.valueOf(reply.getMessage());
                ProbeState state = switch (message.split(" ", 2)[0]) {
                    case "WRONGPASS", "NOAUTH" -> ProbeState.CREDENTIALS_REJECTED;
                    case "LOADING", "BUSY", "MASTERDOWN" -> ProbeState.REJECTING;
                    default -> ProbeState.OTHER_ERROR;
                };
                return Observation.of(state, message);
            }
        }
        return Observation.of(ProbeState.NO_RESPONSE, Failures.reason(e));
    }

    @Override
    public String toString() {
        return name;
    }
}
