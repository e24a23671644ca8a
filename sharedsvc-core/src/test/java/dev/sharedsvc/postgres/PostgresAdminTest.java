package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.admin;
import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.executeAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.login;
import static dev.sharedsvc.postgres.TestDatabases.queryAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.serverVersion;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.PostgresSettings;

class PostgresAdminTest {

    private PostgresAdmin admin;
    private ServiceDatabase service;
    private ServiceDatabase other;

    @BeforeEach
    void connect() {
        admin = admin();
        service = ServiceDatabase.builder(uniqueName("svc")).password(Secret.of("first-Password-1")).build();
        other = ServiceDatabase.builder(uniqueName("other")).password(Secret.of("other-Password-2")).build();
    }

    @AfterEach
    void cleanUp() throws SQLException {
        admin.close();
        drop(service, other);
    }

    @Test
    void ensureCreatesALoginRoleWithNoExtraPrivilegesThatOwnsItsDatabase() throws SQLException {
        ProvisioningResult result = admin.ensure(service);

        assertThat(result.did(ActionKind.CREATE_ROLE)).isTrue();
        assertThat(result.did(ActionKind.CREATE_DATABASE)).isTrue();
        assertThat(queryAsAdmin("SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole, rolreplication,"
                + " rolbypassrls) FROM pg_roles WHERE rolname = ?", service.owner()))
                .isEqualTo("t,f,f,f,f,f");
        assertThat(queryAsAdmin("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", service.database()))
                .isEqualTo(service.owner());
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_database d, aclexplode(d.datacl) a"
                + " WHERE d.datname = ? AND a.grantee = 0", service.database())).isEqualTo("0");
    }

    @Test
    void ownerCanLogInAndCreateTablesInItsPublicSchema() throws SQLException {
        admin.ensure(service);
        try (Connection connection = login(service.database(), service.owner(), "first-Password-1");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE public.note (id int)");
            statement.execute("INSERT INTO note VALUES (1)");
        }
    }

    @Test
    void secondEnsureChangesNothingAndItsPlanIsEmpty() {
        admin.ensure(service);

        ProvisioningResult second = admin.ensure(service);

        assertThat(second.changed()).isFalse();
        assertThat(second.actions()).isEmpty();
        assertThat(admin.plan(service).isEmpty()).isTrue();
        assertThat(second.toString()).contains("already in place");
    }

    @Test
    void anAdminOnALoginTheCallerMadeEnsuresAsUsualAndClosesThatLogin() throws SQLException {
        PostgresSettings settings = TestDatabases.server();
        PostgresServer server = PostgresServer.parse(settings.jdbcUrl());
        PostgresLogin login = PostgresLogin.password(settings.user(), Secret.of(settings.password()));
        Connection probed = server.connect(login);

        try (PostgresAdmin onProbed = PostgresAdmin.connect(server, login, probed)) {
            assertThat(probed.isClosed()).isTrue();
            assertThat(onProbed.ensure(service).did(ActionKind.CREATE_DATABASE)).isTrue();
            assertThat(onProbed.ensure(service).changed()).isFalse();
        }
    }

    @Test
    void roleOfServiceACannotConnectToDatabaseOfServiceB() {
        admin.ensure(service);
        admin.ensure(other);

        assertThatThrownBy(() -> login(other.database(), service.owner(), "first-Password-1").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
    }

    @Test
    void planChangesNothingAndListsEachActionWithItsSqlAndNoPassword() throws SQLException {
        ProvisioningPlan plan = admin.plan(service);

        assertThat(plan.actions()).extracting(Action::kind).containsSubsequence(
                ActionKind.CREATE_ROLE, ActionKind.SET_PASSWORD, ActionKind.CREATE_DATABASE, ActionKind.REVOKE_PUBLIC);
        assertThat(plan.toString()).contains("CREATE DATABASE \"" + service.database() + "\" OWNER \"" + service.owner())
                .contains("PASSWORD '***'")
                .doesNotContain("first-Password-1");
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", service.owner())).isEqualTo("0");
    }

    @Test
    void changedPasswordIsSetAndAnUnchangedOneIsLeftAlone() throws SQLException {
        admin.ensure(service);
        String verifier = queryAsAdmin("SELECT rolpassword FROM pg_authid WHERE rolname = ?", service.owner());

        assertThat(admin.ensure(service).did(ActionKind.SET_PASSWORD)).isFalse();
        assertThat(queryAsAdmin("SELECT rolpassword FROM pg_authid WHERE rolname = ?", service.owner())).isEqualTo(verifier);

        ServiceDatabase rotated = ServiceDatabase.builder(service.database()).password(Secret.of("second-Password-2")).build();
        assertThat(admin.ensure(rotated).did(ActionKind.SET_PASSWORD)).isTrue();
        login(service.database(), service.owner(), "second-Password-2").close();
        assertThatThrownBy(() -> login(service.database(), service.owner(), "first-Password-1").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void connectionLimitIsSetAndChanged() throws SQLException {
        admin.ensure(ServiceDatabase.builder(service.database()).connectionLimit(5).build());
        assertThat(queryAsAdmin("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", service.owner())).isEqualTo("5");

        ProvisioningResult changed = admin.ensure(ServiceDatabase.builder(service.database()).connectionLimit(7).build());

        assertThat(changed.did(ActionKind.SET_CONNECTION_LIMIT)).isTrue();
        assertThat(queryAsAdmin("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", service.owner())).isEqualTo("7");
    }

    @Test
    void schemasBelongToTheRoleAndExtensionsAreCreatedOnce() throws SQLException {
        ServiceDatabase withParts = ServiceDatabase.builder(service.database()).password(Secret.of("first-Password-1"))
                .schemas("app", "Audit Log").extensions("pgcrypto").build();

        admin.ensure(withParts);

        try (Connection connection = login(service.database(), service.owner(), "first-Password-1");
             Statement statement = connection.createStatement()) {
            var rs = statement.executeQuery("SELECT string_agg(nspname || ':' || pg_get_userbyid(nspowner), ',' ORDER BY nspname)"
                    + " FROM pg_namespace WHERE nspname IN ('app', 'Audit Log')");
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("Audit Log:" + service.owner() + ",app:" + service.owner());
            rs = statement.executeQuery("SELECT encode(digest('x', 'sha256'), 'hex')");
            rs.next();
            assertThat(rs.getString(1)).hasSize(64);
        }
        assertThat(admin.ensure(withParts).changed()).isFalse();
    }

    @Test
    void encodingAndLocaleComeFromTemplate0() throws SQLException {
        ServiceDatabase latin = ServiceDatabase.builder(service.database()).encoding("LATIN1").locale("C").build();

        admin.ensure(latin);

        assertThat(queryAsAdmin("SELECT pg_encoding_to_char(encoding) || '/' || datcollate FROM pg_database WHERE datname = ?",
                service.database())).isEqualTo("LATIN1/C");
        assertThat(admin.ensure(latin).changed()).isFalse();
    }

    @Test
    void aNewDatabaseIsCopiedFromTheTemplateAskedForAndItAndItsRoleGetTheComment() throws SQLException {
        admin.ensure(other);
        try (Connection connection = login(other.database(), other.owner(), "other-Password-2");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copied (id int)");
        }
        ServiceDatabase copy = ServiceDatabase.builder(service.database()).password(Secret.of("first-Password-1"))
                .template(other.database()).strategy(CopyStrategy.WAL_LOG).comment("made by a test").build();

        ProvisioningResult result = admin.ensure(copy);

        assertThat(result.did(ActionKind.COMMENT_DATABASE)).isTrue();
        assertThat(result.actions()).extracting(Action::sql).contains("CREATE DATABASE \"" + copy.database()
                + "\" OWNER \"" + copy.owner() + "\" TEMPLATE \"" + other.database() + "\""
                + (serverVersion() >= 150_000 ? " STRATEGY WAL_LOG" : ""));
        try (Connection connection = login(copy.database(), copy.owner(), "first-Password-1");
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT to_regclass('copied') IS NOT NULL")) {
            assertThat(rs.next() && rs.getBoolean(1)).isTrue();
        }
        assertThat(queryAsAdmin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?",
                copy.database())).isEqualTo("made by a test");
        assertThat(queryAsAdmin("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?",
                copy.owner())).isEqualTo("made by a test");
        assertThat(admin.ensure(copy).changed()).isFalse();
    }

    @Test
    void driftIsReportedAndNotFixed() throws SQLException {
        admin.ensure(service);
        admin.ensure(other);
        executeAsAdmin("ALTER ROLE \"" + service.owner() + "\" CREATEDB",
                "ALTER DATABASE \"" + service.database() + "\" OWNER TO \"" + other.owner() + "\"");

        ProvisioningResult result = admin.ensure(service);

        assertThat(result.changed()).isFalse();
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("CREATEDB").contains(service.owner()));
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("belongs to " + other.owner()));
        assertThat(queryAsAdmin("SELECT rolcreatedb FROM pg_roles WHERE rolname = ?", service.owner())).isEqualTo("t");
    }

    @Test
    void publicConnectGrantedByHandIsRevokedAgain() throws SQLException {
        admin.ensure(service);
        executeAsAdmin("GRANT CONNECT ON DATABASE \"" + service.database() + "\" TO PUBLIC");

        assertThat(admin.ensure(service).did(ActionKind.REVOKE_PUBLIC)).isTrue();
        assertThat(admin.plan(service).isEmpty()).isTrue();
    }

    @Test
    void roleWithoutLoginGetsLoginBackWithoutLosingAnything() throws SQLException {
        admin.ensure(service);
        executeAsAdmin("ALTER ROLE \"" + service.owner() + "\" NOLOGIN");

        assertThat(admin.ensure(service).did(ActionKind.ALLOW_LOGIN)).isTrue();
        login(service.database(), service.owner(), "first-Password-1").close();
    }

    @Test
    void aFailedStepLeavesWhatWasDoneAndTheNextEnsureFinishes() throws SQLException {
        ServiceDatabase broken = ServiceDatabase.builder(service.database()).password(Secret.of("first-Password-1"))
                .extensions("no_such_extension").build();

        assertThatThrownBy(() -> admin.ensure(broken))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining(service.database())
                .hasMessageContaining("no_such_extension")
                .hasMessageNotContaining("first-Password-1");
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_database WHERE datname = ?", service.database())).isEqualTo("1");

        assertThat(admin.ensure(service).changed()).isFalse();
        login(service.database(), service.owner(), "first-Password-1").close();
    }

    @Test
    void managedCloudAdministratorWithCreateroleAndCreatedbEnsuresEverything() throws SQLException {
        String cloudAdmin = uniqueName("cloudadmin");
        executeAsAdmin("CREATE ROLE \"" + cloudAdmin + "\" LOGIN CREATEROLE CREATEDB PASSWORD 'cloud-Admin-pw1'");
        ServiceDatabase full = ServiceDatabase.builder(service.database()).password(Secret.of("first-Password-1"))
                .connectionLimit(10).schemas("app").extensions("pgcrypto").build();
        try (PostgresAdmin cloud = PostgresAdmin.connect(TestDatabases.server().jdbcUrl(), cloudAdmin,
                Secret.of("cloud-Admin-pw1"))) {
            ProvisioningResult first = cloud.ensure(full);
            assertThat(first.did(ActionKind.CREATE_DATABASE)).isTrue();
            assertThat(cloud.ensure(full).changed()).isFalse();
            assertThat(cloud.plan(full).isEmpty()).isTrue();

            ServiceDatabase rotated = ServiceDatabase.builder(service.database()).password(Secret.of("second-Password-2"))
                    .connectionLimit(10).schemas("app").extensions("pgcrypto").build();
            assertThat(cloud.ensure(rotated).actions()).extracting(Action::kind).containsExactly(ActionKind.SET_PASSWORD);
        }
        assertThat(queryAsAdmin("SELECT rolsuper OR rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = ?",
                service.owner())).isEqualTo("f");
        assertThat(queryAsAdmin("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?", service.database()))
                .isEqualTo(service.owner());
        try (Connection connection = login(service.database(), service.owner(), "second-Password-2");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE app.t (id int)");
        }
        drop(java.util.List.of(service.database()), java.util.List.of(service.owner(), cloudAdmin));
    }

    @Test
    void commentsKeepBackslashesAndQuotesEvenWithoutStandardConformingStrings() throws SQLException {
        String oldStyle = uniqueName("oldstyle");
        executeAsAdmin("CREATE ROLE \"" + oldStyle + "\" LOGIN SUPERUSER PASSWORD 'old-Style-pw1'",
                "ALTER ROLE \"" + oldStyle + "\" SET standard_conforming_strings = off");
        String comment = "run a\\'; DROP ROLE \"" + other.owner() + "\"; -- it's mine";
        ServiceDatabase commented = ServiceDatabase.builder(service.database()).comment(comment).build();
        try (PostgresAdmin legacy = PostgresAdmin.connect(TestDatabases.server().jdbcUrl(), oldStyle,
                Secret.of("old-Style-pw1"))) {
            admin.ensure(other);
            legacy.ensure(commented);
        } finally {
            drop(java.util.List.of(), java.util.List.of(oldStyle));
        }
        assertThat(queryAsAdmin("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = ?",
                service.database())).isEqualTo(comment);
        assertThat(queryAsAdmin("SELECT count(*) FROM pg_roles WHERE rolname = ?", other.owner())).isEqualTo("1");
    }

    @Test
    void administratorThatCannotCreateIsRefusedAtConnect() throws SQLException {
        String weak = uniqueName("weak");
        executeAsAdmin("CREATE ROLE \"" + weak + "\" LOGIN PASSWORD 'weak-pw-1'");
        try {
            assertThatThrownBy(() -> PostgresAdmin.connect(TestDatabases.server().jdbcUrl(), weak, Secret.of("weak-pw-1")))
                    .isInstanceOf(ProvisioningException.class)
                    .hasMessageContaining(weak)
                    .hasMessageContaining("CREATEROLE and CREATEDB");
        } finally {
            drop(java.util.List.of(), java.util.List.of(weak));
        }
    }

    @Test
    void wrongAdministratorPasswordSaysSoWithoutShowingIt() {
        var server = TestDatabases.server();
        assertThatThrownBy(() -> PostgresAdmin.connect(server.jdbcUrl(), server.user(), Secret.of("Not-The-Password")))
                .isInstanceOfSatisfying(ProvisioningException.class, e -> {
                    assertThat(e.sqlState()).isEqualTo("28P01");
                    assertThat(e.getMessage()).contains(server.host() + ":" + server.port())
                            .contains("password").doesNotContain("Not-The-Password");
                });
    }

    @Test
    void unreachableServerNamesHostAndPortAndWhatToCheck() {
        assertThatThrownBy(() -> PostgresAdmin.connect("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2",
                "postgres", Secret.of("pw")))
                .isInstanceOf(ProvisioningException.class)
                .hasMessageContaining("127.0.0.1:1")
                .hasMessageContaining("check the host and port");
    }

    @Test
    void urlThatIsNotPostgresIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> PostgresAdmin.connect("jdbc:mysql://h/db?password=leak", "u", Secret.of("pw")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("leak");
    }

    @Test
    void serverVersionIsTheOneRunning() throws SQLException {
        assertThat(admin.serverVersion()).isEqualTo(serverVersion());
    }
}
