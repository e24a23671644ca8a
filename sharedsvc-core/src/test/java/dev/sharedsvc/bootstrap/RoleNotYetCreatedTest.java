package dev.sharedsvc.bootstrap;

import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.TestDatabases;

/**
 * Issue 13, reproduction 5 (second half): a service whose role an init container creates a moment later. A
 * verify-mode start waits for the role within its deadline, as it waits for a database; a wrong password is then
 * told at the deadline, saying the role does not exist or its password is not the one given.
 */
class RoleNotYetCreatedTest {

    private static final String PASSWORD = "Late-Role-Password-3f";

    private final String name = uniqueName("late");

    @AfterEach
    void dropService() throws SQLException {
        drop(List.of(name), List.of(name));
    }

    private SharedServicesConfig.Builder verify(Duration deadline) {
        return SharedServicesConfig.builder().service(name).postgresUrl(TestServers.postgres().jdbcUrl())
                .password(Secret.of(PASSWORD)).poolSize(1).waitTimeout(deadline);
    }

    /** What an init container running sharedsvc-cli ensure does, as the administrator. */
    private void createRoleAndDatabase(String password) {
        try (PostgresAdmin admin = TestDatabases.admin()) {
            admin.ensure(verify(Duration.ofSeconds(1)).password(Secret.of(password)).build().serviceDatabase());
        }
    }

    @Test
    void aVerifyModeStartWaitsForARoleThatIsCreatedAfterItStarted() throws Exception {
        CompletableFuture<SharedServices> start = CompletableFuture.supplyAsync(
                () -> SharedServices.bootstrap(verify(Duration.ofSeconds(60)).build()));
        Thread.sleep(2_000); // pacing only: the role appears while the start waits
        assertThat(start).as("still waiting for the role").isNotDone();
        createRoleAndDatabase(PASSWORD);

        try (SharedServices services = start.get(60, TimeUnit.SECONDS)) {
            assertThat(services.report().readiness().toString()).contains("READY");
            assertThat(services.report().readiness().services().get(0).attempts())
                    .as("refused while the role did not exist, then logged in").isGreaterThan(1);
            assertThat(services.report().check().inPlace()).isTrue();
        }
    }

    @Test
    void aWrongPasswordFailsAtTheDeadlineSayingTheRoleDoesNotExistOrItsPasswordIsNotTheOneGiven() {
        createRoleAndDatabase("Another-Password-9a");

        BootstrapException failure = catchThrowableOfType(BootstrapException.class,
                () -> SharedServices.bootstrap(verify(Duration.ofSeconds(2)).build()).close());

        assertThat(failure.phase()).isEqualTo(Phase.WAIT);
        assertThat(failure.getMessage()).contains("28P01",
                "the role does not exist or its password is not the one given", "sharedsvc-cli")
                .doesNotContain(PASSWORD);
        assertThat(failure.remedy()).hasValue(Remedy.PROVISION);
    }
}
