package dev.sharedsvc.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;

import dev.sharedsvc.bootstrap.BootstrapReport;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.ServiceCheck;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisLayout;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Start-up cost against its physical floor, one measurement per command, each side by side with its floor in one
 * interleaved run (ours, floor, ours, floor, ...) on embedded servers, medians and the ratio printed:
 * <ul>
 *   <li>{@code login}: a warm {@link SharedServices#bootstrap} of one existing service (ensure and verify mode, no
 *       pool, no Redis, no migrations; then with a pool of 10) against one bare pgjdbc login + {@code SELECT 1} +
 *       close as the service. Goals: at most 1.15x without a pool, 1.3x with one.</li>
 *   <li>{@code flyway}: the warm migrate phase (Flyway as bootstrap configures and runs it, nothing pending, as the
 *       bootstrap's report times it) for 3, 30 and 300 migrations against one login + one read of
 *       {@code flyway_schema_history} + the scan of the location; and plain Flyway with its defaults beside it:
 *       {@code migrate()}, {@code configure().load()} and {@code validate()} alone.</li>
 *   <li>{@code redis}: the Redis phase of a warm bootstrap (one client for the server check and two purposes'
 *       connections; the bootstrap with Redis minus the same bootstrap without) against one bare Lettuce client,
 *       connect, {@code PING}, shutdown; the first run in the JVM is printed apart.</li>
 *   <li>{@code scale}: a warm ensure ({@link PostgresAdmin#ensure} of an existing service) and a warm bootstrap on a
 *       server holding 1,000 other databases and 1,000 other roles against the same on an empty server. Goal: at
 *       most 1.2x.</li>
 *   <li>{@code cli}: {@code sharedsvc-cli wait} and a warm {@code ensure} as whole processes, through the launcher
 *       and as a plain {@code java -jar}, against {@code pg_isready} and the seed's psql script (build the command
 *       line first: {@code ./mvnw -o -q -pl sharedsvc-cli -am package -DskipTests}). Goal: ensure within 1.5x.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.StartupFloorBenchmark -Dexec.args="login 50"
 * </pre>
 * The first argument picks the measurement (login, flyway, redis, scale, cli), the second the measured runs of each side
 * (default 50 for login and redis, 20 for flyway and scale), after 5 warm-up runs.
 */
public final class StartupFloorBenchmark {

    private static final String COMMAND = "./mvnw -q -pl benchmarks -am package -DskipTests exec:java"
            + " -Dexec.mainClass=dev.sharedsvc.benchmarks.StartupFloorBenchmark -Dexec.args=\"%s %d\"";
    private static final int WARM_UP = 5;
    private static final String PASSWORD = "floor-Benchmark-1";

    /** One side of a comparison: something timed once per call. */
    private interface Side {
        void run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        String which = args.length > 0 ? args[0] : "login";
        int runs = args.length > 1 ? Integer.parseInt(args[1])
                : which.equals("flyway") || which.equals("scale") ? 20 : 50;
        System.out.printf(Locale.ROOT, "%s, %d runs each after %d warm-up runs, interleaved, %d cores, Java %s%n%n",
                which, runs, WARM_UP, Runtime.getRuntime().availableProcessors(), Runtime.version());
        switch (which) {
            case "login" -> login(runs);
            case "flyway" -> flyway(runs);
            case "redis" -> redis(runs);
            case "scale" -> scale(runs);
            case "cli" -> cli(runs);
            default -> throw new IllegalArgumentException("unknown measurement " + which
                    + "; choose login, flyway, redis, scale or cli");
        }
        System.out.printf("%nRerun: " + COMMAND + "%n", which, runs);
    }

    // ---- login ------------------------------------------------------------------------------------------------

    private static void login(int runs) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            PostgresSettings admin = postgres.settings();
            SharedServicesConfig ensure = ensure(admin, "warm").poolSize(0).build();
            SharedServicesConfig verify = service(admin, "warm").mode(Mode.VERIFY).poolSize(0).build();
            SharedServicesConfig pooled = ensure(admin, "warm").poolSize(10).build();
            SharedServices.bootstrap(ensure).close();
            Side floor = () -> bareLogin(admin.jdbcUrl("warm"), "warm");
            Map<String, Side> sides = new LinkedHashMap<>();
            sides.put("one bare pgjdbc login + SELECT 1 (floor)", floor);
            sides.put("the same login + the probe's query + ServiceCheck.on (what bootstrap sends)", () -> {
                try (Connection connection = DriverManager.getConnection(admin.jdbcUrl("warm"), "warm", PASSWORD);
                     Statement statement = connection.createStatement();
                     ResultSet rs = statement.executeQuery("SELECT pg_postmaster_start_time(), pg_is_in_recovery()")) {
                    rs.next();
                    ServiceCheck.on(connection, PostgresServer.parse(admin.jdbcUrl()), ensure.serviceDatabase());
                }
            });
            sides.put("bootstrap, ensure, no pool", () -> SharedServices.bootstrap(ensure).close());
            sides.put("bootstrap, verify, no pool", () -> SharedServices.bootstrap(verify).close());
            sides.put("bootstrap, ensure, pool of 10 (first connection open)", () -> {
                long start = System.nanoTime();
                SharedServices services = SharedServices.bootstrap(pooled);
                long took = System.nanoTime() - start;
                services.close(); // not timed: what bootstrap returned is open
                throw new Timed(took);
            });
            Map<String, long[]> times = interleave(sides, runs);
            table(times, "one bare pgjdbc login + SELECT 1 (floor)", Map.of(
                    "bootstrap, ensure, no pool", 1.15, "bootstrap, verify, no pool", 1.15,
                    "bootstrap, ensure, pool of 10 (first connection open)", 1.3));
        }
    }

    private static void bareLogin(String jdbcUrl, String user) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
        }
    }

    private static SharedServicesConfig.Builder service(PostgresSettings admin, String name) {
        return SharedServicesConfig.builder().service(name).postgresUrl(admin.jdbcUrl())
                .password(Secret.of(PASSWORD)).waitTimeout(Duration.ofSeconds(30));
    }

    private static SharedServicesConfig.Builder ensure(PostgresSettings admin, String name) {
        return service(admin, name).adminUser(admin.user()).adminPassword(Secret.of(admin.password()));
    }

    // ---- flyway -----------------------------------------------------------------------------------------------

    private static void flyway(int runs) throws Exception {
        Path root = Files.createTempDirectory("sharedsvc-flyway-bench");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            PostgresSettings admin = postgres.settings();
            for (int count : new int[] {3, 30, 300}) {
                String name = "flyway" + count;
                Path location = migrations(root.resolve(name), count);
                SharedServicesConfig config = ensure(admin, name).poolSize(0)
                        .migrations("filesystem:" + location).build();
                SharedServices.bootstrap(config).close(); // applies them all
                String url = admin.jdbcUrl(name);
                Map<String, Side> sides = new LinkedHashMap<>();
                String floor = "floor: login + read flyway_schema_history + list the location";
                sides.put(floor, () -> {
                    try (Connection connection = DriverManager.getConnection(url, name, PASSWORD);
                         Statement statement = connection.createStatement();
                         ResultSet rs = statement.executeQuery("SELECT * FROM flyway_schema_history ORDER BY installed_rank")) {
                        while (rs.next()) {
                            rs.getString("checksum");
                        }
                    }
                    try (Stream<Path> files = Files.list(location)) {
                        files.forEach(file -> file.getFileName().toString().hashCode());
                    }
                });
                sides.put("warm migrate phase (bootstrap's Flyway, its report's time)", () -> {
                    try (SharedServices services = SharedServices.bootstrap(config)) {
                        throw new Timed(services.report().elapsed(BootstrapReport.Phase.MIGRATE).orElseThrow().toNanos());
                    }
                });
                sides.put("plain Flyway migrate(), its defaults", () -> flyway(url, name, location).migrate());
                sides.put("plain Flyway configure().load() alone", () -> flyway(url, name, location));
                sides.put("plain Flyway validate() alone", () -> flyway(url, name, location).validate());
                if (count == 3) {
                    System.out.println("A warm bootstrap with 3 migrations, no pool:");
                    printStatements(postgres, () -> SharedServices.bootstrap(config).close());
                }
                System.out.printf(Locale.ROOT, "%d migrations:%n", count);
                table(interleave(sides, runs), floor, Map.of());
                System.out.println();
            }
        } finally {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Prints the logins and statements the server logs during one run of {@code side}. */
    private static void printStatements(EmbeddedPostgres postgres, Side side) throws Exception {
        PostgresSettings admin = postgres.settings();
        setLogging(admin, "all", "on");
        long before = Files.size(postgres.serverLog());
        side.run();
        byte[] log = Files.readAllBytes(postgres.serverLog());
        setLogging(admin, "none", "off");
        String text = new String(log, (int) before, (int) (log.length - before), java.nio.charset.StandardCharsets.UTF_8);
        List<String> lines = text.lines().filter(line -> line.contains("LOG:  statement:")
                || line.contains("LOG:  execute") || line.contains("connection authorized")).toList();
        System.out.printf(Locale.ROOT, "What the server saw in one warm run (%d lines):%n", lines.size());
        lines.forEach(line -> System.out.println("  " + line.substring(line.indexOf("LOG:"))));
        System.out.println();
    }

    private static void setLogging(PostgresSettings admin, String statements, String connections) throws Exception {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET log_statement = '" + statements + "'");
            statement.execute("ALTER SYSTEM SET log_connections = " + connections);
            statement.execute("SELECT pg_reload_conf()");
        }
        Thread.sleep(200); // the postmaster re-reads its configuration asynchronously
    }

    private static Flyway flyway(String url, String user, Path location) {
        return Flyway.configure().dataSource(url, user, PASSWORD).locations("filesystem:" + location)
                .failOnMissingLocations(true).load();
    }

    private static Path migrations(Path directory, int count) throws IOException {
        Files.createDirectories(directory);
        for (int i = 1; i <= count; i++) {
            Files.writeString(directory.resolve("V" + i + "__table_" + i + ".sql"),
                    "CREATE TABLE t" + i + " (id bigint PRIMARY KEY, name text NOT NULL);\n");
        }
        return directory;
    }

    // ---- redis ------------------------------------------------------------------------------------------------

    private static void redis(int runs) throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
             EmbeddedRedis redis = EmbeddedRedis.builder().password("floor-redis").start()) {
            PostgresSettings admin = postgres.settings();
            RedisSettings settings = redis.settings();
            SharedServicesConfig without = ensure(admin, "cache").poolSize(0).build();
            SharedServicesConfig with = ensure(admin, "cache").poolSize(0).redisUrl(settings.uri())
                    .redisLayout(RedisLayout.parse("bench.cache=3, bench.broker=4")).environment("bench")
                    .redisPurposes("cache", "broker").build();
            SharedServices.bootstrap(without).close();
            RedisURI uri = RedisURI.create(settings.uri());
            // The first Lettuce client of a JVM loads Netty, Reactor and Lettuce (about 1,700 classes): the bare
            // client goes first and pays that, so the bootstrap's first shows only what it adds to it.
            long firstFloor = timed(() -> bareRedis(uri));
            long firstOurs = timed(() -> SharedServices.bootstrap(with).close());
            System.out.printf(Locale.ROOT, "First in this JVM: bare Lettuce client + connect + PING %s (loads Netty,"
                    + " Reactor and Lettuce), then the first bootstrap with Redis %s%n%n", millis(firstFloor),
                    millis(firstOurs));
            Map<String, Side> sides = new LinkedHashMap<>();
            String floor = "bare Lettuce: client, connect, PING, shutdown (floor)";
            sides.put(floor, () -> bareRedis(uri));
            sides.put("bootstrap without Redis", () -> SharedServices.bootstrap(without).close());
            sides.put("bootstrap with Redis (check + 2 purposes)", () -> SharedServices.bootstrap(with).close());
            Map<String, long[]> times = interleave(sides, runs);
            table(times, floor, Map.of());
            long phase = median(times.get("bootstrap with Redis (check + 2 purposes)"))
                    - median(times.get("bootstrap without Redis"));
            System.out.printf(Locale.ROOT, "%nRedis phase (difference of the medians): %s, %.2fx the floor%n",
                    millis(phase), (double) phase / median(times.get(floor)));
        }
    }

    private static void bareRedis(RedisURI uri) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            connection.sync().ping();
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    // ---- scale ------------------------------------------------------------------------------------------------

    private static void scale(int runs) throws Exception {
        try (EmbeddedPostgres empty = EmbeddedPostgres.builder().start();
             EmbeddedPostgres crowded = EmbeddedPostgres.builder().start()) {
            fill(crowded.settings(), 1000);
            Map<String, Side> sides = new LinkedHashMap<>();
            for (EmbeddedPostgres postgres : List.of(empty, crowded)) {
                String where = postgres == empty ? "empty server" : "1,000 other databases and roles";
                PostgresSettings admin = postgres.settings();
                SharedServicesConfig config = ensure(admin, "scaled").poolSize(0).build();
                SharedServices.bootstrap(config).close();
                sides.put("warm ensure, " + where, () -> {
                    try (PostgresAdmin connected = PostgresAdmin.connect(admin.jdbcUrl(), admin.user(),
                            Secret.of(admin.password()))) {
                        connected.ensure(config.serviceDatabase());
                    }
                });
                sides.put("warm bootstrap, " + where, () -> SharedServices.bootstrap(config).close());
            }
            Map<String, long[]> times = interleave(sides, runs);
            table(times, null, Map.of());
            for (String what : List.of("warm ensure", "warm bootstrap")) {
                double ratio = (double) median(times.get(what + ", 1,000 other databases and roles"))
                        / median(times.get(what + ", empty server"));
                System.out.printf(Locale.ROOT, "%s: crowded / empty = %.2fx (goal at most 1.2x: %s)%n", what, ratio,
                        ratio <= 1.2 ? "met" : "NOT met");
            }
        }
    }

    /** {@code count} databases, each with its own login role, as other services would have them. */
    private static void fill(PostgresSettings admin, int count) throws SQLException {
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (int i = 0; i < count; i++) {
                statement.execute("CREATE ROLE other_" + i + " LOGIN PASSWORD 'x" + i + "'");
                statement.execute("CREATE DATABASE other_" + i + " OWNER other_" + i + " STRATEGY FILE_COPY");
            }
        }
        System.out.printf(Locale.ROOT, "made %d other databases and roles in %s%n%n", count,
                millis(System.nanoTime() - start));
    }

    // ---- cli --------------------------------------------------------------------------------------------------

    /**
     * The command line as whole processes (JVM start included) against {@code pg_isready} and the seed's psql
     * script: through its launcher ({@code target/sharedsvc-cli}: its JVM options and a class-data archive), and as
     * a plain {@code java -jar} without options. Each launcher side has an archive of its own in a new directory
     * ({@code SHAREDSVC_CLI_ARCHIVE}), made by its first run, a warm-up here: no archive of an earlier run or of the
     * other command is measured.
     */
    private static void cli(int runs) throws Exception {
        Path jar = Path.of(System.getProperty("benchmark.cli.jar", "sharedsvc-cli/target/sharedsvc-cli.jar"))
                .toAbsolutePath();
        Path launcher = jar.resolveSibling("sharedsvc-cli");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            PostgresSettings admin = postgres.settings();
            SharedServices.bootstrap(ensure(admin, "cli").poolSize(0).build()).close();
            Map<String, String> env = Map.of("SHAREDSVC_POSTGRES_URL", admin.jdbcUrl(), "POSTGRES_USER", admin.user(),
                    "POSTGRES_PASSWORD", admin.password(), "PGPASSWORD", admin.password(), "SHAREDSVC_SERVICE", "cli",
                    "SHAREDSVC_POSTGRES_PASSWORD", PASSWORD, "POSTGRES_MULTIPLE_DATABASES", "cli",
                    "PGHOST", admin.host(), "PGPORT", Integer.toString(admin.port()),
                    "JAVA_HOME", System.getProperty("java.home"));
            List<String> plain = List.of(java, "-jar", jar.toString());
            Path archives = Files.createTempDirectory("sharedsvc-cli-archives");
            Map<String, String> waitEnv = withArchive(env, archives.resolve("wait.jsa"));
            Map<String, String> ensureEnv = withArchive(env, archives.resolve("ensure.jsa"));
            Map<String, Side> sides = new LinkedHashMap<>();
            sides.put("pg_isready (floor for wait)", () -> process(env, List.of("pg_isready", "-q", "-d", "postgres")));
            sides.put("sharedsvc-cli wait", () -> process(waitEnv, List.of(launcher.toString(), "wait")));
            sides.put("java -jar sharedsvc-cli.jar wait", () -> process(env, concat(plain, "wait")));
            sides.put("seed script: bash + psql (floor for ensure)", () -> process(env, List.of("bash", "-c",
                    String.join("\n", "set -eu",
                            "for db in $(echo \"$POSTGRES_MULTIPLE_DATABASES\" | tr ',' ' '); do",
                            "  psql -v ON_ERROR_STOP=1 -q --username \"$POSTGRES_USER\" --dbname postgres <<EOSQL",
                            "SELECT 'CREATE DATABASE $db' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db')\\gexec",
                            "EOSQL", "done"))));
            sides.put("sharedsvc-cli ensure (warm)", () -> process(ensureEnv, List.of(launcher.toString(), "ensure")));
            sides.put("java -jar sharedsvc-cli.jar ensure (warm)", () -> process(env, concat(plain, "ensure")));
            System.out.printf("The launcher: %s (JVM options -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto and"
                    + " its class-data archive)%n%n", launcher);
            Map<String, long[]> times;
            try {
                times = interleave(sides, runs);
                System.out.printf("Class-data archives made by the warm-up: wait %s, ensure %s%n%n",
                        Files.exists(archives.resolve("wait.jsa")), Files.exists(archives.resolve("ensure.jsa")));
            } finally {
                try (var files = Files.list(archives)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(archives);
            }
            table(times, null, Map.of());
            System.out.println();
            for (String[] pair : new String[][] {{"sharedsvc-cli wait", "pg_isready (floor for wait)"},
                    {"java -jar sharedsvc-cli.jar wait", "pg_isready (floor for wait)"},
                    {"sharedsvc-cli ensure (warm)", "seed script: bash + psql (floor for ensure)"},
                    {"java -jar sharedsvc-cli.jar ensure (warm)", "seed script: bash + psql (floor for ensure)"}}) {
                System.out.printf(Locale.ROOT, "%s / %s = %.2fx%s%n", pair[0], pair[1],
                        (double) median(times.get(pair[0])) / median(times.get(pair[1])),
                        pair[0].startsWith("sharedsvc-cli ensure") ? " (goal at most 1.5x)" : "");
            }
        }
    }

    private static Map<String, String> withArchive(Map<String, String> env, Path archive) {
        Map<String, String> with = new HashMap<>(env);
        with.put("SHAREDSVC_CLI_ARCHIVE", archive.toString());
        return with;
    }

    private static List<String> concat(List<String> command, String argument) {
        List<String> all = new ArrayList<>(command);
        all.add(argument);
        return all;
    }

    private static void process(Map<String, String> env, List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(command.get(command.size() - 1) + " failed: "
                    + new String(output, java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    // ---- measuring ------------------------------------------------------------------------------------------

    /** A side that times only part of itself throws this with what it timed. */
    private static final class Timed extends RuntimeException {
        private final long nanos;

        Timed(long nanos) {
            super(null, null, false, false);
            this.nanos = nanos;
        }
    }

    private static long timed(Side side) throws Exception {
        long start = System.nanoTime();
        try {
            side.run();
        } catch (Timed timed) {
            return timed.nanos;
        }
        return System.nanoTime() - start;
    }

    /** Every side once per round, in turn, {@link #WARM_UP} rounds not counted; the times sorted per side. */
    private static Map<String, long[]> interleave(Map<String, Side> sides, int runs) throws Exception {
        Map<String, long[]> times = new LinkedHashMap<>();
        sides.keySet().forEach(what -> times.put(what, new long[runs]));
        for (int round = -WARM_UP; round < runs; round++) {
            for (Map.Entry<String, Side> side : sides.entrySet()) {
                long nanos = timed(side.getValue());
                if (round >= 0) {
                    times.get(side.getKey())[round] = nanos;
                }
            }
        }
        times.values().forEach(Arrays::sort);
        return times;
    }

    private static void table(Map<String, long[]> times, String floor, Map<String, Double> goals) {
        System.out.println("| what | median | p90 | median / floor | goal |");
        System.out.println("|---|---:|---:|---:|---|");
        long base = floor == null ? 0 : median(times.get(floor));
        List<String> rows = new ArrayList<>(times.keySet());
        for (String what : rows) {
            long[] nanos = times.get(what);
            double ratio = base == 0 ? 0 : (double) median(nanos) / base;
            Double goal = goals.get(what);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", what, millis(median(nanos)),
                    millis(nanos[(int) Math.min(nanos.length - 1, Math.round(nanos.length * 0.9))]),
                    base == 0 ? "" : String.format(Locale.ROOT, "%.2fx", ratio),
                    goal == null ? "" : String.format(Locale.ROOT, "<= %.2fx: %s", goal, ratio <= goal ? "met" : "NOT met"));
        }
    }

    private static long median(long[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
