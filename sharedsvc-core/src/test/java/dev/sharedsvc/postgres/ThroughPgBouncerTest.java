package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedPgBouncer;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.internal.PostgresDuty;

/**
 * Issue 13, reproductions 1 and 2: PgBouncer in transaction mode in front of the test server. The administrator's
 * work needs a session of its own, so it is refused through the pooler, clearly and before anything changes; the
 * application's connections work through it with {@link PostgresDuty#POOLED}.
 */
@Tag("deployment")
class ThroughPgBouncerTest {

    private static EmbeddedPgBouncer bouncer;

    @BeforeAll
    static void start() {
        bouncer = EmbeddedPgBouncer.builder(TestServers.postgres()).setting("default_pool_size", "1").start();
    }

    @AfterAll
    static void stop() {
        bouncer.close();
    }

    @Test
    void fourConcurrentEnsuresThroughTheTransactionPoolerAreRefusedAndNeitherChangeNorLockAnything() throws Exception {
        ServiceDatabase service = ServiceDatabase.builder(uniqueName("pooled")).password(Secret.of("pooled-Pass-1")).build();
        PostgresSettings pooled = bouncer.settings();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<ProvisioningException>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(threads.submit(() -> {
                    go.await();
                    try (PostgresAdmin admin = PostgresAdmin.connect(pooled.jdbcUrl(), pooled.user(),
                            Secret.of(pooled.password()))) {
                        admin.ensure(service);
                        return null;
                    } catch (ProvisioningException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            for (Future<ProvisioningException> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isNotNull().hasMessageContaining(
                        "is reached through a transaction pooler", "direct address", "Nothing was changed");
            }
            assertThat(TestDatabases.queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", service.owner()))
                    .isEqualTo("0");
            assertThat(TestDatabases.queryAsAdmin("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
                    .isEqualTo("0");

            PostgresSettings direct = TestServers.postgres();
            try (PostgresAdmin admin = PostgresAdmin.connect(direct.jdbcUrl(), direct.user(), Secret.of(direct.password()),
                    Duration.ofSeconds(5))) {
                assertThat(admin.ensure(service).changed()).isTrue();
            }
        } finally {
            threads.shutdownNow();
            TestDatabases.drop(service);
        }
    }

    @Test
    void anAdminOnAProbedLoginThroughTheTransactionPoolerIsRefusedToo() throws Exception {
        PostgresServer server = PostgresServer.parse(bouncer.settings().jdbcUrl());
        PostgresLogin login = PostgresLogin.password(bouncer.settings().user(), Secret.of(bouncer.settings().password()));
        Connection probed = server.connect(login);

        assertThatThrownBy(() -> PostgresAdmin.connect(server, login, probed).close())
                .isInstanceOf(ProvisioningException.class).hasMessageContaining("is reached through a transaction pooler");
        assertThat(probed.isClosed()).isTrue();
    }

    @Test
    void pooledConnectionsSharingOneServerConnectionNeedServerSidePreparedStatementsOff() throws Exception {
        PostgresSettings pooled = bouncer.settings();

        assertThatThrownBy(() -> runPreparedOnTwoClients(pooled.jdbcUrl()))
                .isInstanceOf(SQLException.class).hasMessageContaining("prepared statement");

        runPreparedOnTwoClients(PostgresDuty.POOLED.apply(PostgresServer.parse(pooled.jdbcUrl())).jdbcUrl());
    }

    private static int unusedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Two clients, one server connection (default_pool_size 1): each runs one statement often enough to prepare it. */
    private static void runPreparedOnTwoClients(String url) throws SQLException {
        PostgresSettings pooled = bouncer.settings();
        try (Connection first = DriverManager.getConnection(url, pooled.user(), pooled.password());
             Connection second = DriverManager.getConnection(url, pooled.user(), pooled.password())) {
            for (int i = 0; i < 8; i++) {
                for (Connection connection : List.of(first, second)) {
                    try (PreparedStatement statement = connection.prepareStatement("SELECT ?::int + 1")) {
                        statement.setInt(1, i);
                        try (ResultSet row = statement.executeQuery()) {
                            row.next();
                            assertThat(row.getInt(1)).isEqualTo(i + 1);
                        }
                    }
                }
            }
        }
    }

    @Test
    void pgBouncerWithoutItsServerIsRejectingWithAPoolerHintNotAPasswordOne() throws Exception {
        PostgresSettings server = TestServers.postgres();
        PostgresSettings nowhere = new PostgresSettings("127.0.0.1", unusedPort(),
                server.database(), server.user(), server.password());
        try (EmbeddedPgBouncer orphan = EmbeddedPgBouncer.builder(nowhere).setting("query_wait_timeout", "1").start()) {
            PostgresSettings pooled = orphan.settings();

            Observation observation = Probe.postgres(pooled.jdbcUrl(), pooled.user(), Secret.of(pooled.password()))
                    .check(Duration.ofSeconds(10));

            assertThat(observation.state()).as(observation.toString()).isEqualTo(ProbeState.REJECTING);
            assertThat(observation.detail()).isEqualTo("SQLSTATE 08P01 (PgBouncer): query_wait_timeout");
            assertThatThrownBy(() -> PostgresAdmin.connect(pooled.jdbcUrl(), pooled.user(), Secret.of(pooled.password())))
                    .isInstanceOf(ProvisioningException.class).hasMessageContaining("PgBouncer answers 08P01");
        }
    }
}
