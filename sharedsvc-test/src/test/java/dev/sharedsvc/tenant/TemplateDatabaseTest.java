package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.as;
import static dev.sharedsvc.tenant.TestTenants.databaseExists;
import static dev.sharedsvc.tenant.TestTenants.query;
import static dev.sharedsvc.tenant.TestTenants.queryAsAdmin;
import static dev.sharedsvc.tenant.TestTenants.roleExists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.postgres.Secret;

class TemplateDatabaseTest {

    @TempDir
    Path directory;

    /** A template of its own: {@code scripts} as V1, V2, ... in a directory no other test uses. */
    private TenantTemplate template(String... scripts) throws Exception {
        TestTenants.migrations(directory.resolve("db"), scripts);
        return TenantTemplate.builder().migrations(location()).build();
    }

    private String location() {
        return "filesystem:" + directory.resolve("db");
    }

    /** Starts a pool that must build the template, and returns the template's name. */
    private static String build(TenantTemplate template) {
        try (TenantPool pool = TestTenants.pool().template(template).size(0).start()) {
            assertThat(pool.builtTemplate()).isTrue();
            return pool.templateDatabase();
        }
    }

    @Test
    void anUnchangedMigrationSetReusesItsTemplateAndAChangedOneBuildsANewOne() throws Exception {
        TenantTemplate template = template("CREATE TABLE note (id int)");
        String first = build(template);
        try (TenantPool pool = TestTenants.pool().template(template).size(0).start()) {
            assertThat(pool.builtTemplate()).isFalse();
            assertThat(pool.templateDatabase()).isEqualTo(first);
        }

        Files.writeString(directory.resolve("db/V1__step.sql"), "CREATE TABLE note (id int, body text)");
        try (TenantPool pool = TestTenants.pool().template(template).size(0).start();
             Tenant tenant = pool.acquire(); Connection connection = as(tenant)) {
            assertThat(pool.builtTemplate()).isTrue();
            assertThat(pool.templateDatabase()).isNotEqualTo(first);
            assertThat(query(connection, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'note'"))
                    .isEqualTo("2");
        }
    }

    @Test
    void anotherJvmReusesTheTemplateThisOneBuilt() throws Exception {
        String name = build(template("CREATE TABLE note (id int)"));

        Path log = directory.resolve("child.log");
        Process child = TestTenants.startChild(log, "template", location());
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(line).as("child output; its log:%n%s", Files.readString(log)).isEqualTo("TEMPLATE reused " + name);
    }

    @Test
    void aFailingMigrationSaysWhichAndLeavesNothingBehind() throws Exception {
        TenantTemplate template = template("CREATE TABLE note (id int)", "INSERT INTO no_such_table VALUES (1)");
        String before = serverObjects();

        assertThatThrownBy(() -> TestTenants.pool().template(template).start())
                .isInstanceOf(TenantException.class)
                .hasMessageContaining("migrating the template")
                .hasMessageContaining("V2__step.sql")
                .hasMessageContaining("no_such_table");

        assertThat(serverObjects()).isEqualTo(before);
    }

    /** How many databases, roles and advisory locks (those of runs included) the server has. */
    private static String serverObjects() throws Exception {
        return queryAsAdmin("SELECT (SELECT count(*) FROM pg_database) || '/' || (SELECT count(*) FROM pg_roles)"
                + " || '/' || (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')");
    }

    @Test
    void anUnreachableServerGivesAClearError() {
        assertThatThrownBy(() -> TenantPool.builder("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=2",
                "postgres", Secret.of("not-the-password")).start())
                .isInstanceOf(TenantException.class)
                .hasMessageContaining("could not log in to PostgreSQL at 127.0.0.1:1/postgres as postgres")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aNameTakenByADatabaseThatIsNoTemplateIsLeftAloneAndReported() throws Exception {
        TenantTemplate template = template("CREATE TABLE note (id int)");
        String name = build(template);
        try (Connection admin = TestTenants.asAdmin(TestTenants.server().database())) {
            TestTenants.execute(admin, "ALTER DATABASE " + name + " IS_TEMPLATE false",
                    "COMMENT ON DATABASE " + name + " IS 'made by hand'");
            try {
                assertThatThrownBy(() -> TestTenants.pool().template(template).start())
                        .isInstanceOf(TenantException.class)
                        .hasMessageContaining("is not a sharedsvc template");
                assertThat(databaseExists(name)).isTrue();
                assertThat(roleExists(name)).isTrue();
            } finally {
                Cloner.drop(admin, name);
            }
        }
    }
}
