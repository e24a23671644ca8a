package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.tenant.Tenant;

@SpringBootTest(classes = NotesApplication.class)
@AutoConfigureTenants
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerMethodTenantsTest {

    private static Tenant previous;
    private static Connection leftOpen;
    private static String leftOpenSession;
    private static Tenant leftOpenTenant;

    @Autowired
    private JdbcClient database;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private org.springframework.context.ApplicationContext context;

    @Order(1)
    @RepeatedTest(3)
    void eachTestHasAnEmptyMigratedTenantAsANonSuperuserRoleAndThePreviousPasswordIsRefused() throws Exception {
        Tenant current = ((TenantDataSource) dataSource).currentTenant();
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
        database.sql("INSERT INTO note (text) VALUES ('mine')").update();
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
        assertThat(database.sql("SELECT current_database() || ' ' || current_user").query(String.class).single())
                .isEqualTo(current.database() + " " + current.user());
        assertThat(database.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();
        if (previous != null) {
            assertThat(current.password().reveal()).isNotEqualTo(previous.password().reveal());
            Server.assertLoginRefused(previous);
        }
        previous = current;
    }

    @Order(2)
    @Test
    void theApplicationsOwnServerAndTheStarterAreNotUsed() {
        assertThat(dataSource).isInstanceOf(TenantDataSource.class);
        assertThat(context.getBeanProvider(SharedServices.class).getIfAvailable()).isNull();
    }

    @Order(3)
    @Test
    void aTestLeavesAConnectionOpenInATransaction() throws SQLException {
        leftOpen = dataSource.getConnection();
        leftOpenTenant = ((TenantDataSource) dataSource).currentTenant();
        try (Statement statement = leftOpen.createStatement()) {
            statement.execute("BEGIN");
            statement.execute("INSERT INTO note (text) VALUES ('uncommitted')");
            statement.execute("LOCK TABLE note IN ACCESS EXCLUSIVE MODE");
        }
        leftOpenSession = Server.backend(leftOpen);
    }

    @Order(4)
    @Test
    void theConnectionLeftOpenNeverReachesTheNextTenantNorBlocksIt() throws Exception {
        try {
            assertThatThrownBy(() -> {
                try (Statement statement = leftOpen.createStatement()) {
                    statement.execute("SELECT 1");
                }
            }).isInstanceOf(SQLException.class);
            assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
            try (Connection mine = dataSource.getConnection()) {
                assertThat(Server.backend(mine)).isNotEqualTo(leftOpenSession);
            }
            Server.assertLoginRefused(leftOpenTenant);
            Server.assertSessionEnded(leftOpenSession);
        } finally {
            leftOpen.close(); // gives the pool its slot back: the context is cached for other classes
        }
    }

    @Order(5)
    @Test
    void theTestsFirstConnectionWasLoggedInBeforeTheTestBegan() {
        Instant began = Server.now(); // the server's clock, as backend_start is
        Timestamp loggedIn = database.sql("SELECT backend_start FROM pg_stat_activity WHERE pid = pg_backend_pid()")
                .query(Timestamp.class).single();
        assertThat(loggedIn.toInstant()).isBefore(began);
        assertThat(database.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(((TenantDataSource) dataSource).currentTenant().user());
    }
}
