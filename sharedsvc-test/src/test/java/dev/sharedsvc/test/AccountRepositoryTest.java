package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.test.FromTenant;
import dev.sharedsvc.test.IsolatedTenants;

@IsolatedTenants(migrations = "classpath:db/migration", extensions = "pgcrypto")
@Execution(ExecutionMode.CONCURRENT)
class AccountRepositoryTest {

    @FromTenant
    DataSource dataSource;              // logs in as this test's own role, to this test's own database

    @Test
    void savesAnAccount() throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO account (email) VALUES ('ada@example.com')");
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM account")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);     // only what the migrations and this test wrote
            }
        }
    }

    @Test
    void seesNothingTheOtherTestWrote(Tenant tenant) throws Exception {   // URL, user, password, DataSource
        assertThat(tenant.jdbcUrl()).contains("/" + tenant.database())     // its own database, with the
                .doesNotContain(tenant.password().reveal());            // driver options, no credentials
        try (Connection connection = DriverManager.getConnection(tenant.jdbcUrl(), tenant.user(),
                tenant.password().reveal()); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM account")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }
}
