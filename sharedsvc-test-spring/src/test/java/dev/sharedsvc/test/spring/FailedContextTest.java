package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedsvc.tenant.Tenant;

/** A context that fails to start, after it took a tenant, gives the tenant back. */
class FailedContextTest {

    static volatile Tenant tenantOfTheFailedContext;

    @Test
    void aContextThatFailsToStartGivesItsTenantBack() throws InterruptedException {
        EngineExecutionResults results = Kit.run(new Class<?>[] {Failing.class});

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(tenantOfTheFailedContext.database()).startsWith("sharedsvc_tenant_");
        // Given back: reset under a new password for a later test, or dropped; either way its login is refused.
        Server.assertLoginRefused(tenantOfTheFailedContext);
    }

    @Kit.Only
    @SpringBootTest(classes = {NotesApplication.class, Failing.Broken.class})
    @AutoConfigureTenants
    static class Failing {

        @Test
        void neverRuns() {
        }

        @Configuration(proxyBeanMethods = false)
        static class Broken {

            @Bean
            Object brokenAfterUsingTheDatabase(DataSource dataSource) {
                JdbcClient.create(dataSource).sql("SELECT 1").query(Integer.class).single();
                tenantOfTheFailedContext = ((TenantDataSource) dataSource).currentTenant();
                throw new IllegalStateException("this bean never starts");
            }
        }
    }
}
