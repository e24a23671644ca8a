package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.sharedsvc.tenant.Tenant;

class KeepOnFailureTest {

    private static final Map<String, String> TENANTS = new ConcurrentHashMap<>();

    @Test
    void theTenantOfAFailedTestIsKeptAndMarkedAndTheOthersAreDropped() throws SQLException {
        EngineExecutionResults results = TestKit.run(OneFails.class);

        results.testEvents().assertStatistics(stats -> stats.succeeded(1).failed(1));
        String kept = TENANTS.get("fails");
        try {
            assertThat(Catalog.databaseExists(kept)).isTrue();
            assertThat(Catalog.asAdmin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?",
                    kept)).startsWith("sharedsvc kept tenant ");
            assertThat(Catalog.databaseExists(TENANTS.get("passes"))).isFalse();
        } finally {
            Catalog.dropTenant(kept);
        }
    }

    @RunByTestKit
    @IsolatedTenants(keepOnFailure = true)
    static class OneFails {

        @Test
        void passes(Tenant tenant) {
            TENANTS.put("passes", tenant.database());
        }

        @Test
        void fails(Tenant tenant) {
            TENANTS.put("fails", tenant.database());
            fail("on purpose, to keep " + tenant.database());
        }
    }
}
