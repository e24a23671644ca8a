package dev.sharedsvc.test;

import static dev.sharedsvc.test.Catalog.execute;
import static dev.sharedsvc.test.Catalog.query;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.sharedsvc.tenant.Tenant;

@IsolatedTenants(migrations = "classpath:db/tenants", extensions = "pgcrypto", scope = IsolatedTenants.Scope.CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassScopeTest {

    @FromTenant
    static DataSource shared;

    @BeforeAll
    static void seed(Tenant tenant) throws SQLException {
        assertThat(shared).isSameAs(tenant.dataSource());
        execute(shared, "INSERT INTO author (name) VALUES ('before all')");
    }

    @Test
    @Order(1)
    void theFirstTestSeesWhatBeforeAllWrote() throws SQLException {
        assertThat(query(shared, "SELECT count(*) FROM author")).isEqualTo("2");
        execute(shared, "INSERT INTO author (name) VALUES ('first')");
    }

    @Test
    @Order(2)
    void theSecondTestSeesWhatTheFirstWroteInTheSameTenant(Tenant tenant) throws SQLException {
        assertThat(tenant.dataSource()).isSameAs(shared);
        assertThat(query(shared, "SELECT count(*) FROM author")).isEqualTo("3");
    }
}
