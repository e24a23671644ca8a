package dev.sharedsvc.test;

import static dev.sharedsvc.test.Catalog.execute;
import static dev.sharedsvc.test.Catalog.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.tenant.Tenant;

@IsolatedTenants(migrations = "classpath:db/tenants", extensions = "pgcrypto")
class IsolatedTenantsTest {

    /** The tenants handed to this class's tests (a reset tenant comes back as another Tenant, with a new password). */
    private static final Set<Tenant> LEASES = ConcurrentHashMap.newKeySet();

    @FromTenant
    DataSource dataSource;

    @FromTenant
    Tenant tenant;

    @BeforeEach
    void setUp(Tenant beforeEach) {
        assertThat(beforeEach).isSameAs(tenant);
    }

    @RepeatedTest(3)
    void eachTestStartsFromTheMigratedSeedAndWritesOnlyToItsOwnDatabase() throws SQLException {
        assertThat(LEASES.add(tenant)).as("a tenant of its own").isTrue();
        assertThat(query(dataSource, "SELECT count(*) FROM author")).isEqualTo("1");

        execute(dataSource, "INSERT INTO author (name) VALUES ('" + tenant.database() + "')");

        assertThat(query(dataSource, "SELECT count(*) FROM author")).isEqualTo("2");
    }

    @Test
    void parametersAndFieldsAreTheSameTenantWithItsUrlUserAndPassword(Tenant parameter, DataSource source)
            throws SQLException {
        assertThat(parameter).isSameAs(tenant);
        assertThat(source).isSameAs(dataSource);
        assertThat(PostgresServer.parse(tenant.jdbcUrl()).database()).isEqualTo(tenant.database());
        assertThat(tenant.jdbcUrl()).doesNotContain("password");
        try (Connection connection = DriverManager.getConnection(tenant.jdbcUrl(), tenant.user(),
                tenant.password().reveal())) {
            assertThat(query(connection, "SELECT current_user || '@' || current_database()"))
                    .isEqualTo(tenant.user() + "@" + tenant.database());
        }
    }

    @Test
    void theTenantsRoleOwnsTheMigratedTablesAndMayDropThem() throws SQLException {
        assertThat(query(dataSource, "SELECT tableowner FROM pg_tables WHERE tablename = 'note'"))
                .isEqualTo(tenant.user());

        execute(dataSource, "DROP TABLE note");
    }

    @AfterAll
    static void everyTenantIsTakenBackOnceItsTestIsOver() throws Exception {
        for (Tenant leased : LEASES) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (stillLogsIn(leased) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(stillLogsIn(leased)).as("%s dropped, or reset under a new password", leased).isFalse();
        }
    }

    private static boolean stillLogsIn(Tenant leased) {
        try (Connection connection = DriverManager.getConnection(leased.jdbcUrl(), leased.user(),
                leased.password().reveal())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
