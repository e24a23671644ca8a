package dev.sharedsvc.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisURI;

/**
 * Readiness detection lag: the time from the moment a server accepts its first real connection (a login, or
 * {@code AUTH} and {@code PING}) to the moment a waiter that was already waiting returns, over repeated restarts,
 * for {@link Readiness} and for a 1-second fixed-interval poller (what wait-for-it, dockerize and Spring Boot's
 * docker-compose support do) in the same run.
 *
 * <p>The first accepted connection is seen by a side prober of its own (pgjdbc, a raw RESP socket) that tries
 * every millisecond; the start of its first successful try is the moment the server was ready, so a lag includes
 * one login and is, if anything, overstated. The fixed poller starts at a random phase in its second.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.ReadinessLagBenchmark
 * </pre>
 * An optional argument ({@code -Dexec.args=30}) sets the restarts per server, default 15, after one warm-up
 * restart that is not counted; {@code -Dbenchmark.verbose=true} prints every restart.
 */
public final class ReadinessLagBenchmark {

    private static final String COMMAND = "./mvnw -q -pl benchmarks -am package -DskipTests exec:java"
            + " -Dexec.mainClass=dev.sharedsvc.benchmarks.ReadinessLagBenchmark";
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration FIXED_INTERVAL = Duration.ofSeconds(1);

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "readiness-lag-benchmark");
        thread.setDaemon(true);
        return thread;
    });

    /** A server to restart: how to start and stop it, the probe under test, and the independent side prober. */
    private record Server(String name, Probe probe, Runnable start, Runnable stop, BooleanSupplier acceptsConnection) {
    }

    /** Lags of one restart, in nanoseconds. */
    private record Lags(long waiter, long fixedPoller) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int restarts = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ReadinessLagBenchmark benchmark = new ReadinessLagBenchmark();
        List<String> rows = new ArrayList<>();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             EmbeddedRedis redis = EmbeddedRedis.builder().password("benchmark-password").start()) {
            postgres.stop();
            redis.stop();
            rows.add(benchmark.measure(postgresServer(postgres), restarts));
            rows.add(benchmark.measure(redisServer(redis), restarts));
        } finally {
            benchmark.threads.shutdownNow();
        }
        System.out.printf(Locale.ROOT, "%nReadiness detection lag in ms: first accepted connection -> waiter returns,"
                + " %d restarts per server%n%n", restarts);
        System.out.println("| server | sharedsvc median | sharedsvc p95 | 1 s poller median | 1 s poller p95 | ratio (median) |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        rows.forEach(System.out::println);
        System.out.printf("%nRerun: %s%n", COMMAND);
    }

    private static Server postgresServer(EmbeddedPostgres postgres) {
        PostgresSettings settings = postgres.settings();
        org.postgresql.Driver driver = new org.postgresql.Driver();
        Properties login = new Properties();
        login.setProperty("user", settings.user());
        login.setProperty("password", settings.password());
        login.setProperty("loginTimeout", "1");
        return new Server("PostgreSQL " + postgres.majorVersion(),
                Probe.postgres(settings.jdbcUrl(), settings.user(), Secret.of(settings.password())),
                postgres::start, postgres::stop, () -> {
                    try (Connection connection = driver.connect(settings.jdbcUrl(), login)) {
                        return connection != null;
                    } catch (SQLException notYet) {
                        return false;
                    }
                });
    }

    private static Server redisServer(EmbeddedRedis redis) {
        RedisSettings settings = redis.settings();
        byte[] authAndPing = ("*2\r\n$4\r\nAUTH\r\n$" + settings.password().length() + "\r\n" + settings.password()
                + "\r\n*1\r\n$4\r\nPING\r\n").getBytes(StandardCharsets.UTF_8);
        return new Server("Redis (bundled)", Probe.redis(RedisURI.create(settings.uri())),
                redis::startWithoutWaiting, redis::stop, () -> {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(settings.host(), settings.port()), 100);
                        socket.setSoTimeout(500);
                        OutputStream out = socket.getOutputStream();
                        out.write(authAndPing);
                        out.flush();
                        return readReplies(socket.getInputStream(), 2).endsWith("+PONG\r\n");
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** Reads {@code count} one-line replies. */
    private static String readReplies(InputStream in, int count) throws IOException {
        StringBuilder text = new StringBuilder();
        int lines = 0;
        while (lines < count) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            text.append((char) b);
            if (b == '\n') {
                lines++;
            }
        }
        return text.toString();
    }

    private String measure(Server server, int restarts) throws Exception {
        restartOnce(server); // warm-up: class loading and JIT, not counted
        List<Lags> lags = new ArrayList<>();
        for (int i = 0; i < restarts; i++) {
            lags.add(restartOnce(server));
            if (Boolean.getBoolean("benchmark.verbose")) {
                System.out.printf(Locale.ROOT, "%s restart %d: waiter %.1f ms, poller %.1f ms%n", server.name(), i,
                        lags.get(i).waiter() / 1e6, lags.get(i).fixedPoller() / 1e6);
            }
        }
        double[] waiter = lags.stream().mapToDouble(lag -> lag.waiter() / 1e6).sorted().toArray();
        double[] poller = lags.stream().mapToDouble(lag -> lag.fixedPoller() / 1e6).sorted().toArray();
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.1fx |", server.name(),
                percentile(waiter, 50), percentile(waiter, 95), percentile(poller, 50), percentile(poller, 95),
                percentile(poller, 50) / percentile(waiter, 50));
    }

    private Lags restartOnce(Server server) throws Exception {
        CompletableFuture<Long> accepted = CompletableFuture.supplyAsync(() -> firstAcceptedConnection(server), threads);
        CompletableFuture<Long> waiter = CompletableFuture.supplyAsync(() -> {
            Readiness.of(server.probe()).await(DEADLINE);
            return System.nanoTime();
        }, threads);
        CompletableFuture<Long> poller = CompletableFuture.supplyAsync(() -> fixedIntervalPoller(server), threads);
        server.start().run();
        try {
            long ready = accepted.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return new Lags(waiter.get(DEADLINE.toSeconds(), TimeUnit.SECONDS) - ready,
                    poller.get(DEADLINE.toSeconds(), TimeUnit.SECONDS) - ready);
        } finally {
            server.stop().run();
        }
    }

    /** The start of the side prober's first successful try, trying every millisecond. */
    private static long firstAcceptedConnection(Server server) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            long attempt = System.nanoTime();
            if (server.acceptsConnection().getAsBoolean()) {
                return attempt;
            }
            sleep(Duration.ofMillis(1));
        }
        throw new IllegalStateException(server.name() + " never accepted a connection");
    }

    /** A probe every second, at a random phase, until one finds the server ready. */
    private static long fixedIntervalPoller(Server server) {
        sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(FIXED_INTERVAL.toMillis())));
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (server.probe().check(FIXED_INTERVAL).ready()) {
                return System.nanoTime();
            }
            sleep(FIXED_INTERVAL);
        }
        throw new IllegalStateException(server.name() + " was not ready for the fixed poller");
    }

    private static double percentile(double[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
