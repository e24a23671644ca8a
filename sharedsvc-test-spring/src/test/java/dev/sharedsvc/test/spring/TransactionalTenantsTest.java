package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.transaction.AfterTransaction;
import org.springframework.test.context.transaction.BeforeTransaction;
import org.springframework.transaction.annotation.Transactional;

/** A test-managed transaction begins on the test's tenant and is rolled back there. */
@SpringBootTest(classes = NotesApplication.class)
@AutoConfigureTenants
@Transactional
class TransactionalTenantsTest {

    @Autowired
    private JdbcClient database;

    @Autowired
    private DataSource dataSource;

    private String tenantBefore;

    @BeforeTransaction
    void tenantBeforeTheTransaction() {
        tenantBefore = ((TenantDataSource) dataSource).currentTenant().database();
    }

    @RepeatedTest(2)
    void theTransactionRunsOnTheTestsTenant() {
        database.sql("INSERT INTO note (text) VALUES ('rolled back')").update();
        assertThat(database.sql("SELECT current_database()").query(String.class).single()).isEqualTo(tenantBefore);
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
    }

    @AfterTransaction
    void theRowIsRolledBackOnTheSameTenant() {
        assertThat(database.sql("SELECT current_database()").query(String.class).single()).isEqualTo(tenantBefore);
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
    }
}
