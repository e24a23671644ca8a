package dev.sharedsvc.benchmarks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisLayout;

/**
 * What a service pays for the shared development servers: the time from "the application starts" to "bootstrap
 * returned" (database and role ensured, the first pooled connection open, Redis layout checked) for
 * <ul>
 *   <li><b>by hand</b>: the servers run and the service is given their URL and administrator (the floor: a warm
 *       bootstrap);</li>
 *   <li><b>second service</b>: the servers run and the service finds them itself ({@link DevServers#startOrJoin()}:
 *       the file lock, one administrator login, one Redis AUTH), then the same bootstrap;</li>
 *   <li><b>first service</b>: the servers are stopped (their data kept) and the service starts them, then the same
 *       bootstrap.</li>
 * </ul>
 * The by-hand and second-service runs alternate; the first-service runs, which stop and start both servers, come
 * in between. Everything runs in this JVM after warm-up, in a temporary directory on free ports, and is stopped at
 * the end.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.DevServersBenchmark
 * </pre>
 * An optional argument ({@code -Dexec.args=40}) sets the measured runs of the two warm variants, default 30; the
 * first-service variant runs a fifth as often (at least 3).
 */
public final class DevServersBenchmark {

    private static final String COMMAND = "./mvnw -q -pl benchmarks -am package -DskipTests exec:java"
            + " -Dexec.mainClass=dev.sharedsvc.benchmarks.DevServersBenchmark";
    private static final int WARM_UP = 5;

    private final DevServers servers;

    private DevServersBenchmark(DevServers servers) {
        this.servers = servers;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int runs = Math.max(3, Math.min(1000, args.length > 0 ? Integer.parseInt(args[0]) : 30));
        Path directory = Files.createTempDirectory("sharedsvc-dev-benchmark").resolve("dev");
        DevServers servers = DevServers.builder().directory(directory).postgresPort(freePort()).redisPort(freePort())
                .idleTimeout(Duration.ZERO).build();
        try {
            new DevServersBenchmark(servers).run(runs);
        } finally {
            servers.stop();
        }
    }

    private void run(int runs) {
        DevServers.Status status = servers.startOrJoin();
        for (int i = 0; i < WARM_UP; i++) {
            byHand(status);
            second();
        }
        int firstRuns = Math.max(3, runs / 5);
        long[] hand = new long[runs];
        long[] second = new long[runs];
        long[] first = new long[firstRuns];
        int f = 0;
        for (int i = 0; i < runs; i++) {
            hand[i] = byHand(status);
            second[i] = second();
            if (f < firstRuns && i % Math.max(1, runs / firstRuns) == 0) {
                servers.stop();
                first[f++] = first();
            }
        }
        while (f < firstRuns) {
            servers.stop();
            first[f++] = first();
        }
        Arrays.sort(hand);
        Arrays.sort(second);
        Arrays.sort(first);
        System.out.printf(Locale.ROOT, "%nStart to ready of one service (ensure, pool, Redis check) on the shared"
                + " development servers: PostgreSQL %d, Redis 6.2; %d runs (first service: %d)%n",
                status.postgresVersion(), runs, firstRuns);
        System.out.println("| what | median | p90 | median / by hand |");
        System.out.println("|---|---|---|---|");
        row("servers started by hand, URL given (floor)", hand, hand);
        row("second service: joins the running servers", second, hand);
        row("first service: starts the servers (data kept)", first, hand);
        System.out.printf("%nRerun: %s%n", COMMAND);
    }

    private static void row(String what, long[] nanos, long[] baseline) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %.2fx |%n", what, millis(median(nanos)),
                millis(nanos[(int) Math.min(nanos.length - 1, Math.round(nanos.length * 0.9))]),
                (double) median(nanos) / median(baseline));
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    /** The service given the servers' settings: a warm bootstrap. */
    private static long byHand(DevServers.Status status) {
        long start = System.nanoTime();
        bootstrap(status);
        return System.nanoTime() - start;
    }

    /** The service finds the servers itself. */
    private long second() {
        long start = System.nanoTime();
        bootstrap(servers.startOrJoin());
        return System.nanoTime() - start;
    }

    /** The service starts the stopped servers. */
    private long first() {
        long start = System.nanoTime();
        DevServers.Status status = servers.startOrJoin();
        if (!status.startedNow()) {
            throw new IllegalStateException("the servers were expected to be stopped");
        }
        bootstrap(status);
        return System.nanoTime() - start;
    }

    private static void bootstrap(DevServers.Status status) {
        SharedServicesConfig config = SharedServicesConfig.builder().service("benchmark_service")
                .environment("dev").postgresUrl(status.postgres().jdbcUrl())
                .adminUser(status.postgres().user()).adminPassword(Secret.of(status.postgres().password()))
                .password(Secret.of("benchmark-service-password")).poolSize(2)
                .redisUrl(status.redis().uri()).redisLayout(RedisLayout.parse("dev.cache=1")).redisPurposes("cache")
                .waitTimeout(Duration.ofSeconds(60)).build();
        try (SharedServices services = SharedServices.bootstrap(config)) {
            services.report();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
