package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A context that fails to start, after it took a tenant, leaves no tenant behind. */
class FailedContextTest {

    static volatile String tenantOfTheFailedContext;

    @Test
    void aContextThatFailsToStartLeavesNoTenantBehind() throws InterruptedException {
        EngineExecutionResults results = Kit.run(new Class<?>[] {Failing.class});

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(tenantOfTheFailedContext).startsWith("sharedsvc_tenant_");
        Server.assertDropped(tenantOfTheFailedContext);
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
                tenantOfTheFailedContext = JdbcClient.create(dataSource).sql("SELECT current_database()")
                        .query(String.class).single();
                throw new IllegalStateException("this bean never starts");
            }
        }
    }
}
