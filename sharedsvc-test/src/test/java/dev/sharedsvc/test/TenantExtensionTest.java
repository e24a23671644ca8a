package dev.sharedsvc.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineExecutionResults;

import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.tenant.Tenant;
import dev.sharedsvc.tenant.TenantException;

@IsolatedTenants(migrations = "classpath:db/tenants", extensions = "pgcrypto")
class TenantExtensionTest {

    private static final AtomicInteger ASKED = new AtomicInteger();

    @RegisterExtension
    static TenantExtension tenants = TenantExtension.on(() -> {
        ASKED.incrementAndGet();
        return TenantServer.standard();
    });

    @FromTenant
    Tenant tenant;

    @Test
    void aRegisteredExtensionServesTheClassWithTheAnnotationsSettingsAndTheAnnotationsOwnStandsBack(Tenant parameter)
            throws Exception {
        assertThat(ASKED.get()).isPositive();
        assertThat(parameter).isSameAs(tenant);
        assertThat(Catalog.query(tenant.dataSource(), "SELECT count(*) FROM author")).isEqualTo("1");
    }

    @Test
    void anUnreachableServerFailsTheTestWithAMessageThatSaysWhereAndNoPassword() {
        EngineExecutionResults results = TestKit.run(OnAServerThatIsNotThere.class);

        results.testEvents().assertStatistics(stats -> stats.failed(1));
        assertThat(TestKit.firstFailure(results)).isInstanceOf(TenantException.class)
                .hasMessageContaining("127.0.0.1:1/postgres as postgres")
                .hasMessageNotContaining("wrong-password");
    }

    @RunByTestKit
    static class OnAServerThatIsNotThere {

        @RegisterExtension
        static TenantExtension tenants = TenantExtension.on(() -> new TenantServer(
                "jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2", "postgres", Secret.of("wrong-password")));

        @Test
        void needsATenant(Tenant tenant) {
            assertThat(tenant).isNotNull();
        }
    }
}
