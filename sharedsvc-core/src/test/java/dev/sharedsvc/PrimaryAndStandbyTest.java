package dev.sharedsvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.BootstrapException;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedStandby;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.health.Observation;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.health.ReadinessReport;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * Issue 13, reproduction 3: a primary with a streaming standby. A standby is never taken for a server to write to:
 * the probe says {@code read-only}, the administrator and the migrations go to the primary, and a verify-mode
 * bootstrap against the standby alone fails clearly instead of handing out a read-only pool.
 */
@Tag("deployment")
class PrimaryAndStandbyTest {

    private static EmbeddedPostgres primary;
    private static EmbeddedStandby standby;

    @BeforeAll
    static void start() {
        primary = EmbeddedPostgres.builder().start();
        standby = EmbeddedStandby.of(primary);
    }

    @AfterAll
    static void stop() {
        standby.close();
        primary.close();
    }

    private static Probe probe(String url) {
        PostgresSettings admin = primary.settings();
        return Probe.postgres(url, admin.user(), Secret.of(admin.password()));
    }

    private static String bothHosts(String parameters) {
        return "jdbc:postgresql://127.0.0.1:" + standby.server().port() + ",127.0.0.1:" + primary.port() + "/postgres"
                + parameters;
    }

    @Test
    void aStandbyAloneIsReadOnlyNotReadyAndItsHintTalksOfStandbysNotContainers() {
        for (String url : new String[] {standby.settings().jdbcUrl(),
                standby.settings().jdbcUrl() + "?targetServerType=primary"}) {
            NotReadyException notReady = catchThrowableOfType(NotReadyException.class,
                    () -> Readiness.of(probe(url)).await(Duration.ofSeconds(5)));

            ReadinessReport.Service service = notReady.report().services().get(0);
            assertThat(service.last().state()).as(service.last().toString()).isEqualTo(ProbeState.REJECTING);
            assertThat(service.last().detail()).startsWith("read-only:");
            assertThat(service.hint()).hasValueSatisfying(hint -> assertThat(hint)
                    .contains("standby and refuses writes", "targetServerType").doesNotContain("container"));
        }
    }

    @Test
    void aServiceThatOnlyReadsMayAskForTheStandby() {
        Observation observation = probe(standby.settings().jdbcUrl() + "?targetServerType=preferSecondary")
                .check(Duration.ofSeconds(5));

        assertThat(observation.state()).isEqualTo(ProbeState.READY);
        assertThat(observation.standby()).isTrue();
        assertThat(observation.toString()).contains("standby", "answered by 127.0.0.1:" + standby.server().port());
    }

    @Test
    void aMultiHostUrlReportsTheHostThatAnsweredNotTheFirst() {
        Probe probe = probe(bothHosts("?targetServerType=primary"));

        ReadinessReport report = Readiness.of(probe).await(Duration.ofSeconds(10));

        assertThat(probe.name()).isEqualTo("postgresql 127.0.0.1:" + standby.server().port() + ",127.0.0.1:"
                + primary.port() + "/postgres");
        assertThat(report.services().get(0).last().detail()).isEqualTo("answered by 127.0.0.1:" + primary.port());
        assertThat(report.toString()).contains("READY (primary", "answered by 127.0.0.1:" + primary.port());
    }

    @Test
    void theAdministratorEnsuresOnThePrimaryOfAMultiHostUrlAndIsRefusedByAStandbyAlone() throws SQLException {
        PostgresSettings admin = primary.settings();
        ServiceDatabase service = ServiceDatabase.builder("standby_ensure").password(Secret.of("Standby-Pass-1")).build();

        ProvisioningException refused = catchThrowableOfType(ProvisioningException.class,
                () -> PostgresAdmin.connect(standby.settings().jdbcUrl(), admin.user(), Secret.of(admin.password())));
        assertThat(refused).hasMessageContaining("targetServerType");
        assertThat(roleExists(admin, "standby_ensure")).isFalse();

        try (PostgresAdmin onPrimary = PostgresAdmin.connect(bothHosts(""), admin.user(), Secret.of(admin.password()))) {
            assertThat(onPrimary.ensure(service).changed()).isTrue();
        }
        assertThat(roleExists(admin, "standby_ensure")).isTrue();
        try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE standby_ensure");
            statement.execute("DROP ROLE standby_ensure");
        }
    }

    @Test
    void aVerifyModeBootstrapAgainstTheStandbyAloneFailsInsteadOfHandingOutAReadOnlyPool() throws Exception {
        PostgresSettings admin = primary.settings();
        try (PostgresAdmin onPrimary = PostgresAdmin.connect(admin.jdbcUrl(), admin.user(), Secret.of(admin.password()))) {
            onPrimary.ensure(ServiceDatabase.builder("standby_verify").password(Secret.of("Standby-Pass-2")).build());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!roleExists(standby.settings(), "standby_verify") && System.nanoTime() < deadline) {
            Thread.sleep(50);   // replication
        }
        SharedServicesConfig config = SharedServicesConfig.builder().service("standby_verify")
                .postgresUrl(standby.settings().jdbcUrl()).password(Secret.of("Standby-Pass-2"))
                .waitTimeout(Duration.ofSeconds(2)).build();

        try {
            BootstrapException failure = catchThrowableOfType(BootstrapException.class,
                    () -> SharedServices.bootstrap(config).close());

            assertThat(failure).hasMessageContaining("failed in wait", "read-only: standby")
                    .hasMessageNotContaining("container");
        } finally {
            try (Connection connection = connect(admin); Statement statement = connection.createStatement()) {
                statement.execute("DROP DATABASE standby_verify");
                statement.execute("DROP ROLE standby_verify");
            }
        }
    }

    private static boolean roleExists(PostgresSettings admin, String role) throws SQLException {
        try (Connection connection = connect(admin); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")) {
            row.next();
            return row.getInt(1) == 1;
        }
    }

    private static Connection connect(PostgresSettings admin) throws SQLException {
        return DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
    }
}
