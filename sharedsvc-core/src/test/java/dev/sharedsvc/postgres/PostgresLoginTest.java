package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.ProbeState;

/**
 * Logins that are not a fixed password, on a server of the test's own whose {@code pg_hba.conf} trusts two roles:
 * an administrator and a service that log in without one, and a service whose password comes from a token supplier.
 */
class PostgresLoginTest {

    private static final String TRUSTED_ADMIN = "trusted_admin";
    private static final String TRUSTED_SERVICE = "trusted_service";
    private static final String PASSWORD = "Login-Marker-77c1";

    private static EmbeddedPostgres postgres;
    private static PostgresServer server;
    private static PostgresLogin superuser;

    @BeforeAll
    static void startAServerThatTrustsTwoRoles() throws IOException, SQLException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
        String version = System.getProperty(TestServers.POSTGRES_VERSION_PROPERTY);
        if (version != null && !version.isBlank()) {
            builder.version(Integer.parseInt(version));
        }
        postgres = builder.start();
        server = PostgresServer.parse(postgres.settings().jdbcUrl());
        superuser = PostgresLogin.password(postgres.settings().user(), Secret.of(postgres.settings().password()));
        Path hba = postgres.dataDirectory().resolve("pg_hba.conf");
        Files.writeString(hba, "host all " + TRUSTED_ADMIN + " 127.0.0.1/32 trust\n"
                + "host all " + TRUSTED_SERVICE + " 127.0.0.1/32 trust\n" + Files.readString(hba));
        try (Connection connection = server.connect(superuser); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + TRUSTED_ADMIN + " LOGIN SUPERUSER");
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aTrustedServiceLogsInWithoutAPasswordAndEnsureGivesItNone() throws SQLException {
        ServiceDatabase service = ServiceDatabase.builder(TRUSTED_SERVICE).build();
        PostgresLogin login = PostgresLogin.withoutPassword(TRUSTED_SERVICE);

        try (PostgresAdmin admin = PostgresAdmin.connect(server, superuser)) {
            admin.ensure(service);
        }

        assertThat(Probe.postgres(server.withDatabase(TRUSTED_SERVICE), login).check(Duration.ofSeconds(10)).state())
                .isEqualTo(ProbeState.READY);
        assertThat(ServiceCheck.run(server, service, login).inPlace()).isTrue();
        assertThat(query("SELECT rolpassword IS NULL FROM pg_authid WHERE rolname = '" + TRUSTED_SERVICE + "'"))
                .isEqualTo("t");
    }

    @Test
    void anAdministratorTrustedByTheServerEnsuresWithoutAPassword() throws SQLException {
        SharedServicesConfig config = SharedServicesConfig.builder().service("trusted_ensure")
                .postgres(server).mode(Mode.ENSURE).adminUser(TRUSTED_ADMIN).password(Secret.of(PASSWORD))
                .poolSize(0).waitTimeout(Duration.ofSeconds(30)).build();

        assertThat(config.admin().orElseThrow().password()).isEmpty();
        try (SharedServices services = SharedServices.bootstrap(config)) {
            assertThat(services.report().changed()).isTrue();
        }
        try (Connection connection = server.withDatabase("trusted_ensure")
                .connect(PostgresLogin.password("trusted_ensure", Secret.of(PASSWORD)))) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    @Test
    void aTokenLoginFetchesAFreshPasswordForEveryNewConnectionOfThePool() throws SQLException {
        AtomicInteger tokens = new AtomicInteger();
        PostgresLogin login = PostgresLogin.tokens("tokened", () -> {
            tokens.incrementAndGet();
            return Secret.of(PASSWORD);
        });
        SharedServicesConfig config = SharedServicesConfig.builder().service("tokened").postgres(server)
                .adminUser(superuser.user()).adminPassword(superuser.password().orElseThrow())
                .password(Secret.of(PASSWORD)).login(login).poolSize(2).waitTimeout(Duration.ofSeconds(30)).build();

        try (SharedServices services = SharedServices.bootstrap(config)) {
            int afterStart = tokens.get();
            assertThat(afterStart).isPositive();
            HikariDataSource pool = services.dataSource().unwrap(HikariDataSource.class);
            pool.getHikariPoolMXBean().softEvictConnections();
            DataSource dataSource = services.dataSource();
            try (Connection connection = dataSource.getConnection()) {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(tokens.get()).isGreaterThan(afterStart);
            assertThat(services.report() + "\n" + services + "\n" + config).doesNotContain(PASSWORD);
        }
    }

    @Test
    void aUserOrPasswordInAUrlIsRefusedEverywhereWithoutRepeatingIt() {
        String withUser = "jdbc:postgresql://127.0.0.1:5432/postgres?user=intruder";
        String withPassword = "jdbc:postgresql://127.0.0.1:5432/postgres?password=Url-Secret-31";
        Secret secret = Secret.of(PASSWORD);
        ServiceDatabase service = ServiceDatabase.builder("any").password(secret).build();

        for (String url : new String[] {withUser, withPassword}) {
            String parameter = url.substring(url.indexOf('?') + 1, url.indexOf('='));
            assertThatThrownBy(() -> PostgresServer.parse(url)).hasMessageContaining("carries " + parameter + "=")
                    .hasMessageNotContaining("Url-Secret-31").hasMessageNotContaining("intruder");
            assertThatThrownBy(() -> Probe.postgres(url, "postgres", secret)).hasMessageContaining(parameter + "=");
            assertThatThrownBy(() -> PostgresAdmin.connect(url, "postgres", secret)).hasMessageContaining(parameter + "=");
            assertThatThrownBy(() -> ServiceCheck.run(url, service)).hasMessageContaining(parameter + "=");
        }
    }

    @Test
    void theUrlsCertificateIsTheAdministratorsOnly() {
        PostgresServer withCertificate = PostgresServer.parse(
                "jdbc:postgresql://db:5432/postgres?sslmode=verify-full&sslcert=/c/admin.crt&sslkey=/c/admin.pk8");

        assertThat(withCertificate.jdbcUrl()).doesNotContain("sslcert", "sslkey").contains("sslmode=verify-full");
        assertThat(withCertificate.presentingCertificate(PostgresLogin.withoutPassword("postgres")).certificate())
                .hasValueSatisfying(certificate -> assertThat(certificate.key()).hasToString("/c/admin.pk8"));
        assertThat(withCertificate.connectionProperties(PostgresLogin.password("backend", Secret.of(PASSWORD))))
                .doesNotContainKeys("sslcert", "sslkey");
        assertThatThrownBy(() -> PostgresServer.parse("jdbc:postgresql://db/postgres?sslcert=/c/a.crt"))
                .hasMessageContaining("sslcert without sslkey");
    }

    private static String query(String sql) throws SQLException {
        try (Connection connection = server.connect(superuser); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
