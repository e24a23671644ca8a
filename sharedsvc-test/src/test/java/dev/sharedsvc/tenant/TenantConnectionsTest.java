package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.as;
import static dev.sharedsvc.tenant.TestTenants.execute;
import static dev.sharedsvc.tenant.TestTenants.query;
import static dev.sharedsvc.tenant.TestTenants.queryAsAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A tenant's {@code dataSource()}: logged in ahead, reused within the test, ended when the tenant is given back. */
class TenantConnectionsTest {

    private static final String SESSIONS = "SELECT string_agg(pid::text, ',') FROM pg_stat_activity WHERE usename = ?";

    private static TenantPool pool;

    @BeforeAll
    static void start() {
        pool = TestTenants.pool().template(TestTenants.migrated()).size(1).start();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void theFirstConnectionIsLoggedInBeforeTheTestAsksForIt() throws Exception {
        try (Tenant tenant = pool.acquire()) {
            String session = queryAsAdmin(SESSIONS, tenant.user());
            assertThat(session).as("one session of the tenant's role, opened by the pool").matches("\\d+");
            try (Connection connection = as(tenant)) {
                assertThat(query(connection, "SELECT pg_backend_pid()")).isEqualTo(session);
                assertThat(query(connection, "SELECT current_user")).isEqualTo(tenant.user());
            }
        }
    }

    @Test
    void aClosedConnectionIsReusedWithItsTransactionRolledBack() throws Exception {
        try (Tenant tenant = pool.acquire()) {
            String first;
            try (Connection connection = as(tenant)) {
                first = query(connection, "SELECT pg_backend_pid()");
                connection.setAutoCommit(false);
                execute(connection, "INSERT INTO account (email) VALUES ('never@example.com')");
            }
            try (Connection connection = as(tenant)) {
                assertThat(query(connection, "SELECT pg_backend_pid()")).as("the same session").isEqualTo(first);
                assertThat(connection.getAutoCommit()).isTrue();
                assertThat(query(connection, "SELECT count(*) FROM account")).as("the seed row alone").isEqualTo("1");
            }
            assertThat(queryAsAdmin(SESSIONS, tenant.user())).as("no other login").isEqualTo(first);
        }
    }

    /** HikariCP sets a 15 s network timeout on each connection it closes; the next holder must not inherit it. */
    @Test
    void aReusedConnectionHasTheLoginsNetworkTimeoutAgain() throws Exception {
        try (Tenant tenant = pool.acquire()) {
            String first;
            try (Connection connection = as(tenant)) {
                first = query(connection, "SELECT pg_backend_pid()");
                connection.setNetworkTimeout(Runnable::run, 15_000);
            }
            try (Connection connection = as(tenant)) {
                assertThat(query(connection, "SELECT pg_backend_pid()")).as("the same session").isEqualTo(first);
                assertThat(connection.getNetworkTimeout()).isZero();
            }
        }
    }

    @Test
    void aConnectionWhoseIsolationWasChangedIsNotReused() throws Exception {
        try (Tenant tenant = pool.acquire()) {
            String first;
            try (Connection connection = as(tenant)) {
                first = query(connection, "SELECT pg_backend_pid()");
                connection.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            }
            try (Connection connection = as(tenant)) {
                assertThat(query(connection, "SELECT pg_backend_pid()")).isNotEqualTo(first);
                assertThat(query(connection, "SHOW transaction_isolation")).isEqualTo("read committed");
            }
        }
    }

    @Test
    void aClosedConnectionRefusesFurtherUse() throws Exception {
        try (Tenant tenant = pool.acquire()) {
            Connection connection = as(tenant);
            connection.close();
            assertThat(connection.isClosed()).isTrue();
            assertThat(connection.isValid(1)).isFalse();
            assertThatThrownBy(connection::createStatement).isInstanceOf(SQLException.class)
                    .hasMessageContaining("is closed");
        }
    }

    @Test
    void givingTheTenantBackEndsItsConnectionsInUseEvenInATransactionAndRefusesNewOnes() throws Exception {
        Tenant tenant = pool.acquire();
        Connection busy = as(tenant);
        String session = query(busy, "SELECT pg_backend_pid()");
        execute(busy, "BEGIN", "LOCK TABLE account IN ACCESS EXCLUSIVE MODE");

        tenant.close();

        assertThat(busy.isValid(1)).isFalse();
        assertThatThrownBy(() -> execute(busy, "SELECT 1")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> tenant.dataSource().getConnection()).isInstanceOf(SQLException.class)
                .hasMessageContaining("was given back");
        String left = "SELECT count(*) FROM pg_stat_activity WHERE pid = ?::int";
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!"0".equals(queryAsAdmin(left, session)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(queryAsAdmin(left, session)).as("the busy session ended").isEqualTo("0");
    }
}
