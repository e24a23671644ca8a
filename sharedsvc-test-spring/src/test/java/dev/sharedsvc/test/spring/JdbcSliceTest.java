package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.test.autoconfigure.JdbcTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A slice: {@code @JdbcTest} would put an in-memory database in the DataSource's place and roll each test back; with
 * tenants, each test has its own migrated tenant, inside the slice's transaction.
 */
@JdbcTest
@AutoConfigureTenants
class JdbcSliceTest {

    @Autowired
    private DataSource dataSource;

    @RepeatedTest(2)
    void eachTestOfTheSliceHasItsOwnMigratedTenant() {
        JdbcClient database = JdbcClient.create(dataSource);
        assertThat(dataSource).isInstanceOf(TenantDataSource.class);
        database.sql("INSERT INTO note (text) VALUES ('mine')").update();
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
        assertThat(database.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(((TenantDataSource) dataSource).currentTenant().user());
    }
}
