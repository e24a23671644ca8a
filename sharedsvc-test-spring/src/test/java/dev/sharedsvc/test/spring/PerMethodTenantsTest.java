package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

@SpringBootTest(classes = NotesApplication.class)
@AutoConfigureTenants
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PerMethodTenantsTest {

    private static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();
    private static Connection leftOpen;
    private static String leftOpenDatabase;

    @Autowired
    private JdbcClient database;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private org.springframework.context.ApplicationContext context;

    @Order(1)
    @RepeatedTest(3)
    void eachTestHasAnEmptyMigratedDatabaseOfItsOwnAsANonSuperuserRole() {
        database.sql("INSERT INTO note (text) VALUES ('mine')").update();
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
        String current = database.sql("SELECT current_database()").query(String.class).single();
        assertThat(DATABASES.add(current)).as("a database no test had before: %s", current).isTrue();
        assertThat(current).isEqualTo(((TenantDataSource) dataSource).currentTenant().database());
        assertThat(database.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                .query(Boolean.class).single()).isFalse();
    }

    @Order(2)
    @Test
    void theApplicationsOwnServerAndTheStarterAreNotUsed() {
        assertThat(dataSource).isInstanceOf(TenantDataSource.class);
        assertThat(context.getBeanProvider(SharedServices.class).getIfAvailable()).isNull();
    }

    @Order(3)
    @Test
    void aTestLeavesAConnectionOpen() throws SQLException {
        leftOpen = dataSource.getConnection();
        leftOpenDatabase = leftOpen.getCatalog();
    }

    @Order(4)
    @Test
    void theConnectionLeftOpenNeverReachesTheNextTenant() throws Exception {
        assertThatThrownBy(() -> {
            try (Statement statement = leftOpen.createStatement()) {
                statement.execute("SELECT 1");
            }
        }).isInstanceOf(SQLException.class);
        try (Connection mine = dataSource.getConnection()) {
            assertThat(mine.getCatalog()).isNotEqualTo(leftOpenDatabase);
        }
        Server.assertDropped(leftOpenDatabase);
    }
}
