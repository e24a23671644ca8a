package dev.sharedsvc.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Redis Cluster of masters only (no replicas), each an {@link EmbeddedRedis} on a loopback port with
 * {@code cluster-enabled yes} and its {@code nodes.conf} in its own data directory. The 16384 hash slots are split
 * into equal ranges, the nodes meet, and {@link #start()} returns once every node reports
 * {@code cluster_state:ok}.
 *
 * <pre>{@code
 * try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder().start()) {
 *     List<RedisSettings> nodes = cluster.nodes();   // seeds for a cluster client
 * }
 * }</pre>
 *
 * <p>The nodes have no password. Each node's port is chosen so that its cluster bus port (port + 10000) is below
 * 65536 and free. Thread-safe.
 */
public final class EmbeddedRedisCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisCluster.class);
    private static final int SLOTS = 16_384;
    private static final int BUS_PORT_OFFSET = 10_000;
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final List<EmbeddedRedis> nodes;
    private final Duration startupTimeout;

    private EmbeddedRedisCluster(Builder builder) {
        this.startupTimeout = builder.startupTimeout;
        this.nodes = IntStream.range(0, builder.masters)
                .mapToObj(i -> EmbeddedRedis.builder()
                        .executable(builder.executable)
                        .port(clusterPort())
                        .setting("cluster-enabled", "yes")
                        .setting("cluster-config-file", "nodes.conf")
                        .setting("cluster-node-timeout", "5000")
                        .startupTimeout(builder.startupTimeout)
                        .build())
                .collect(Collectors.toUnmodifiableList());
    }

    /** A builder with the defaults: three masters, the bundled binary, 30 seconds to form. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node, assigns the slots, lets the nodes meet and waits until all of them report
     * {@code cluster_state:ok}.
     *
     * @throws EmbeddedServerException when a node does not start or the cluster is not formed within the timeout;
     *                                 the nodes already started are stopped
     */
    public synchronized EmbeddedRedisCluster start() {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        try {
            nodes.forEach(EmbeddedRedis::start);
            for (int i = 0; i < nodes.size(); i++) {
                int first = i * SLOTS / nodes.size();
                int last = (i + 1) * SLOTS / nodes.size();
                List<String> command = new ArrayList<>(List.of("CLUSTER", "ADDSLOTS"));
                IntStream.range(first, last).forEach(slot -> command.add(Integer.toString(slot)));
                requireOk(nodes.get(i), command.toArray(String[]::new));
            }
            for (EmbeddedRedis node : nodes.subList(1, nodes.size())) {
                requireOk(nodes.get(0), "CLUSTER", "MEET", "127.0.0.1", Integer.toString(node.port()));
            }
            awaitClusterOk(deadline);
            LOG.info("Started embedded Redis Cluster of {} masters on ports {}", nodes.size(),
                    nodes.stream().map(node -> Integer.toString(node.port())).collect(Collectors.joining(", ")));
            return this;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(EmbeddedRedis::stop);
            throw new EmbeddedServerException("embedded Redis Cluster did not form; see the nodes' logs "
                    + nodes.stream().map(node -> node.logFile().toString()).collect(Collectors.joining(", ")), e);
        }
    }

    private void awaitClusterOk(long deadline) throws IOException {
        List<String> pending = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            pending.clear();
            for (EmbeddedRedis node : nodes) {
                String info = call(node, "CLUSTER", "INFO");
                if (info == null || !info.contains("cluster_state:ok")
                        || !info.contains("cluster_known_nodes:" + nodes.size() + "\r")) {
                    pending.add(Integer.toString(node.port()));
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            sleep(50);
        }
        throw new IOException("cluster_state not ok after " + startupTimeout + " on ports " + pending);
    }

    private static void requireOk(EmbeddedRedis node, String... command) throws IOException {
        String reply = call(node, command);
        if (!"OK".equals(reply)) {
            throw new IOException(command[0] + " " + command[1] + " on port " + node.port() + " answered " + reply);
        }
    }

    private static String call(EmbeddedRedis node, String... command) throws IOException {
        try (RespConnection connection = new RespConnection("127.0.0.1", node.port(), PROBE_TIMEOUT)) {
            return connection.call(command);
        }
    }

    /** A free loopback port whose cluster bus port is valid and free too. */
    private static int clusterPort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = Ports.freePort();
            if (port + BUS_PORT_OFFSET <= 65_535 && isFree(port + BUS_PORT_OFFSET)) {
                return port;
            }
        }
        throw new EmbeddedServerException("no free loopback port with a free cluster bus port (port + 10000)");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while waiting for the embedded Redis Cluster", e);
        }
    }

    /** The connection settings of each master, in the order of their slot ranges. */
    public List<RedisSettings> nodes() {
        return nodes.stream().map(EmbeddedRedis::settings).collect(Collectors.toUnmodifiableList());
    }

    /** Stops every node and deletes its data directory. */
    @Override
    public synchronized void close() {
        nodes.forEach(EmbeddedRedis::close);
    }

    @Override
    public String toString() {
        return "EmbeddedRedisCluster" + nodes;
    }

    /** Settings for an {@link EmbeddedRedisCluster}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private int masters = 3;
        private String executable = System.getProperty(EmbeddedRedis.BINARY_PROPERTY, "bundled");
        private Duration startupTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /**
         * How many masters share the slots; 1 to 16, default 3.
         *
         * @throws IllegalArgumentException outside that range
         */
        public Builder masters(int masters) {
            if (masters < 1 || masters > 16) {
                throw new IllegalArgumentException("masters must be 1 to 16, was " + masters);
            }
            this.masters = masters;
            return this;
        }

        /** Which {@code redis-server} every node runs; as {@link EmbeddedRedis.Builder#executable(String)}. */
        public Builder executable(String choice) {
            this.executable = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /**
         * How long {@link EmbeddedRedisCluster#start()} waits for the nodes and for {@code cluster_state:ok};
         * positive, default 30 seconds.
         *
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Arguments.requirePositive(timeout, "startupTimeout");
            return this;
        }

        /** A cluster with these settings, not started; the ports are chosen now. */
        public EmbeddedRedisCluster build() {
            return new EmbeddedRedisCluster(this);
        }

        /** Builds and starts the cluster. */
        public EmbeddedRedisCluster start() {
            return build().start();
        }
    }
}
