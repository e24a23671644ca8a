package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.as;
import static dev.sharedsvc.tenant.TestTenants.asAdmin;
import static dev.sharedsvc.tenant.TestTenants.awaitDropped;
import static dev.sharedsvc.tenant.TestTenants.databaseExists;
import static dev.sharedsvc.tenant.TestTenants.execute;
import static dev.sharedsvc.tenant.TestTenants.login;
import static dev.sharedsvc.tenant.TestTenants.query;
import static dev.sharedsvc.tenant.TestTenants.queryAsAdmin;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TenantPoolTest {

    private static TenantPool pool;

    @BeforeAll
    static void start() {
        pool = TestTenants.pool().template(TenantTemplate.builder().migrations(TestTenants.MIGRATIONS)
                .extensions("pgcrypto", "dblink").build()).size(2).start();
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void twoTenantsNeverSeeEachOthersRows() throws SQLException {
        try (Tenant first = pool.acquire(); Tenant second = pool.acquire();
             Connection one = as(first); Connection two = as(second)) {
            execute(one, "INSERT INTO account (email) VALUES ('first@example.com')");

            assertThat(query(one, "SELECT count(*) FROM account")).isEqualTo("2");
            assertThat(query(two, "SELECT count(*) FROM account")).isEqualTo("1");
            assertThat(query(two, "SELECT count(*) FROM account WHERE email = 'first@example.com'")).isEqualTo("0");
        }
    }

    @Test
    void aTenantsRoleCannotConnectToAnotherTenantsDatabaseNorActAsItsRole() throws SQLException {
        try (Tenant first = pool.acquire(); Tenant second = pool.acquire(); Connection one = as(first)) {
            assertThatThrownBy(() -> login(second.database(), first.user(), first.password()).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> login(second.database(), second.user(), first.password()).close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
            assertThatThrownBy(() -> execute(one, "SET ROLE " + second.user()))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void theTenantsRoleOwnsEveryMigratedObjectAndCanAlterAndDropThem() throws SQLException {
        try (Tenant tenant = pool.acquire(); Connection connection = as(tenant)) {
            String migrated = " FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    + " AND relkind IN ('r', 'v', 'S', 'i')";
            assertThat(query(connection, "SELECT count(*)" + migrated))
                    .as("tables, views, sequences and indexes of the migrations and Flyway's history").isEqualTo("12");
            assertThat(query(connection, "SELECT string_agg(DISTINCT pg_get_userbyid(relowner), ',')" + migrated))
                    .isEqualTo(tenant.user());
            assertThat(query(connection, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'account_count'"))
                    .isEqualTo(tenant.user());

            execute(connection, "ALTER TABLE account ADD COLUMN nickname text",
                    "DROP VIEW purchase_total", "DROP TABLE purchase", "DROP FUNCTION account_count()");
        }
    }

    @Test
    void theTenantsRoleIsAPlainLoginRoleThatOwnsItsDatabaseAndNoOneElseMayConnect() throws SQLException {
        try (Tenant tenant = pool.acquire()) {
            assertThat(queryAsAdmin("SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole,"
                    + " rolreplication, rolbypassrls) FROM pg_roles WHERE rolname = ?", tenant.user()))
                    .isEqualTo("t,f,f,f,f,f");
            assertThat(queryAsAdmin("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?",
                    tenant.database())).isEqualTo(tenant.user());
            assertThat(queryAsAdmin("SELECT count(*) FROM pg_database d, aclexplode(d.datacl) a"
                    + " WHERE d.datname = ? AND a.grantee = 0", tenant.database())).isEqualTo("0");
        }
    }

    @Test
    void extensionsThatNeedASuperuserAreInstalledForTenantsThatAreNot() throws SQLException {
        try (Tenant tenant = pool.acquire(); Connection connection = as(tenant)) {
            assertThat(query(connection, "SELECT string_agg(extname, ',' ORDER BY extname) FROM pg_extension"))
                    .isEqualTo("dblink,pgcrypto,plpgsql");
            assertThat(query(connection, "SELECT length(gen_random_bytes(4))")).isEqualTo("4");
            assertThatThrownBy(() -> execute(connection, "CREATE EXTENSION pg_buffercache"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
    }

    @Test
    void aReleasedTenantWhoseSchemaChangedIsDroppedEvenWithConnectionsLeftOpen() throws Exception {
        Tenant tenant = pool.acquire();
        List<Connection> leaked = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            leaked.add(as(tenant));
        }
        execute(leaked.get(2), "CREATE TABLE leftover (id int)");
        execute(leaked.get(0), "BEGIN", "LOCK TABLE account IN ACCESS EXCLUSIVE MODE");

        tenant.close();

        awaitDropped(tenant.database());
        assertThat(leaked.get(1).isValid(2)).isFalse();
    }

    @Test
    void theTemplateAcceptsNoConnections() throws SQLException {
        assertThat(queryAsAdmin("SELECT concat_ws(',', datistemplate, datallowconn) FROM pg_database WHERE datname = ?",
                pool.templateDatabase())).isEqualTo("t,f");
        assertThat(queryAsAdmin("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", pool.templateDatabase()))
                .isEqualTo("f");
        assertThatThrownBy(() -> asAdmin(pool.templateDatabase()).close())
                .isInstanceOf(SQLException.class).hasMessageContaining("not currently accepting connections");
    }

    @Test
    void aKeptTenantOutlivesItsRunAndNoSweepTakesIt() throws Exception {
        Tenant tenant;
        String runId;
        try (TenantPool own = TestTenants.pool().template(TestTenants.migrated()).size(0).start()) {
            runId = own.runId();
            tenant = own.acquire();
            own.keep(tenant);
            tenant.close();
        }
        try {
            TestTenants.pool().template(TestTenants.migrated()).size(0).start().close();

            assertThat(databaseExists(tenant.database())).isTrue();
            assertThat(queryAsAdmin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?",
                    tenant.database())).startsWith("sharedsvc kept tenant run=" + runId);
        } finally {
            try (Connection admin = asAdmin(TestTenants.server().database())) {
                Cloner.drop(admin, tenant.database());
            }
        }
    }

    @Test
    void withoutAPoolEachAcquireMakesOrResetsATenantInTheCallingThread() throws Exception {
        try (TenantPool unpooled = TestTenants.pool().template(TestTenants.migrated()).size(0).start()) {
            Set<String> made = new HashSet<>();
            List<Tenant> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(unpooled.acquire());
                made.add(held.get(i).database());
            }
            assertThat(made).as("held at once").hasSize(3);
            for (Tenant tenant : held) {
                try (Connection connection = as(tenant)) {
                    execute(connection, "INSERT INTO account (email) VALUES ('" + tenant.database() + "@example.com')");
                }
                tenant.close();
            }
            for (int i = 0; i < 3; i++) {
                try (Tenant tenant = unpooled.acquire(); Connection connection = as(tenant)) {
                    assertThat(made).as("reset, not copied").contains(tenant.database());
                    assertThat(query(connection, "SELECT count(*) FROM account")).isEqualTo("1");
                }
            }
        }
    }

    @Test
    void closingThePoolDropsTheReadyTenantsAndTheOnesNotReleased() throws Exception {
        Tenant forgotten;
        String runId;
        try (TenantPool own = TestTenants.pool().template(TestTenants.migrated()).size(2).start()) {
            runId = own.runId();
            forgotten = own.acquire();
            own.acquire().close(); // reset and ready again, or still waiting to be: dropped either way
        }
        assertThat(TestTenants.markedBy(runId)).isEmpty();
        assertThat(databaseExists(forgotten.database())).isFalse();
        assertThatCode(forgotten::close).doesNotThrowAnyException();
    }

    @Test
    void aTenantOfAnotherPoolIsRefused() {
        try (TenantPool other = TestTenants.pool().template(TestTenants.migrated()).size(0).start();
             Tenant foreign = other.acquire()) {
            assertThatThrownBy(() -> pool.release(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
