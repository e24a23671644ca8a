package dev.sharedsvc.benchmarks;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import dev.sharedsvc.bootstrap.BootstrapReport;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.Secret;

/**
 * Warm start cost: the databases and roles of two services ({@code keycloak}, {@code backend}) already exist, and
 * each service starts again. Measured in one run on one embedded PostgreSQL, interleaved so that both sides see
 * the same machine:
 * <ul>
 *   <li>the seed's init script: bash and one {@code psql} per database sending
 *       {@code SELECT 'CREATE DATABASE x' WHERE NOT EXISTS (...)\gexec}, the password in {@code PGPASSWORD}, the
 *       names in {@code POSTGRES_MULTIPLE_DATABASES} (as the script reads them), nothing in argv but flags;</li>
 *   <li>{@link SharedServices#bootstrap} of both services in this JVM (ensure mode, no migrations, no Redis),
 *       without a pool ({@code pool-size 0}: wait and check, which is what the script does) and with the default
 *       pool of 10 (its first connection open when bootstrap returns; the pool is closed outside the timing).</li>
 * </ul>
 * Then, with {@code log_statement=all} and {@code log_connections=on} switched on for one more run of each, the
 * statements and logins the server saw.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.WarmBootstrapBenchmark
 * </pre>
 * An optional argument ({@code -Dexec.args=100}) sets the measured runs of each, default 50, at most 1000, after
 * 10 warm-up runs that are not counted; {@code -Dbenchmark.verbose=true} prints the statements and logins the
 * server logged. Without {@code psql} (looked for at {@code /usr/bin/psql} and on the PATH) the script's row is
 * skipped.
 */
public final class WarmBootstrapBenchmark {

    private static final String COMMAND = "./mvnw -q -pl benchmarks -am package -DskipTests exec:java"
            + " -Dexec.mainClass=dev.sharedsvc.benchmarks.WarmBootstrapBenchmark";
    private static final List<String> DATABASES = List.of("keycloak", "backend");
    private static final int WARM_UP = 10;
    private static final int MAX_RUNS = 1000;
    private static final double TARGET_RATIO = 10;

    /** The seed's init-multiple-dbs.sh, with the statement the brief names, one psql per database. */
    private static final String SCRIPT = String.join("\n",
            "set -eu",
            "for db in $(echo \"$POSTGRES_MULTIPLE_DATABASES\" | tr ',' ' '); do",
            "  psql -v ON_ERROR_STOP=1 -q --username \"$POSTGRES_USER\" --dbname postgres <<EOSQL",
            "SELECT 'CREATE DATABASE $db' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec",
            "EOSQL",
            "done");

    private final EmbeddedPostgres postgres;
    private final Optional<Path> psql;
    private final List<SharedServicesConfig> withoutPool;
    private final List<SharedServicesConfig> withPool;

    private WarmBootstrapBenchmark(EmbeddedPostgres postgres, Optional<Path> psql) {
        this.postgres = postgres;
        this.psql = psql;
        this.withoutPool = configs(postgres.settings(), 0);
        this.withPool = configs(postgres.settings(), 10);
    }

    /** What one variant costs: its timings, and what the server saw in one logged run. */
    private record Measured(String what, long[] nanos, long statements, long logins) {

        long median() {
            return nanos[nanos.length / 2];
        }

        long p90() {
            return nanos[(int) Math.min(nanos.length - 1, Math.round(nanos.length * 0.9))];
        }
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int runs = Math.min(MAX_RUNS, args.length > 0 ? Integer.parseInt(args[0]) : 50);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            WarmBootstrapBenchmark benchmark = new WarmBootstrapBenchmark(postgres, findPsql());
            benchmark.run(runs);
        }
    }

    private static List<SharedServicesConfig> configs(PostgresSettings admin, int poolSize) {
        List<SharedServicesConfig> configs = new ArrayList<>();
        for (String database : DATABASES) {
            configs.add(SharedServicesConfig.builder().service(database).postgresUrl(admin.jdbcUrl())
                    .adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                    .password(Secret.of(database + "-benchmark-password")).poolSize(poolSize)
                    .waitTimeout(Duration.ofSeconds(30)).build());
        }
        return configs;
    }

    private static Optional<Path> findPsql() {
        Path usual = Path.of("/usr/bin/psql");
        if (Files.isExecutable(usual)) {
            return Optional.of(usual);
        }
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, "psql")).filter(Files::isExecutable).findFirst();
    }

    private void run(int runs) throws Exception {
        bootstrap(withoutPool, report -> 0); // the cold start: creates both databases and roles
        String version = postgres.majorVersion() + "";
        if (psql.isEmpty()) {
            System.out.println("psql was found neither at /usr/bin/psql nor on the PATH: the script's baseline is skipped");
        }
        for (int i = 0; i < WARM_UP; i++) {
            measureOnce();
        }
        long[][] nanos = new long[3][runs];
        long[] waits = new long[runs];
        long[] checks = new long[runs];
        for (int i = 0; i < runs; i++) {
            long[] once = measureOnce();
            nanos[0][i] = once[0];
            nanos[1][i] = once[1];
            nanos[2][i] = once[2];
            waits[i] = once[3];
            checks[i] = once[4];
        }
        List<Measured> rows = new ArrayList<>();
        if (psql.isPresent()) {
            rows.add(logged("init script: bash + psql per database (\\gexec)", nanos[0], this::script));
        }
        rows.add(logged("SharedServices.bootstrap x2, pool-size 0 (wait + check)", nanos[1],
                () -> bootstrap(withoutPool, report -> 0)));
        rows.add(logged("SharedServices.bootstrap x2, pool of 10 (first connection open)", nanos[2],
                () -> bootstrap(withPool, report -> 0)));
        print(rows, runs, version, sorted(waits), sorted(checks));
    }

    /** One run of each variant, interleaved: script, bootstrap without pool, with pool; then the phases. */
    private long[] measureOnce() throws Exception {
        long script = psql.isPresent() ? script() : 0;
        long[] phases = new long[2];
        long withoutPoolNanos = bootstrap(withoutPool, report -> {
            phases[0] += report.elapsed(BootstrapReport.Phase.WAIT).orElseThrow().toNanos();
            phases[1] += report.elapsed(BootstrapReport.Phase.PROVISION).orElseThrow().toNanos();
            return 0;
        });
        long withPoolNanos = bootstrap(withPool, report -> 0);
        return new long[] {script, withoutPoolNanos, withPoolNanos, phases[0], phases[1]};
    }

    /** Bootstraps every service, each closed right after; returns the time spent inside bootstrap only. */
    private static long bootstrap(List<SharedServicesConfig> configs, ToLongFunction<BootstrapReport> look) {
        long total = 0;
        for (SharedServicesConfig config : configs) {
            long start = System.nanoTime();
            SharedServices services = SharedServices.bootstrap(config);
            total += System.nanoTime() - start;
            look.applyAsLong(services.report());
            services.close();
        }
        return total;
    }

    /** Runs the init script once; returns how long the subprocess took, start to exit. */
    private long script() throws IOException, InterruptedException {
        PostgresSettings admin = postgres.settings();
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", SCRIPT).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("PATH", psql.orElseThrow().getParent() + File.pathSeparator + env.getOrDefault("PATH", ""));
        env.put("POSTGRES_MULTIPLE_DATABASES", String.join(",", DATABASES));
        env.put("POSTGRES_USER", admin.user());
        env.put("PGPASSWORD", admin.password());
        env.put("PGHOST", admin.host());
        env.put("PGPORT", Integer.toString(admin.port()));
        long start = System.nanoTime();
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the init script failed: " + new String(output, StandardCharsets.UTF_8));
        }
        return System.nanoTime() - start;
    }

    /** Something to run once while the server logs every statement and login. */
    private interface Run {
        long run() throws Exception;
    }

    /** The variant's row: its timings, and the statements and logins of one more run with the server logging. */
    private Measured logged(String what, long[] nanos, Run once) throws Exception {
        setLogging("all", "on");
        long before = Files.size(postgres.serverLog());
        once.run();
        long after = Files.size(postgres.serverLog());
        setLogging("none", "off");
        byte[] bytes = Files.readAllBytes(postgres.serverLog());
        String log = new String(bytes, (int) before, (int) (after - before), StandardCharsets.UTF_8);
        long statements = log.lines().filter(line -> line.contains("LOG:  statement:") || line.contains("LOG:  execute"))
                .count();
        long logins = log.lines().filter(line -> line.contains("LOG:  connection authorized")).count();
        if (Boolean.getBoolean("benchmark.verbose")) {
            System.out.println("-- " + what + ": what the server logged");
            log.lines().filter(line -> line.contains("LOG:  ")).forEach(System.out::println);
        }
        return new Measured(what, sorted(nanos), statements, logins);
    }

    /** Switches statement and connection logging (superuser settings) for sessions that start after it. */
    private void setLogging(String statements, String connections) throws SQLException, InterruptedException {
        PostgresSettings admin = postgres.settings();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET log_statement = '" + statements + "'");
            statement.execute("ALTER SYSTEM SET log_connections = " + connections);
            statement.execute("SELECT pg_reload_conf()");
        }
        TimeUnit.MILLISECONDS.sleep(200); // the postmaster re-reads its configuration asynchronously
    }

    private static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    private void print(List<Measured> rows, int runs, String version, long[] waits, long[] checks) {
        System.out.printf(Locale.ROOT, "%nWarm start of %d existing services (%s) on embedded PostgreSQL %s,"
                + " %d runs each after %d warm-up runs, %d cores%n%n", DATABASES.size(), String.join(", ", DATABASES),
                version, runs, WARM_UP, Runtime.getRuntime().availableProcessors());
        System.out.println("| what | median | p90 | statements | logins | script median / this median |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        long baseline = psql.isPresent() ? rows.get(0).median() : 0;
        for (Measured row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %d | %d | %s |%n", row.what(), millis(row.median()),
                    millis(row.p90()), row.statements(), row.logins(),
                    baseline == 0 ? "n/a" : String.format(Locale.ROOT, "%.1fx", (double) baseline / row.median()));
        }
        System.out.printf(Locale.ROOT, "%nInside bootstrap x2 without pool, medians: wait %s (a login and the"
                + " readiness query, per service), provision %s (a login and the one check query).%n",
                millis(waits[waits.length / 2]), millis(checks[checks.length / 2]));
        if (baseline != 0) {
            double ratio = (double) baseline / rows.get(1).median();
            System.out.printf(Locale.ROOT, "Target: at least %.0fx faster than the script, at most 3 statements per"
                    + " service on the warm path besides Flyway and the pool: %.1fx, %d statements for %d services"
                    + " (%s).%n", TARGET_RATIO, ratio, rows.get(1).statements(), DATABASES.size(),
                    ratio >= TARGET_RATIO ? "ratio met" : "ratio NOT met");
        }
        System.out.printf("%nRerun: %s%n", COMMAND);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
