package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.admin;
import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.login;
import static dev.sharedsvc.postgres.TestDatabases.queryAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.embedded.PostgresSettings;

/** Rotating the application password of a service with roles by duty, with its pool running. */
class PasswordRotationTest {

    private static final String OWNER = "owner-Password-1";
    private static final String OLD = "old-App-Password-1";
    private static final String NEW = "new-App-Password-2";

    private PostgresAdmin admin;
    private String name;
    private ServiceDatabase before;
    private ServiceDatabase after;

    @BeforeEach
    void ensure() throws SQLException {
        admin = admin();
        name = uniqueName("rot");
        before = service(OLD);
        after = service(NEW);
        admin.ensure(before);
        try (Connection owner = login(name, name, OWNER); Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE hit (id bigserial PRIMARY KEY, at timestamptz DEFAULT now())");
        }
    }

    private ServiceDatabase service(String applicationPassword) {
        return ServiceDatabase.builder(name).password(Secret.of(OWNER)).applicationRole(Secret.of(applicationPassword))
                .build();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        admin.close();
        drop(before);
    }

    private static String url() {
        return TestDatabases.server().jdbcUrl();
    }

    private String first() {
        return before.applicationLogins().get(0);
    }

    private String second() {
        return before.applicationLogins().get(1);
    }

    private HikariDataSource pool(ServiceDatabase service) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(TestDatabases.server().jdbcUrl(name));
        config.setUsername(PasswordRotation.applicationLogin(url(), service));
        config.setPassword(service.applicationPassword().orElseThrow().reveal());
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("ApplicationName", "rotation-test");
        return new HikariDataSource(config);
    }

    private static String loginState(String database, String role, String password) {
        try (Connection ignored = login(database, role, password)) {
            return "works";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void requestsKeepSucceedingWhileThePoolMovesAndTheOldPasswordStopsWorking() throws Exception {
        AtomicInteger served = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        try (HikariDataSource pool = pool(before)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(load.submit(() -> {
                    while (running.get()) {
                        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                            statement.execute("INSERT INTO hit DEFAULT VALUES");
                            served.incrementAndGet();
                        } catch (SQLException | RuntimeException e) {
                            failure.compareAndSet(null, e);
                        }
                    }
                }));
            }
            awaitServed(served, 50);
            PasswordRotation rotation = PasswordRotation.of(admin, after);

            PasswordRotation.Result begun = rotation.begin(Secret.of(NEW));
            assertThat(begun.stage()).isEqualTo(PasswordRotation.Stage.BEGUN);
            assertThat(loginState(name, first(), OLD)).as("old password during the rotation").isEqualTo("works");
            assertThat(loginState(name, second(), NEW)).as("new password during the rotation").isEqualTo("works");
            awaitServed(served, served.get() + 50);
            assertThat(PasswordRotation.movePool(pool, url(), after)).isEqualTo(second());
            PasswordRotation.Result finished = rotation.finish(Secret.of(NEW), Duration.ofSeconds(30));
            awaitServed(served, served.get() + 50);
            running.set(false);
            for (Future<?> worker : workers) {
                worker.get(30, TimeUnit.SECONDS);
            }

            assertThat(failure.get()).as("a request failed during the rotation").isNull();
            assertThat(finished.stage()).isEqualTo(PasswordRotation.Stage.FINISHED);
            assertThat(finished.toString()).doesNotContain(NEW).doesNotContain(OLD);
            assertThat(queryAsAdmin("SELECT string_agg(DISTINCT usename, ',') FROM pg_stat_activity"
                    + " WHERE application_name = 'rotation-test'")).isEqualTo(second());
            assertThat(loginState(name, first(), OLD)).as("old password after the rotation").isEqualTo("28P01");
            assertThat(loginState(name, second(), NEW)).isEqualTo("works");
            assertThat(admin.ensure(after).actions()).as("ensure with the new password after it").isEmpty();
        } finally {
            running.set(false);
            load.shutdownNow();
        }
    }

    private static void awaitServed(AtomicInteger served, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (served.get() < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(served.get()).as("requests served").isGreaterThanOrEqualTo(atLeast);
    }

    @Test
    void theNextRotationAlternatesBackToTheFirstLoginAndRunningItAgainChangesNothing() {
        PasswordRotation.of(admin, after).rotate(Secret.of(NEW), Duration.ofSeconds(5));
        ServiceDatabase third = service("third-App-Password-3");

        PasswordRotation.Result result = PasswordRotation.of(admin, third).rotate(Secret.of("third-App-Password-3"),
                Duration.ofSeconds(5));

        assertThat(result.newLogin()).isEqualTo(first());
        assertThat(loginState(name, first(), "third-App-Password-3")).isEqualTo("works");
        assertThat(loginState(name, second(), NEW)).isEqualTo("28P01");
        assertThat(PasswordRotation.of(admin, third).rotate(Secret.of("third-App-Password-3"), Duration.ofSeconds(5))
                .actions()).isEmpty();
    }

    @Test
    void finishingWhileTheOldLoginIsInUseRetiresNothingAndSaysWhy() throws SQLException {
        PasswordRotation rotation = PasswordRotation.of(admin, after);
        rotation.begin(Secret.of(NEW));
        try (Connection old = login(name, first(), OLD)) {
            assertThatThrownBy(() -> rotation.finish(Secret.of(NEW), Duration.ofMillis(300)))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("1 session(s) of PostgreSQL JDBC Driver still use the old login " + first())
                    .hasMessageContaining("nothing was retired");
        }
        assertThat(loginState(name, first(), OLD)).isEqualTo("works");
    }

    @Test
    void aRotationKilledHalfwayIsFinishedByRunningItAgain() throws Exception {
        Process killed = startRotationAndKillIt();

        assertThat(killed.exitValue()).isNotZero();
        assertThat(PasswordRotation.of(admin, after).stage(Secret.of(NEW))).isEqualTo(PasswordRotation.Stage.BEGUN);
        assertThat(admin.plan(after).warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("rotation is under way or was interrupted"));

        PasswordRotation.Result again = PasswordRotation.of(admin, after).rotate(Secret.of(NEW), Duration.ofSeconds(10));

        assertThat(again.stage()).isEqualTo(PasswordRotation.Stage.FINISHED);
        assertThat(loginState(name, first(), OLD)).isEqualTo("28P01");
        assertThat(loginState(name, second(), NEW)).isEqualTo("works");
    }

    @Test
    void aRotationKilledHalfwayIsRolledBackByRunningTheRollback() throws Exception {
        startRotationAndKillIt();

        PasswordRotation.Result rolledBack = PasswordRotation.of(admin, after).rollback(Secret.of(NEW));

        assertThat(rolledBack.stage()).isEqualTo(PasswordRotation.Stage.NOT_BEGUN);
        assertThat(loginState(name, first(), OLD)).isEqualTo("works");
        assertThat(loginState(name, second(), NEW)).isEqualTo("28P01");
        assertThat(admin.ensure(before).actions()).isEmpty();
        assertThat(PasswordRotation.of(admin, after).rollback(Secret.of(NEW)).actions()).isEmpty();
    }

    @Test
    void aServiceWithOneRoleIsToldRotationNeedsRolesByDuty() {
        ServiceDatabase single = ServiceDatabase.builder(name).password(Secret.of(OWNER)).build();

        assertThatThrownBy(() -> PasswordRotation.of(admin, single))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs roles by duty");
    }

    /** Starts a rotation in a JVM of its own, waits until it has begun (its pool is held by an old session), kills it. */
    private Process startRotationAndKillIt() throws Exception {
        PostgresSettings server = TestDatabases.server();
        try (Connection old = login(name, first(), OLD)) {
            ProcessBuilder builder = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), RotationRun.class.getName(), server.jdbcUrl(), server.user(),
                    name)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(RotationRun.ADMIN_PASSWORD, server.password());
            builder.environment().put(RotationRun.NEW_PASSWORD, NEW);
            Process child = builder.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (PasswordRotation.of(admin, after).stage(Secret.of(NEW)) != PasswordRotation.Stage.BEGUN) {
                assertThat(System.nanoTime()).as("the child began the rotation in time").isLessThan(deadline);
                assertThat(child.isAlive()).as("the child is still running").isTrue();
                Thread.sleep(100);
            }
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            return child;
        }
    }
}
