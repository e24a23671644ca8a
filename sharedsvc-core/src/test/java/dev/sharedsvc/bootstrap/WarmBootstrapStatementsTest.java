package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** Runs on a server of its own that logs every statement, to count what a warm bootstrap sends. */
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
    void aWarmBootstrapSendsTheReadinessProbeAndOneQueryInEnsureAndVerifyMode() throws IOException {
        PostgresSettings admin = postgres.settings();
        SharedServicesConfig ensure = config("warm").adminUser(admin.user()).adminPassword(Secret.of(admin.password()))
                .build();
        SharedServices.bootstrap(ensure).close();

        for (SharedServicesConfig config : List.of(ensure, config("warm").build())) {
            long before = Files.size(postgres.serverLog());

            SharedServices.bootstrap(config).close();

            List<String> statements = statements(postgres.serverLog(), before);
            assertThat(statements).as(config.mode() + ": " + statements).hasSize(2);
            assertThat(statements.get(0)).contains("SELECT pg_postmaster_start_time(), pg_is_in_recovery()");
            assertThat(statements.get(1)).contains("FROM pg_roles r, pg_database d");
        }
    }

    /** The statements the server logged after its log had {@code fromByte} bytes. */
    private static List<String> statements(Path log, long fromByte) throws IOException {
        return TestDatabases.tail(log, fromByte).lines()
                .filter(line -> line.contains("LOG:  statement:") || line.contains("LOG:  execute"))
                .collect(Collectors.toList());
    }
}
