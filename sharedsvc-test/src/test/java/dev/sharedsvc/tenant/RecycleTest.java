package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.as;
import static dev.sharedsvc.tenant.TestTenants.awaitDropped;
import static dev.sharedsvc.tenant.TestTenants.execute;
import static dev.sharedsvc.tenant.TestTenants.login;
import static dev.sharedsvc.tenant.TestTenants.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Released tenants that their test changed only by data come back as a fresh copy would be; any other change gets
 * a copy. The pool has size 0, so a release followed by an acquire resets (or replaces) in the calling thread.
 */
class RecycleTest {

    /** A pool of each test's own, so that no other test's released tenant waits in it. */
    private TenantPool pool;

    @BeforeEach
    void start() {
        pool = TestTenants.pool().template(TestTenants.migrated()).size(0).start();
    }

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aTenantChangedOnlyByDataComesBackIndistinguishableFromAFreshCopy() throws Exception {
        try (Tenant fresh = pool.acquire()) {
            Tenant dirty = pool.acquire();
            try (Connection connection = as(dirty)) {
                execute(connection,
                        "INSERT INTO account (email) VALUES ('a@example.com'), ('b@example.com')",
                        "INSERT INTO purchase (account_id, total) SELECT id, 9.5 FROM account",
                        "UPDATE account SET email = 'changed@example.com' WHERE email = 'seed@example.com'",
                        "DELETE FROM purchase WHERE total > 100",
                        "SELECT nextval('purchase_id_seq'), nextval('purchase_id_seq')",
                        "UPDATE flyway_schema_history SET description = 'tampered'");
            }
            Map<String, String> before = state(fresh);
            dirty.close();

            try (Tenant recycled = pool.acquire()) {
                assertThat(recycled.database()).as("reset, not copied").isEqualTo(dirty.database());
                assertThat(recycled.password().reveal()).isNotEqualTo(dirty.password().reveal());
                assertThat(state(recycled)).isEqualTo(before);
                try (Connection connection = as(recycled)) {
                    assertThat(query(connection, "SELECT string_agg(id || ' ' || email, ',') FROM account"))
                            .isEqualTo("1 seed@example.com");
                    assertThat(query(connection, "INSERT INTO account (email) VALUES ('next@example.com') RETURNING id"))
                            .isEqualTo("2");
                }
            }
        }
    }

    @Test
    void openConnectionsAndARunningTransactionDoNotBlockTheNextTenantAndNeverReachIt() throws Exception {
        Tenant first = pool.acquire();
        List<Connection> leaked = new ArrayList<>();
        // One logged in apart from the tenant's DataSource (only the reset's termination ends it), two from it.
        leaked.add(login(first.database(), first.user(), first.password()));
        for (int i = 0; i < 2; i++) {
            leaked.add(as(first));
        }
        execute(leaked.get(0), "BEGIN", "INSERT INTO account (email) VALUES ('uncommitted@example.com')",
                "LOCK TABLE account IN ACCESS EXCLUSIVE MODE");
        execute(leaked.get(1), "BEGIN", "SELECT count(*) FROM purchase");
        first.close();

        try (Tenant next = pool.acquire(); Connection connection = as(next)) {
            assertThat(next.database()).isEqualTo(first.database());
            assertThat(query(connection, "SELECT count(*) FROM account")).isEqualTo("1");
            for (Connection old : leaked) {
                assertThat(old.isValid(2)).as("a connection of the previous test").isFalse();
            }
            assertThatThrownBy(() -> login(first.database(), first.user(), first.password()).close())
                    .as("the previous test's password").isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
        } finally {
            leaked.forEach(Sql::closeQuietly);
        }
    }

    @Test
    void aSessionItsTestClosedServesTheNextHolderInTheStateOfANewSession() throws Exception {
        Tenant first = pool.acquire();
        String session;
        Statement leftOver;
        try (Connection connection = as(first)) {
            session = query(connection, "SELECT pg_backend_pid()");
            execute(connection, "SET application_name = 'previous test'", "SELECT pg_advisory_lock(42)",
                    "PREPARE mine AS SELECT 1", "LISTEN previous");
            runPrepared(connection);
            leftOver = connection.createStatement();
        }
        first.close();

        try (Tenant next = pool.acquire(); Connection connection = as(next)) {
            assertThat(next.database()).isEqualTo(first.database());
            assertThat(query(connection, "SELECT pg_backend_pid()")).as("kept: no login").isEqualTo(session);
            assertThat(query(connection, "SHOW application_name")).isNotEqualTo("previous test");
            assertThat(query(connection, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND pid = pg_backend_pid()")).isEqualTo("0");
            assertThat(query(connection, "SELECT count(*) FROM pg_prepared_statements")).isEqualTo("0");
            assertThat(query(connection, "SELECT count(*) FROM pg_listening_channels()")).isEqualTo("0");
            runPrepared(connection);
            assertThatThrownBy(() -> leftOver.execute("SELECT 1")).as("a statement of the previous test")
                    .isInstanceOf(SQLException.class);
        }
    }

    /** Runs one statement often enough for the driver to prepare it on the server. */
    private static void runPrepared(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM account WHERE id > ?")) {
            for (int i = 0; i < 8; i++) {
                statement.setLong(1, i);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE extra (id int)",
            "ALTER TABLE account ALTER COLUMN email TYPE varchar(200)",
            "ALTER TABLE account ADD COLUMN nickname text",
            "CREATE INDEX account_email_lower ON account (lower(email))",
            "DROP VIEW purchase_total",
            "CREATE OR REPLACE FUNCTION account_count() RETURNS bigint LANGUAGE sql AS 'SELECT 42::bigint'",
            "GRANT SELECT ON account TO PUBLIC",
            "COMMENT ON TABLE account IS 'changed'",
            "ALTER SEQUENCE account_id_seq INCREMENT BY 5",
            "ALTER ROLE CURRENT_USER SET search_path = nowhere",
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET search_path = nowhere', current_database()); END $$",
            "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO PUBLIC', current_database()); END $$",
            "SELECT lo_create(0)",
            "CREATE TEMPORARY TABLE scratch (id int)",
            "UPDATE account SET email = 'x@example.com'|VACUUM FREEZE account"})
    void aTestThatChangedMoreThanDataGetsACopyAndItsTenantIsDropped(String change) throws Exception {
        Tenant changed = pool.acquire();
        try (Connection connection = as(changed)) {
            execute(connection, change.split("\\|")); // statements apart: VACUUM runs outside a transaction
        }
        changed.close();

        try (Tenant next = pool.acquire(); Connection connection = as(next)) {
            assertThat(next.database()).as("a copy, not the changed tenant").isNotEqualTo(changed.database());
            awaitDropped(changed.database());
            assertThat(query(connection, "SELECT count(*) FROM pg_class WHERE relname IN ('extra', 'account_email_lower')"))
                    .isEqualTo("0");
            assertThat(query(connection, "SHOW search_path")).isEqualTo("\"$user\", public");
            assertThat(query(connection, "SELECT account_count()")).isEqualTo("1");
        }
    }

    @Test
    void analyzeAloneDoesNotCostACopy() throws Exception {
        Tenant first = pool.acquire();
        try (Connection connection = as(first)) {
            execute(connection, "INSERT INTO account (email) SELECT i || '@example.com' FROM generate_series(1, 500) i",
                    "ANALYZE");
        }
        first.close();
        try (Tenant next = pool.acquire(); Connection connection = as(next)) {
            assertThat(next.database()).isEqualTo(first.database());
            assertThat(query(connection, "SELECT count(*) FROM account")).isEqualTo("1");
        }
    }

    @Test
    void parallelTestsNeverHoldTheSameTenantAndEachSeesOnlyItsOwnRows() throws Exception {
        try (TenantPool shared = TestTenants.pool().template(TestTenants.migrated()).size(2).makers(2).start()) {
            Set<String> held = ConcurrentHashMap.newKeySet();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    runs.add(threads.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            try (Tenant tenant = shared.acquire(); Connection connection = as(tenant)) {
                                assertThat(held.add(tenant.database())).as("held twice: %s", tenant).isTrue();
                                seen.add(tenant.database());
                                execute(connection, "INSERT INTO account (email) VALUES ('mine@example.com')");
                                assertThat(query(connection, "SELECT count(*) FROM account")).isEqualTo("2");
                                held.remove(tenant.database());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get(2, TimeUnit.MINUTES);
                }
            } finally {
                threads.shutdownNow();
            }
            assertThat(seen.size()).as("40 tests on fewer databases: reset, not copied").isLessThan(40);
        }
    }

    @Test
    void aTemplateWithTriggersIsNeverRecycled(@TempDir Path directory) throws Exception {
        TestTenants.migrations(directory, "CREATE TABLE item (id serial PRIMARY KEY, seen int NOT NULL DEFAULT 0);"
                + " CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.seen := 1; RETURN NEW; END $$;"
                + " CREATE TRIGGER touch BEFORE INSERT ON item FOR EACH ROW EXECUTE FUNCTION touch();");
        try (TenantPool copies = TestTenants.pool().template(TenantTemplate.builder()
                .migrations("filesystem:" + directory).build()).size(0).start()) {
            Tenant first = copies.acquire();
            first.close();
            try (Tenant next = copies.acquire()) {
                assertThat(next.database()).isNotEqualTo(first.database());
            }
        }
    }

    @Test
    void withRecyclingOffEveryTenantIsACopy() throws Exception {
        try (TenantPool copies = TestTenants.pool().template(TestTenants.migrated()).size(0).recycle(false).start()) {
            Tenant first = copies.acquire();
            first.close();
            try (Tenant next = copies.acquire()) {
                assertThat(next.database()).isNotEqualTo(first.database());
            }
            awaitDropped(first.database());
        }
    }

    /**
     * What a test can observe of a tenant, its name aside: every table's rows, every sequence, large objects, the
     * settings a new session starts with, the database's grants and settings, the role's attributes and
     * memberships, and what the tenant owns.
     */
    private static Map<String, String> state(Tenant tenant) throws SQLException {
        Map<String, String> state = new TreeMap<>();
        try (Connection connection = as(tenant)) {
            List<String> tables = rows(connection, "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables"
                    + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')");
            for (String table : tables) {
                state.put("rows " + table, query(connection, "SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY"
                        + " t::text), '')) FROM " + table + " t"));
            }
            for (String sequence : rows(connection, "SELECT format('%I.%I', schemaname, sequencename) FROM pg_sequences")) {
                state.put("sequence " + sequence, query(connection, "SELECT last_value || ' ' || is_called FROM " + sequence));
            }
            state.put("large objects", query(connection, "SELECT count(*) FROM pg_largeobject_metadata"));
            state.put("search_path", query(connection, "SHOW search_path"));
            state.put("database acl", query(connection, "SELECT replace(datacl::text, current_user, 'TENANT')"
                    + " FROM pg_database WHERE datname = current_database()"));
            state.put("settings", query(connection, "SELECT count(*) FROM pg_db_role_setting"
                    + " WHERE setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)"
                    + " OR setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())"));
            state.put("role", query(connection, "SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb,"
                    + " rolcreaterole, rolreplication, rolbypassrls, rolconnlimit) FROM pg_roles WHERE rolname = current_user"));
            state.put("memberships", query(connection, "SELECT count(*) FROM pg_auth_members"
                    + " WHERE member = (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
            state.put("owned", query(connection, "SELECT count(*) FROM pg_class WHERE relowner ="
                    + " (SELECT oid FROM pg_roles WHERE rolname = current_user)"));
            state.put("schema", query(connection, "SELECT md5(string_agg(c.relname || ' ' || a.attname || ' '"
                    + " || format_type(a.atttypid, a.atttypmod), ',' ORDER BY c.relname, a.attnum)) FROM pg_class c"
                    + " JOIN pg_attribute a ON a.attrelid = c.oid WHERE c.relnamespace = 'public'::regnamespace"
                    + " AND a.attnum > 0"));
        }
        return state;
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (var statement = connection.createStatement(); var rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
