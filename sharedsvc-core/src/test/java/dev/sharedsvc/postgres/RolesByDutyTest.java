package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.admin;
import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.executeAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.login;
import static dev.sharedsvc.postgres.TestDatabases.queryAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.serverVersion;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The owner, application and read-only roles of a service with roles by duty, against a real server. */
class RolesByDutyTest {

    private static final String OWNER_PASSWORD = "owner-Password-1";
    private static final String APP_PASSWORD = "app-Password-2";
    private static final String READ_PASSWORD = "read-Password-3";

    private PostgresAdmin admin;
    private ServiceDatabase service;

    @BeforeEach
    void connect() {
        admin = admin();
        service = duties(uniqueName("duty")).build();
    }

    private static ServiceDatabase.Builder duties(String name) {
        return ServiceDatabase.builder(name).password(Secret.of(OWNER_PASSWORD))
                .applicationRole(Secret.of(APP_PASSWORD)).readOnlyRole(Secret.of(READ_PASSWORD));
    }

    @AfterEach
    void cleanUp() throws SQLException {
        admin.close();
        drop(service);
    }

    private Connection as(String role, String password) throws SQLException {
        return login(service.database(), role, password);
    }

    private String app() {
        return service.applicationRole().orElseThrow();
    }

    private String readOnly() {
        return service.readOnlyRole().orElseThrow();
    }

    /** A migration: the owner creates a table with a sequence, as Flyway connected as the owner does. */
    private void migrate(String table) throws SQLException {
        try (Connection owner = as(service.owner(), OWNER_PASSWORD); Statement statement = owner.createStatement()) {
            statement.execute("CREATE TABLE " + table + " (id serial PRIMARY KEY, note text)");
        }
    }

    private static String refusal(Connection connection, String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            return "allowed";
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    @Test
    void ensureMakesThreeLoginRolesWithoutAttributesAndTheSecondEnsureChangesNothing() throws SQLException {
        ProvisioningPlan plan = admin.plan(service);
        assertThat(plan.actions()).extracting(Action::kind).contains(ActionKind.GRANT_DEFAULT_PRIVILEGES,
                ActionKind.GRANT_CONNECT);
        assertThat(plan.toString()).contains("CREATE ROLE \"" + app() + "\" LOGIN")
                .contains("ALTER DEFAULT PRIVILEGES FOR ROLE \"" + service.owner() + "\" GRANT SELECT, INSERT, UPDATE,"
                        + " DELETE ON TABLES TO \"" + app() + "\"")
                .doesNotContain(APP_PASSWORD).doesNotContain(READ_PASSWORD);

        admin.ensure(service);

        for (String role : List.of(service.owner(), app(), readOnly())) {
            assertThat(queryAsAdmin("SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole,"
                    + " rolreplication, rolbypassrls) FROM pg_roles WHERE rolname = ?", role)).as(role).isEqualTo("t,f,f,f,f,f");
        }
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", service.applicationLogins().get(1)))
                .as("the second login is made by the first rotation").isEqualTo("0");
        ProvisioningResult second = admin.ensure(service);
        assertThat(second.actions()).isEmpty();
        assertThat(second.warnings()).isEmpty();
        assertThat(admin.plan(service).isEmpty()).isTrue();
        assertThat(ServiceCheck.run(TestDatabases.server().jdbcUrl(), service).inPlace()).isTrue();
    }

    private static String limits(String... roles) throws SQLException {
        return queryAsAdmin("SELECT string_agg(rolconnlimit::text, ',' ORDER BY array_position(?::text[], rolname::text))"
                + " FROM pg_roles WHERE rolname = ANY (?::text[])", "{" + String.join(",", roles) + "}",
                "{" + String.join(",", roles) + "}");
    }

    @Test
    void theConnectionLimitHoldsTheOwnerAndBothApplicationLoginsButNotTheReadOnlyRole() throws SQLException {
        service = duties(service.database()).connectionLimit(2).build();
        admin.ensure(service);
        String second = service.applicationLogins().get(1);
        assertThat(limits(service.owner(), app(), readOnly())).isEqualTo("2,2,-1");

        try (Connection first = as(app(), APP_PASSWORD); Connection other = as(app(), APP_PASSWORD)) {
            assertThatThrownBy(() -> as(app(), APP_PASSWORD).close()).as("a third session of the pool's login")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("53300"));
        }

        PasswordRotation.of(admin, service).begin(Secret.of("app-Password-4"));
        assertThat(limits(second)).as("the login a rotation moves the pool to").isEqualTo("2");

        service = duties(service.database()).connectionLimit(5).build();
        ProvisioningResult raised = admin.ensure(service);
        assertThat(raised.actions()).filteredOn(action -> action.kind() == ActionKind.SET_CONNECTION_LIMIT)
                .extracting(Action::target).containsExactlyInAnyOrder(service.owner(), app(), second);
        assertThat(limits(service.owner(), app(), second, readOnly())).isEqualTo("5,5,5,-1");

        executeAsAdmin("ALTER ROLE \"" + app() + "\" CONNECTION LIMIT 9");
        ServiceCheck check = ServiceCheck.run(TestDatabases.server().jdbcUrl(), service);
        assertThat(check.inPlace()).as("verify finds the application login's limit changed").isFalse();
        assertThat(check.plan().toString()).contains("ALTER ROLE \"" + app() + "\" CONNECTION LIMIT 5");
        assertThat(check.budget().orElseThrow().role()).as("the budget is the pool's login's").isEqualTo(app());
        assertThat(check.budget().orElseThrow().roleLimit()).isEqualTo(9);
    }

    @Test
    void applicationRoleReadsAndWritesRowsButCannotCreateAlterOrDrop() throws SQLException {
        admin.ensure(service);
        migrate("note");

        try (Connection app = as(app(), APP_PASSWORD); Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO note (note) VALUES ('a')");
            statement.execute("UPDATE note SET note = 'b'");
            try (ResultSet rs = statement.executeQuery("SELECT note FROM note")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("b");
            }
            statement.execute("DELETE FROM note");
            statement.execute("SELECT nextval('note_id_seq')");

            assertThat(refusal(app, "CREATE TABLE public.mine (id int)")).isEqualTo("42501");
            assertThat(refusal(app, "ALTER TABLE note ADD COLUMN extra int")).isEqualTo("42501");
            assertThat(refusal(app, "DROP TABLE note")).isEqualTo("42501");
            assertThat(refusal(app, "TRUNCATE note")).isEqualTo("42501");
            assertThat(refusal(app, "CREATE SCHEMA mine")).isEqualTo("42501");
            assertThat(refusal(app, "CREATE TEMP TABLE scratch (id int)")).isEqualTo("42501");
        }
    }

    @Test
    void readOnlyRoleReadsButCannotWrite() throws SQLException {
        admin.ensure(service);
        migrate("note");
        try (Connection owner = as(service.owner(), OWNER_PASSWORD); Statement statement = owner.createStatement()) {
            statement.execute("INSERT INTO note (note) VALUES ('seen')");
        }

        try (Connection reader = as(readOnly(), READ_PASSWORD); Statement statement = reader.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT note FROM note")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("seen");
            }
            assertThat(refusal(reader, "INSERT INTO note (note) VALUES ('x')")).isEqualTo("42501");
            assertThat(refusal(reader, "UPDATE note SET note = 'x'")).isEqualTo("42501");
            assertThat(refusal(reader, "DELETE FROM note")).isEqualTo("42501");
            assertThat(refusal(reader, "CREATE TABLE public.mine (id int)")).isEqualTo("42501");
        }
    }

    @Test
    void aTableOfALaterMigrationIsReachableByBothWithoutEnsuringAgain() throws SQLException {
        admin.ensure(service);
        migrate("first");
        try (Connection app = as(app(), APP_PASSWORD); Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO first (note) VALUES ('one')");
        }

        migrate("later");

        try (Connection app = as(app(), APP_PASSWORD); Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO later (note) VALUES ('two')");
        }
        try (Connection reader = as(readOnly(), READ_PASSWORD); Statement statement = reader.createStatement();
             ResultSet rs = statement.executeQuery("SELECT note FROM later")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("two");
        }
        assertThat(admin.plan(service).isEmpty()).isTrue();
    }

    @Test
    void tablesMadeBeforeRolesByDutyWereTurnedOnAreGrantedAndSchemasOpened() throws SQLException {
        ServiceDatabase single = ServiceDatabase.builder(service.database()).password(Secret.of(OWNER_PASSWORD))
                .schemas("ledger").build();
        admin.ensure(single);
        migrate("ledger.entry");
        ServiceDatabase withDuties = duties(service.database()).schemas("ledger").build();

        ProvisioningResult result = admin.ensure(withDuties);

        assertThat(result.actions()).extracting(Action::kind).contains(ActionKind.GRANT_EXISTING_OBJECTS,
                ActionKind.GRANT_SCHEMA_USAGE);
        try (Connection app = as(app(), APP_PASSWORD); Statement statement = app.createStatement()) {
            statement.execute("INSERT INTO ledger.entry (note) VALUES ('old table')");
        }
        try (Connection reader = as(readOnly(), READ_PASSWORD); Statement statement = reader.createStatement()) {
            statement.execute("SELECT * FROM ledger.entry");
        }
        assertThat(admin.ensure(withDuties).changed()).isFalse();
    }

    @Test
    void verifyModeFindsAMissingGrantAndNamesTheStatement() throws SQLException {
        admin.ensure(service);
        executeAsAdmin("REVOKE CONNECT ON DATABASE \"" + service.database() + "\" FROM \"" + readOnly() + "\"");

        ServiceCheck check = ServiceCheck.run(TestDatabases.server().jdbcUrl(), service);

        assertThat(check.inPlace()).isFalse();
        assertThat(check.plan().actions()).extracting(Action::kind).contains(ActionKind.GRANT_CONNECT);
        assertThat(check.toString()).contains("GRANT CONNECT ON DATABASE \"" + service.database() + "\" TO \""
                + readOnly() + "\"");
    }

    @Test
    void aChangedApplicationPasswordIsSetOnItsLogin() throws SQLException {
        admin.ensure(service);
        ServiceDatabase changed = ServiceDatabase.builder(service.database()).password(Secret.of(OWNER_PASSWORD))
                .applicationRole(Secret.of("app-Password-new")).readOnlyRole(Secret.of(READ_PASSWORD)).build();

        assertThat(admin.ensure(changed).actions()).extracting(Action::target).containsExactly(app());
        as(app(), "app-Password-new").close();
    }

    @Test
    void ownerNameTooLongForItsSuffixesIsRefusedBeforeAnySql() {
        String longest = "o".repeat(57);
        assertThatCode(() -> duties(longest).build()).doesNotThrowAnyException();

        assertThatThrownBy(() -> duties("o".repeat(58)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too long for roles by duty").hasMessageContaining("at most 57 bytes");
        assertThatThrownBy(() -> ServiceDatabase.builder("x").owner("é".repeat(28) + "ab")
                .applicationRole(Secret.of("p")).build())
                .hasMessageContaining("bytes in UTF-8");
    }

    @Test
    void rolesOfTwoServicesThatCollideAreRefusedWithoutAServer() {
        ServiceDatabase other = ServiceDatabase.builder(service.owner() + "_app").build();

        assertThatThrownBy(() -> ServiceDatabase.requireDistinctRoles(List.of(service, other)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("role " + app() + " would serve both");
    }

    @Test
    void aDutyNameTakenByAnotherServicesOwnerIsRefusedBeforeAnyChange() throws SQLException {
        ServiceDatabase taken = ServiceDatabase.builder(app()).password(Secret.of("other-Password-9")).build();
        try {
            admin.ensure(taken);

            assertThatThrownBy(() -> admin.ensure(service))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("role " + app()).hasMessageContaining("owns a database")
                    .hasMessageContaining("nothing was changed");
            assertThat(queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", service.owner())).isEqualTo("0");
            assertThat(queryAsAdmin("SELECT count(*) FROM pg_database WHERE datname = ?", service.database()))
                    .isEqualTo("0");
        } finally {
            drop(taken);
        }
    }

    @Test
    void anAdministratorThatCannotGrantIsToldWhatItLacks() throws SQLException {
        assumeTrue(serverVersion() >= 160_000, "before 16 CREATEROLE may grant any role that is not a superuser");
        String cloudAdmin = uniqueName("cloudadmin");
        executeAsAdmin("CREATE ROLE \"" + cloudAdmin + "\" LOGIN CREATEROLE CREATEDB PASSWORD 'cloud-Admin-pw1'");
        // The owner and database were made by someone else: the cloud administrator has no ADMIN OPTION on the owner.
        admin.ensure(ServiceDatabase.builder(service.database()).password(Secret.of(OWNER_PASSWORD)).build());
        try (PostgresAdmin cloud = PostgresAdmin.connect(TestDatabases.server().jdbcUrl(), cloudAdmin,
                Secret.of("cloud-Admin-pw1"))) {
            assertThatThrownBy(() -> cloud.ensure(service))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining("administrator " + cloudAdmin + " on ")
                    .hasMessageContaining("lacks the right to GRANT_ROLE_TO_ADMIN " + service.owner())
                    .hasMessageContaining("ADMIN OPTION")
                    .hasMessageNotContaining(APP_PASSWORD);
        } finally {
            drop(List.of(), List.of(cloudAdmin));
        }
    }

    @Test
    void managedCloudAdministratorEnsuresRolesByDuty() throws SQLException {
        String cloudAdmin = uniqueName("cloudadmin");
        executeAsAdmin("CREATE ROLE \"" + cloudAdmin + "\" LOGIN CREATEROLE CREATEDB PASSWORD 'cloud-Admin-pw1'");
        try (PostgresAdmin cloud = PostgresAdmin.connect(TestDatabases.server().jdbcUrl(), cloudAdmin,
                Secret.of("cloud-Admin-pw1"))) {
            cloud.ensure(service);
            migrate("note");
            try (Connection app = as(app(), APP_PASSWORD); Statement statement = app.createStatement()) {
                statement.execute("INSERT INTO note (note) VALUES ('cloud')");
                assertThat(refusal(app, "DROP TABLE note")).isEqualTo("42501");
            }
            assertThat(cloud.ensure(service).actions()).isEmpty();
        } finally {
            drop(List.of(service.database()), List.of(cloudAdmin));
        }
    }
}
