package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPgBouncer;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.postgres.TestDatabases;

/**
 * Issue 13, reproduction 2: endpoints by duty. The administrator, the provisioning lock and the migrations go to the
 * server directly ({@code postgres.url}); the service's pool and health checks through PgBouncer in transaction mode
 * ({@code postgres.pooled-url}). Which way a session came in is read off the server: the pooler marks each server
 * connection it opens ({@code connect_query}: {@code sharedsvc_test.via = 'pgbouncer'}), and the first migration
 * records what its own session says.
 */
@Tag("deployment")
class PooledEndpointTest {

    private static final String PASSWORD = "Pooled-Endpoint-1";

    private static EmbeddedPgBouncer bouncer;
    private final String name = TestDatabases.uniqueName("pooled");

    @BeforeAll
    static void start() {
        bouncer = EmbeddedPgBouncer.builder(TestServers.postgres())
                .connectQuery("SET sharedsvc_test.via = 'pgbouncer'").start();
    }

    @AfterAll
    static void stop() {
        if (bouncer != null) {
            bouncer.close();
        }
    }

    @AfterEach
    void drop() throws SQLException {
        TestDatabases.drop(ServiceDatabase.builder(name).build());
    }

    private SharedServicesConfig.Builder directAndPooled() {
        PostgresSettings direct = TestServers.postgres();
        return SharedServicesConfig.builder().service(name).postgresUrl(direct.jdbcUrl())
                .pooledUrl(bouncer.settings().jdbcUrl()).password(Secret.of(PASSWORD)).adminUser(direct.user())
                .adminPassword(Secret.of(direct.password())).migrations("classpath:db/witness")
                .waitTimeout(Duration.ofSeconds(30));
    }

    /** What a session says about its way in: {@code pgbouncer} when it came through the pooler, else empty. */
    private static String via(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT coalesce(current_setting('sharedsvc_test.via', true), '')")) {
            row.next();
            return row.getString(1);
        }
    }

    /** What the session that ran the first migration said about its way in. */
    private String migrationVia() throws SQLException {
        try (Connection connection = TestDatabases.login(name, name, PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT via FROM migration_witness")) {
            row.next();
            return row.getString(1);
        }
    }

    @Test
    void provisionsAndMigratesDirectlyWhileThePoolAndHealthGoThroughThePooler() throws Exception {
        try (SharedServices services = SharedServices.bootstrap(directAndPooled().poolSize(2).build())) {
            assertThat(services.report().changed()).as("provisioned by the administrator, directly").isTrue();
            try (Connection pooled = services.dataSource().getConnection()) {
                assertThat(via(pooled)).as("the pool's connection came through PgBouncer").isEqualTo("pgbouncer");
                assertThat(pooled.unwrap(PGConnection.class).getPrepareThreshold()).as("prepareThreshold")
                        .isZero();
            }
            assertThat(migrationVia()).as("Flyway connected directly").isEmpty();
            assertThat(services.report().toString()).contains("through the pooler", "postgresql 127.0.0.1:"
                    + bouncer.port() + "/" + name);

            ServiceProbes probes = services.probes();
            assertThat(probes.postgres().name()).isEqualTo("postgresql 127.0.0.1:" + bouncer.port() + "/" + name);
            assertThat(probes.direct()).hasValueSatisfying(direct -> assertThat(direct.name())
                    .isEqualTo("postgresql " + TestServers.postgres().host() + ":" + TestServers.postgres().port()
                            + "/" + name));
            assertThat(probes.postgres().check(Duration.ofSeconds(5)).state()).isEqualTo(ProbeState.READY);
        }
    }

    @Test
    void aPoolerThatDoesNotAnswerStopsTheStartAfterTheWaitWithNoPoolLeftOpen() throws Exception {
        int nobody;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            nobody = socket.getLocalPort();
        }
        SharedServicesConfig config = directAndPooled().pooledUrl("jdbc:postgresql://127.0.0.1:" + nobody + "/postgres")
                .waitTimeout(Duration.ofSeconds(2)).poolSize(1).build();

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(BootstrapException.class,
                () -> SharedServices.bootstrap(config)))
                .satisfies(failure -> assertThat(failure.phase()).isEqualTo(BootstrapReport.Phase.POOL))
                .hasMessageContaining("failed in pool")
                .hasMessageContaining("postgresql 127.0.0.1:" + nobody + "/" + name);
        // The wait's kept login is closed (a backend ends a moment after its client leaves) and no pool was started.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"0".equals(sessions()) && System.nanoTime() - deadline < 0) {
            Thread.sleep(20);
        }
        assertThat(sessions()).as("no connection of the service left open").isEqualTo("0");
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).as("no pool's threads")
                .noneMatch(thread -> thread.startsWith("sharedsvc-" + name));
    }

    private String sessions() throws SQLException {
        return TestDatabases.queryAsAdmin("SELECT count(*) FROM pg_stat_activity WHERE usename = ?", name);
    }

    @Test
    void threeConcurrentBootstrapsOfANewServiceMigrateItOnce() throws Exception {
        SharedServicesConfig config = directAndPooled().poolSize(1).build();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        List<SharedServices> started = new ArrayList<>();
        try {
            List<Future<SharedServices>> runs = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                runs.add(threads.submit(() -> {
                    go.await();
                    return SharedServices.bootstrap(config);
                }));
            }
            go.countDown();
            for (Future<SharedServices> run : runs) {
                started.add(run.get(120, TimeUnit.SECONDS));
            }
            assertThat(started).extracting(services -> services.report().migrationsApplied())
                    .as("one start applies both migrations, the others find them applied")
                    .containsExactlyInAnyOrder(2, 0, 0);
            try (Connection connection = TestDatabases.login(name, name, PASSWORD);
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT version, success, (SELECT count(*) FROM"
                         + " migration_witness), (SELECT count(*) FROM information_schema.columns WHERE column_name"
                         + " = 'note' AND table_name = 'migration_witness') FROM flyway_schema_history"
                         + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
                List<String> history = new ArrayList<>();
                while (rows.next()) {
                    history.add(rows.getString(1) + " " + rows.getBoolean(2) + " " + rows.getInt(3) + " "
                            + rows.getInt(4));
                }
                assertThat(history).containsExactly("1 true 1 1", "2 true 1 1");
            }
            for (SharedServices services : started) {
                try (Connection pooled = services.dataSource().getConnection()) {
                    assertThat(via(pooled)).isEqualTo("pgbouncer");
                }
            }
        } finally {
            started.forEach(SharedServices::close);
            threads.shutdownNow();
        }
    }
}
