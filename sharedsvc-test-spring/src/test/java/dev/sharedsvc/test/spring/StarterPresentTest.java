package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedsvc.bootstrap.SharedServices;

/**
 * An application configured for the sharedsvc starter, against a server that does not exist: the tenant replaces
 * what the starter would provision, and the migrations are the ones {@code sharedsvc.postgres.migrations} names.
 */
@SpringBootTest(classes = NotesApplication.class, properties = {
        "spring.datasource.url=", "spring.flyway.locations=",
        "sharedsvc.service=notes",
        "sharedsvc.postgres.url=jdbc:postgresql://127.0.0.1:1/postgres",
        "sharedsvc.postgres.admin-user=admin",
        "sharedsvc.postgres.admin-password=not-used",
        "sharedsvc.postgres.password=not-used-either",
        "sharedsvc.postgres.migrations=classpath:db/notes",
        "sharedsvc.wait.timeout=1s" })
@AutoConfigureTenants
class StarterPresentTest {

    @Autowired
    private ApplicationContext context;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private JdbcClient database;

    @Test
    void theStarterProvisionsNothingAndTheTenantHasTheStartersMigrations() {
        assertThat(context.getBeanProvider(SharedServices.class).getIfAvailable()).isNull();
        assertThat(dataSource).isInstanceOf(TenantDataSource.class);
        assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
        assertThat(database.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(((TenantDataSource) dataSource).currentTenant().user());
    }
}
