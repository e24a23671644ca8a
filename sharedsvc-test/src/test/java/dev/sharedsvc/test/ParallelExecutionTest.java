package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.sharedsvc.tenant.Tenant;

class ParallelExecutionTest {

    private static final int TESTS = 24;
    private static final Set<Tenant> TENANTS = ConcurrentHashMap.newKeySet();
    /** The databases of the tenants tests hold right now: a reset one may come back later, never twice at once. */
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();
    /** The first test waits here for a second one, which only parallel execution can bring. */
    private static final CountDownLatch TWO_AT_ONCE = new CountDownLatch(2);
    private static final List<Connection> LEAKED = new ArrayList<>();

    @Test
    void eightThreadsOfTestsEachGetATenantOfTheirOwnAndAllAreDroppedAfterTheRun() throws SQLException {
        EngineExecutionResults results = TestKit.run(ManyTests.class,
                "junit.jupiter.execution.parallel.enabled=true",
                "junit.jupiter.execution.parallel.mode.default=concurrent",
                "junit.jupiter.execution.parallel.config.strategy=fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism=8");

        results.testEvents().assertStatistics(stats -> stats.started(TESTS).succeeded(TESTS));
        assertThat(TENANTS).hasSize(TESTS);
        for (Tenant tenant : TENANTS) {
            assertThat(Catalog.databaseExists(tenant.database())).as("%s after the run", tenant).isFalse();
        }
    }

    /** Tests that each check they are alone in their tenant, and leave a connection open. */
    @RunByTestKit
    @IsolatedTenants(migrations = "classpath:db/tenants", extensions = "pgcrypto")
    static class ManyTests {

        @RepeatedTest(TESTS)
        void writesOnlyToItsOwnTenant(Tenant tenant, DataSource dataSource) throws Exception {
            TWO_AT_ONCE.countDown();
            assertThat(TWO_AT_ONCE.await(30, TimeUnit.SECONDS)).as("another test running at the same time").isTrue();
            assertThat(TENANTS.add(tenant)).isTrue();
            assertThat(HELD.add(tenant.database())).as("held by two tests at once: %s", tenant).isTrue();
            assertThat(Catalog.query(dataSource, "SELECT count(*) FROM author")).isEqualTo("1");
            Catalog.execute(dataSource, "INSERT INTO author (name) VALUES ('" + tenant.database() + "')");
            Connection leaked = dataSource.getConnection();
            synchronized (LEAKED) {
                LEAKED.add(leaked);
            }
            Thread.sleep(20);
            assertThat(Catalog.query(dataSource, "SELECT string_agg(name, ',') FROM author WHERE name <> 'seed'"))
                    .isEqualTo(tenant.database());
            HELD.remove(tenant.database());
        }
    }
}
