package dev.sharedsvc.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.postgres.TestDatabases;

/**
 * Issue 13, reproduction 6: a migration with {@code CREATE INDEX CONCURRENTLY} used to wait forever for Flyway's own
 * lock transaction. The harness's timeout bounds the test; the index must exist and be valid.
 */
class ConcurrentIndexMigrationTest {

    private final String name = TestDatabases.uniqueName("cic");

    @AfterEach
    void drop() throws SQLException {
        TestDatabases.drop(ServiceDatabase.builder(name).build());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMigrationThatIndexesConcurrentlyCompletes() throws SQLException {
        PostgresSettings admin = TestServers.postgres();
        SharedServicesConfig config = SharedServicesConfig.builder().service(name).postgresUrl(admin.jdbcUrl())
                .password(Secret.of("Concurrent-Index-1")).adminUser(admin.user())
                .adminPassword(Secret.of(admin.password())).migrations("classpath:db/concurrently").poolSize(0)
                .waitTimeout(Duration.ofSeconds(20)).build();

        try (SharedServices services = SharedServices.bootstrap(config)) {
            assertThat(services.report().toString()).contains("applied 2 migration(s)");
        }
        try (var connection = TestDatabases.login(name, name, "Concurrent-Index-1");
             var statement = connection.createStatement();
             var row = statement.executeQuery("SELECT indisvalid FROM pg_index WHERE indexrelid = 'events_kind'::regclass")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getBoolean(1)).isTrue();
        }
    }
}
