package dev.sharedsvc.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.Secret;

/**
 * Fleet restart: 50 services (threads), each with a role of its own, wait while the PostgreSQL server restarts with
 * {@code max_connections=40} (37 slots for them), so their first logins crowd it. Measured per restart: the time
 * from the server accepting logins (a side prober logging in every 5 ms) to the last service ready, the
 * {@code 53300 too many clients} refusals the services saw, and the services that did not become ready within 60 s;
 * for {@link Readiness} (sharedsvc's wait) and for a 1-second fixed poller, in alternating restarts, after one
 * unmeasured restart of each (the first restart in a fresh JVM also pays for class loading and compilation).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.FleetRestartBenchmark
 * </pre>
 * An optional argument ({@code -Dexec.args=10}) sets the restarts per approach, default 5.
 */
public final class FleetRestartBenchmark {

    private static final String COMMAND = "./mvnw -q -pl benchmarks -am package -DskipTests exec:java"
            + " -Dexec.mainClass=dev.sharedsvc.benchmarks.FleetRestartBenchmark";
    private static final int SERVICES = 50;
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final String PASSWORD = "Fleet-Password-1";

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fleet-restart-benchmark");
        thread.setDaemon(true);
        return thread;
    });

    /** One restart's outcome. */
    private record Round(double lastReadyMillis, int tooManyClients, int failed) {
    }

    public static void main(String[] args) throws Exception {
        int restarts = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        new FleetRestartBenchmark().run(restarts);
        System.exit(0);
    }

    private void run(int restarts) throws Exception {
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().serverSetting("max_connections", "40").start()) {
            PostgresSettings admin = server.settings();
            try (Connection connection = login(admin.jdbcUrl(), admin.user(), admin.password());
                 Statement statement = connection.createStatement()) {
                for (int i = 0; i < SERVICES; i++) {
                    statement.execute("CREATE ROLE " + role(i) + " LOGIN PASSWORD '" + PASSWORD + "'");
                }
            }
            List<Round> ours = new ArrayList<>();
            List<Round> fixed = new ArrayList<>();
            // One unmeasured restart of each first: the first restart in a fresh JVM also pays for loading and
            // compiling pgjdbc's login (SCRAM) and the waiter, and it used to be always sharedsvc's, which made it
            // look seconds slower than the poller.
            for (int i = -2; i < restarts * 2; i++) {
                server.stop();
                boolean readiness = i % 2 == 0;
                Round round = restart(server, readiness);
                if (i >= 0) {
                    (readiness ? ours : fixed).add(round);
                }
                System.out.printf(Locale.ROOT, "%s (%s): last ready %.0f ms after the server, %d too many"
                        + " clients, %d failed%n", i < 0 ? "warm-up" : "restart " + (i + 1),
                        readiness ? "sharedsvc" : "1-second poller", round.lastReadyMillis(), round.tooManyClients(),
                        round.failed());
            }
            print(restarts, ours, fixed);
        } finally {
            threads.shutdownNow();
        }
    }

    private Round restart(EmbeddedPostgres server, boolean readiness) throws Exception {
        PostgresSettings admin = server.settings();
        AtomicInteger tooMany = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Long> readyAt = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> services = new ArrayList<>();
        for (int i = 0; i < SERVICES; i++) {
            String role = role(i);
            services.add(CompletableFuture.runAsync(() -> {
                boolean ready = readiness ? awaitWithReadiness(admin, role, tooMany) : pollEverySecond(admin, role, tooMany);
                if (ready) {
                    readyAt.add(System.nanoTime());
                } else {
                    failed.incrementAndGet();
                }
            }, threads));
        }
        Thread.sleep(500);   // the fleet is waiting before the server comes back
        AtomicLong accepted = new AtomicLong();
        CompletableFuture<Void> prober = CompletableFuture.runAsync(() -> accepted.set(firstLogin(admin)), threads);
        server.start();
        prober.get(60, TimeUnit.SECONDS);
        CompletableFuture.allOf(services.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
        long last = readyAt.stream().mapToLong(Long::longValue).max().orElse(accepted.get());
        return new Round((last - accepted.get()) / 1e6, tooMany.get(), failed.get());
    }

    private static boolean awaitWithReadiness(PostgresSettings admin, String role, AtomicInteger tooMany) {
        Probe probe = Probe.postgres(admin.jdbcUrl(), role, Secret.of(PASSWORD));
        Probe counting = Probe.observing(probe, observation -> {
            if (observation.state() == ProbeState.TOO_MANY_CLIENTS) {
                tooMany.incrementAndGet();
            }
            return observation;
        });
        try {
            Readiness.of(counting).await(DEADLINE);
            return true;
        } catch (NotReadyException e) {
            return false;
        }
    }

    private static boolean pollEverySecond(PostgresSettings admin, String role, AtomicInteger tooMany) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection ignored = login(admin.jdbcUrl(), role, PASSWORD)) {
                return true;
            } catch (SQLException e) {
                if ("53300".equals(e.getSQLState())) {
                    tooMany.incrementAndGet();
                }
            }
            try {
                Thread.sleep(1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    /** The start of the first successful administrator login, trying every 5 ms. */
    private static long firstLogin(PostgresSettings admin) {
        while (true) {
            long attempt = System.nanoTime();
            try (Connection ignored = login(admin.jdbcUrl(), admin.user(), admin.password())) {
                return attempt;
            } catch (SQLException e) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return attempt;
                }
            }
        }
    }

    private static Connection login(String url, String user, String password) throws SQLException {
        return DriverManager.getConnection(url + "?connectTimeout=5", user, password);
    }

    private static String role(int i) {
        return String.format(Locale.ROOT, "fleet_%02d", i);
    }

    private static void print(int restarts, List<Round> ours, List<Round> fixed) {
        System.out.println();
        System.out.printf(Locale.ROOT, "Fleet restart: %d services, max_connections=40, %d restarts each, interleaved%n",
                SERVICES, restarts);
        System.out.println("| waiter | median last ready after server | worst | too many clients (all restarts) | not ready |");
        System.out.println("|---|---:|---:|---:|---:|");
        row("sharedsvc Readiness (backoff, jitter)", ours);
        row("fixed 1-second poller", fixed);
        System.out.printf(Locale.ROOT, "ratio (sharedsvc / poller, median): %.2f (below 1: sharedsvc's fleet is ready sooner)%n",
                median(ours) / median(fixed));
        System.out.println("rerun: " + COMMAND);
    }

    private static void row(String name, List<Round> rounds) {
        System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %d | %d |%n", name, median(rounds),
                rounds.stream().mapToDouble(Round::lastReadyMillis).max().orElse(0),
                rounds.stream().mapToInt(Round::tooManyClients).sum(), rounds.stream().mapToInt(Round::failed).sum());
    }

    private static double median(List<Round> rounds) {
        double[] values = rounds.stream().mapToDouble(Round::lastReadyMillis).sorted().toArray();
        return values.length == 0 ? 0 : values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
