package dev.sharedsvc.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.Flyway;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.CopyStrategy;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantPool;
import dev.sharedsvc.tenant.TenantTemplate;

/**
 * How long a test waits for a migrated database of its own, on one embedded PostgreSQL and a 30-migration schema
 * (26 tables with foreign keys and indexes, seed rows, a view, a function):
 *
 * <ol type="a">
 *   <li>create a database and role (provisioning) and run the 30 migrations, per test;</li>
 *   <li>copy the migrated template per test, without a pool ({@code TenantPool} of size 0, copies only);</li>
 *   <li>take a tenant from the warm pool (released tenants reset, the default); sustained: taken and released back
 *       to back, with resets ("recycling") and with copies only;</li>
 *   <li>the raw floor: {@code CREATE DATABASE ... TEMPLATE} alone in a loop, the fastest any copy can be, for both
 *       strategies alternating;</li>
 *   <li>the workload of issue 16: tests whose body writes a row, asserts it is the only one and lasts
 *       {@code tenants.body} ms in all (default 41), one after another; wall time per test with the recycling pool
 *       and with the copies-only pool, in alternating rounds.</li>
 * </ol>
 *
 * <p>Acquire latency is measured per test, where a "test" opens a connection, runs a query and lasts
 * {@value #TEST_MILLIS} ms in all. Sustained throughput is tests one after another for (a) and (b), tenants taken
 * and released back to back for (c) (making and dropping them both count), and copies per second of copy time for
 * (d); (c) and (d) run in alternating rounds so that other load on the machine weighs on both alike. Run:
 * <pre>
 * ./mvnw -q install -DskipTests &amp;&amp; ./mvnw -q -f benchmarks exec:java -Dexec.mainClass=dev.sharedsvc.benchmarks.TenantBenchmark
 * </pre>
 * Optional: {@code -Dtenants.strategy=FILE_COPY}, {@code -Dtenants.size=4}, {@code -Dtenants.version=16},
 * {@code -Dtenants.body=41}, {@code -Dtenants.tests=100} (workload tests per mode and round).
 */
public final class TenantBenchmark {

    private static final String MIGRATIONS = "classpath:db/benchmark";
    private static final int MIGRATE_TESTS = 10;
    private static final int CLONE_TESTS = 30;
    private static final int POOL_TESTS = 60;
    private static final int ROUNDS = 3;
    private static final int SUSTAINED_TENANTS = 30;
    private static final int FLOOR_COPIES = 12;
    private static final long TEST_MILLIS = 100;
    private static final int WORKLOAD_ROUNDS = 2;

    private TenantBenchmark() {
    }

    public static void main(String[] arguments) throws Exception {
        // One line per tenant made (provisioning) and per migration run (Flyway) would bury the table.
        System.setProperty("org.slf4j.simpleLogger.log.dev.sharedsvc.postgres", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        CopyStrategy strategy = CopyStrategy.valueOf(System.getProperty("tenants.strategy", "FILE_COPY"));
        int size = Integer.getInteger("tenants.size", 4);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        if (System.getProperty("tenants.version") != null) {
            builder.version(Integer.getInteger("tenants.version"));
        }
        try (EmbeddedPostgres server = builder.start()) {
            PostgresSettings admin = server.settings();
            TenantTemplate template = TenantTemplate.builder().migrations(MIGRATIONS).build();
            List<Row> rows = new ArrayList<>();
            rows.add(migratePerTest(admin));
            String templateDatabase;
            try (TenantPool pool = pool(admin, template, strategy, 0, false)) {
                templateDatabase = pool.templateDatabase();
                rows.add(clonePerTest(pool));
            }
            long[] latencies;
            try (TenantPool pool = pool(admin, template, strategy, size)) {
                latencies = warmPoolLatencies(pool);
            }
            rows.addAll(sustained(admin, template, templateDatabase, strategy, size, latencies));
            long body = Long.getLong("tenants.body", 41);
            List<Row> workload = workload(admin, template, strategy, size, body, Integer.getInteger("tenants.tests", 100));
            print(rows, workload, server.majorVersion(), strategy, size, body);
        }
    }

    private static TenantPool pool(PostgresSettings admin, TenantTemplate template, CopyStrategy strategy, int size) {
        return pool(admin, template, strategy, size, true);
    }

    private static TenantPool pool(PostgresSettings admin, TenantTemplate template, CopyStrategy strategy, int size,
                                   boolean recycle) {
        return TenantPool.builder(admin.jdbcUrl(), admin.user(), Secret.of(admin.password()))
                .template(template).strategy(strategy).size(size).recycle(recycle).start();
    }

    /** (a): provisioning and Flyway for every test. */
    private static Row migratePerTest(PostgresSettings admin) throws SQLException {
        Secret password = Secret.of("benchmark-Password-1");
        long[] nanos = new long[MIGRATE_TESTS];
        List<String> made = new ArrayList<>();
        try (PostgresAdmin provisioning = PostgresAdmin.connect(admin.jdbcUrl(), admin.user(), Secret.of(admin.password()))) {
            long start = System.nanoTime();
            for (int i = 0; i < MIGRATE_TESTS; i++) {
                String name = "benchmark_migrated_" + i;
                long begin = System.nanoTime();
                provisioning.ensure(ServiceDatabase.builder(name).password(password).build());
                Flyway.configure().locations(MIGRATIONS).dataSource(admin.jdbcUrl(name), name, password.reveal())
                        .load().migrate();
                nanos[i] = System.nanoTime() - begin;
                made.add(name);
            }
            long elapsed = System.nanoTime() - start;
            dropAll(admin, made);
            return new Row("(a) create + migrate per test", nanos, MIGRATE_TESTS, elapsed);
        }
    }

    /** (b): each acquire copies the template in the calling thread; released tenants drop in the background. */
    private static Row clonePerTest(TenantPool pool) throws SQLException, InterruptedException {
        long[] nanos = new long[CLONE_TESTS];
        long start = System.nanoTime();
        for (int i = 0; i < CLONE_TESTS; i++) {
            nanos[i] = runTest(pool);
        }
        return new Row("(b) copy the template per test, no pool", nanos, CLONE_TESTS, System.nanoTime() - start);
    }

    /** (c): acquire latency of tests of {@value #TEST_MILLIS} ms each, once the pool is warm. */
    private static long[] warmPoolLatencies(TenantPool pool) throws SQLException, InterruptedException {
        Thread.sleep(3_000);
        long[] nanos = new long[POOL_TESTS];
        for (int i = 0; i < POOL_TESTS; i++) {
            nanos[i] = runTest(pool);
        }
        return nanos;
    }

    /**
     * (c) back to back and (d), in {@value #ROUNDS} rounds of each, so that load from elsewhere on the machine
     * weighs on both alike. A round of (d) makes {@value #FLOOR_COPIES} copies per strategy, alternating, then drops
     * them untimed; a round of (c) starts a pool, takes and releases the tenants it made ahead untimed, then times
     * {@value #SUSTAINED_TENANTS} more taken and released back to back (so making and dropping both count), and
     * closes the pool before the next round. The chosen strategy's floor comes first.
     */
    private static List<Row> sustained(PostgresSettings admin, TenantTemplate template, String templateDatabase,
                                       CopyStrategy chosen, int size, long[] latencies)
            throws SQLException {
        List<CopyStrategy> strategies = List.of(chosen,
                chosen == CopyStrategy.FILE_COPY ? CopyStrategy.WAL_LOG : CopyStrategy.FILE_COPY);
        long[][] copies = new long[2][ROUNDS * FLOOR_COPIES];
        long poolNanos = 0;
        long copyingNanos = 0;
        for (int round = 0; round < ROUNDS; round++) {
            floor(admin, templateDatabase, strategies, copies, round * FLOOR_COPIES);
            poolNanos += backToBack(admin, template, chosen, size, true);
            copyingNanos += backToBack(admin, template, chosen, size, false);
        }
        long[] none = new long[] {0};
        return List.of(new Row("(c) take from the warm pool (recycling)", latencies, ROUNDS * SUSTAINED_TENANTS, poolNanos),
                new Row("    (same, copies only: sustained rate)", none, ROUNDS * SUSTAINED_TENANTS, copyingNanos),
                new Row("(d) raw CREATE DATABASE ... TEMPLATE, " + chosen, copies[0], copies[0].length, sum(copies[0])),
                new Row("    (same, " + strategies.get(1) + ", alternating with it)", copies[1], copies[1].length,
                        sum(copies[1])));
    }

    /**
     * A pool started, the tenants it made ahead taken and released untimed, then {@value #SUSTAINED_TENANTS} more
     * taken and released back to back, timed (so making, resetting and dropping count); returns the nanoseconds.
     */
    private static long backToBack(PostgresSettings admin, TenantTemplate template, CopyStrategy strategy, int size,
                                   boolean recycle) {
        try (TenantPool pool = pool(admin, template, strategy, size, recycle)) {
            for (int i = 0; i < size; i++) {
                pool.acquire().close();
            }
            long start = System.nanoTime();
            for (int i = 0; i < SUSTAINED_TENANTS; i++) {
                pool.acquire().close();
            }
            return System.nanoTime() - start;
        }
    }

    /**
     * (e): {@code tests} tests per mode and round, one after another, each writing a row, asserting it is the only
     * one and lasting {@code body} ms; the recycling pool and the copies-only pool in alternating rounds, each pool
     * warm before its tests start. Latencies are wall time per test (acquire to release).
     */
    private static List<Row> workload(PostgresSettings admin, TenantTemplate template, CopyStrategy strategy, int size,
                                      long body, int tests) throws SQLException, InterruptedException {
        long[][] walls = new long[2][WORKLOAD_ROUNDS * tests];
        long[] elapsed = new long[2];
        for (int round = 0; round < WORKLOAD_ROUNDS; round++) {
            for (int mode = 0; mode < 2; mode++) {
                try (TenantPool pool = pool(admin, template, strategy, size, mode == 0)) {
                    Thread.sleep(2_000);
                    long start = System.nanoTime();
                    for (int i = 0; i < tests; i++) {
                        walls[mode][round * tests + i] = writeTest(pool, body);
                    }
                    elapsed[mode] += System.nanoTime() - start;
                }
            }
        }
        return List.of(new Row("(e) " + body + " ms tests writing a row, recycling", walls[0], walls[0].length, elapsed[0]),
                new Row("    (same, copies only)", walls[1], walls[1].length, elapsed[1]));
    }

    /** One test of (e): acquire, write a row, assert it is the only one, last {@code body} ms, release; wall nanos. */
    private static long writeTest(TenantPool pool, long body) throws SQLException, InterruptedException {
        long begin = System.nanoTime();
        try (Tenant tenant = pool.acquire()) {
            long bodyStart = System.nanoTime();
            try (Connection connection = tenant.dataSource().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO audit_log (actor, action) VALUES ('test', 'row')");
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM audit_log")) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        throw new IllegalStateException("tenant " + tenant.database() + " holds " + rs.getLong(1)
                                + " audit rows, not only the test's own");
                    }
                }
            }
            Thread.sleep(Math.max(0, body - (System.nanoTime() - bodyStart) / 1_000_000));
        }
        return System.nanoTime() - begin;
    }

    /** One test: acquire (timed), connect, query, last {@value #TEST_MILLIS} ms, release. Returns the acquire time. */
    private static long runTest(TenantPool pool) throws SQLException, InterruptedException {
        long begin = System.nanoTime();
        Tenant tenant = pool.acquire();
        long acquired = System.nanoTime() - begin;
        try (Connection connection = tenant.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM product")) {
            rs.next();
        }
        Thread.sleep(Math.max(0, TEST_MILLIS - (System.nanoTime() - begin) / 1_000_000));
        tenant.close();
        return acquired;
    }

    /** One round of (d): the copies alone, the strategies alternating, dropped afterwards outside the timing. */
    private static void floor(PostgresSettings admin, String template, List<CopyStrategy> strategies, long[][] copies,
                              int offset) throws SQLException {
        List<String> made = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (int i = offset; i < offset + FLOOR_COPIES; i++) {
                for (int s = 0; s < 2; s++) {
                    String name = "benchmark_floor_" + s + "_" + i;
                    long begin = System.nanoTime();
                    statement.execute("CREATE DATABASE \"" + name + "\" TEMPLATE \"" + template + "\" STRATEGY "
                            + strategies.get(s));
                    copies[s][i] = System.nanoTime() - begin;
                    made.add(name);
                }
            }
        }
        dropAll(admin, made);
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    private static void dropAll(PostgresSettings admin, List<String> names) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
                statement.execute("DROP ROLE IF EXISTS \"" + name + "\"");
            }
        }
    }

    private static void print(List<Row> rows, List<Row> workload, int version, CopyStrategy strategy, int size,
                              long body) {
        System.out.printf(Locale.ROOT, "%nTenant acquisition: 30-migration schema, embedded PostgreSQL %d, %d cores,"
                + " strategy %s, pool size %d, tests of %d ms%n%n", version, Runtime.getRuntime().availableProcessors(),
                strategy, size, TEST_MILLIS);
        System.out.printf(Locale.ROOT, "%-50s %5s %12s %12s %14s%n", "mode", "n", "median ms", "p95 ms", "tenants/s");
        for (Row row : rows) {
            System.out.printf(Locale.ROOT, "%-50s %5d %12.3f %12.3f %14.1f%n", row.label, row.latencies.length,
                    row.median(), row.p95(), row.perSecond());
        }
        for (Row row : workload) {
            System.out.printf(Locale.ROOT, "%-50s %5d %12.3f %12.3f %14.1f   mean %.1f ms/test%n", row.label,
                    row.latencies.length, row.median(), row.p95(), row.perSecond(), row.meanMillis());
        }
        System.out.printf("%ntenants/s: (a), (b) tests one after another; (c) taken and released back to back, in %d"
                + " rounds alternating with those of (d); (d) copies per second of copy time%n", ROUNDS);
        Row migrate = rows.get(0);
        Row pool = rows.get(2);
        Row copying = rows.get(3);
        Row floor = rows.get(4);
        Row other = rows.get(5);
        System.out.printf(Locale.ROOT, "%na/c, median acquire:             %,.0fx (target over 20)%n",
                migrate.median() / pool.median());
        System.out.printf(Locale.ROOT, "c/d, floor rate over pool rate:   %.2fx recycling, %.2fx copies only (target within 1.2)%n",
                floor.perSecond() / pool.perSecond(), floor.perSecond() / copying.perSecond());
        System.out.printf(Locale.ROOT, "d, %s over %s copy time (median): %.2fx%n", strategy, other.label.contains("WAL_LOG")
                ? "WAL_LOG" : "FILE_COPY", floor.median() / other.median());
        System.out.printf(Locale.ROOT, "e, mean wall per test over the body: %.2fx recycling (target at most 1.2x + 5 ms"
                + " = %.1f ms), %.2fx copies only%n", workload.get(0).meanMillis() / body, body * 1.2 + 5,
                workload.get(1).meanMillis() / body);
        System.out.printf(Locale.ROOT, "(c) median acquire:               %.3f ms (target under 2)%n", pool.median());
        System.out.printf("%nRerun: ./mvnw -q install -DskipTests && ./mvnw -q -f benchmarks exec:java"
                + " -Dexec.mainClass=dev.sharedsvc.benchmarks.TenantBenchmark%n");
    }

    /** One mode: latencies per test, and how many tenants in how long back to back. */
    private static final class Row {

        final String label;
        final long[] latencies;
        final int tenants;
        final long elapsedNanos;

        Row(String label, long[] latencies, int tenants, long elapsedNanos) {
            this.label = label;
            this.latencies = latencies.clone();
            Arrays.sort(this.latencies);
            this.tenants = tenants;
            this.elapsedNanos = elapsedNanos;
        }

        double median() {
            return latencies[latencies.length / 2] / 1e6;
        }

        double p95() {
            return latencies[(int) Math.ceil(latencies.length * 0.95) - 1] / 1e6;
        }

        double perSecond() {
            return tenants / (elapsedNanos / 1e9);
        }

        double meanMillis() {
            return Arrays.stream(latencies).average().orElse(0) / 1e6;
        }
    }
}
