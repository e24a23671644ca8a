package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.TestDatabases;

/** Runs on a server of its own that logs every statement and login, to count what a warm bootstrap sends. */
class WarmBootstrapStatementsTest {

    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = TestDatabases.startLoggingEveryStatement();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    private static SharedServicesConfig.Builder config(String service) {
        PostgresSettings admin = postgres.settings();
        return SharedServicesConfig.builder().service(service).postgresUrl(admin.jdbcUrl())
                .password(Secret.of("warm-Password-1")).extensions("pgcrypto").schemas("app").poolSize(0)
                .waitTimeout(Duration.ofSeconds(20));
    }

    @Test
    void aWarmBootstrapLogsInOnceAndSendsTheReadinessProbeAndOneQueryInEnsureAndVerifyMode() throws IOException {
        PostgresSettings admin = postgres.settings();
        SharedServicesConfig ensure = config("warm").adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .build();
        SharedServices.bootstrap(ensure).close();

        for (SharedServicesConfig config : List.of(ensure, config("warm").build())) {
            long before = Files.size(postgres.serverLog());

            SharedServices.bootstrap(config).close();

            String log = TestDatabases.tail(postgres.serverLog(), before);
            List<String> statements = statements(log);
            assertThat(statements).as(config.mode() + ": " + statements).hasSize(2);
            assertThat(statements.get(0)).contains("SELECT pg_postmaster_start_time(), pg_is_in_recovery()");
            assertThat(statements.get(1)).contains("FROM pg_roles r, pg_database d");
            assertThat(logins(log)).as(config.mode() + ": the readiness probe's login is the check's")
                    .containsExactly("user=warm database=warm");
        }
    }

    @Test
    void thePoolTakesOverTheProbesLoginAsItsFirstConnection() throws IOException {
        PostgresSettings admin = postgres.settings();
        SharedServicesConfig withPool = config("pooled").adminUser(admin.user())
                .adminPassword(Secret.of(admin.password())).poolSize(2).build();
        SharedServices.bootstrap(withPool).close();
        long before = Files.size(postgres.serverLog());

        try (SharedServices services = SharedServices.bootstrap(withPool)) {
            String log = TestDatabases.tail(postgres.serverLog(), before);
            assertThat(logins(log)).as("one login, which the pool now holds").containsExactly("user=pooled database=pooled");
            assertThat(services.dataSource().getConnection()).satisfies(connection -> {
                try (connection) {
                    assertThat(connection.getMetaData().getUserName()).isEqualTo("pooled");
                }
            });
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withStableProbesEveryProbeLogsInAndTheCheckUsesTheLastOnesLogin() throws IOException {
        PostgresSettings admin = postgres.settings();
        SharedServicesConfig stable = config("stable").adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .waitStableCount(3).waitStableSpacing(Duration.ofMillis(10)).build();
        SharedServices.bootstrap(stable).close();
        long before = Files.size(postgres.serverLog());

        SharedServices.bootstrap(stable).close();

        String log = TestDatabases.tail(postgres.serverLog(), before);
        assertThat(logins(log)).hasSize(3).containsOnly("user=stable database=stable");
        assertThat(statements(log)).hasSize(4).last().asString().contains("FROM pg_roles r, pg_database d");
    }

    @Test
    void aColdStartInEnsureModeFallsBackToTheAdministratorAfterTheServicesLoginIsRefused() throws IOException {
        PostgresSettings admin = postgres.settings();
        long before = Files.size(postgres.serverLog());

        SharedServices.bootstrap(config("cold").adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .build()).close();

        String log = TestDatabases.tail(postgres.serverLog(), before);
        assertThat(log).contains("password authentication failed for user \"cold\"");
        assertThat(logins(log)).contains("user=" + admin.user() + " database=postgres", "user=cold database=cold");
    }

    /** The statements in a piece of the server log. */
    private static List<String> statements(String log) {
        return log.lines().filter(line -> line.contains("LOG:  statement:") || line.contains("LOG:  execute"))
                .collect(Collectors.toList());
    }

    /** The logins in a piece of the server log, as {@code user=x database=y}. */
    private static List<String> logins(String log) {
        return log.lines().filter(line -> line.contains("LOG:  connection authorized:"))
                .map(line -> line.substring(line.indexOf("user=")))
                .map(line -> line.replaceAll("^(user=\\S+ database=\\S+).*$", "$1"))
                .collect(Collectors.toList());
    }
}
