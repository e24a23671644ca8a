package dev.sharedsvc.tenant;

import static dev.sharedsvc.tenant.TestTenants.as;
import static dev.sharedsvc.tenant.TestTenants.asAdmin;
import static dev.sharedsvc.tenant.TestTenants.awaitDropped;
import static dev.sharedsvc.tenant.TestTenants.execute;
import static dev.sharedsvc.tenant.TestTenants.query;
import static dev.sharedsvc.tenant.TestTenants.queryAsAdmin;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.postgres.Secret;

/**
 * An administrator with CREATEROLE and CREATEDB that is not a superuser, as a managed cloud database gives you:
 * it builds its own template, makes, resets and drops tenants, and ends the sessions a test left open.
 */
class NonSuperuserAdminTest {

    @Test
    void aCreateRoleCreateDbAdministratorMakesResetsAndDropsTenants(@TempDir Path directory) throws Exception {
        String admin = "tenant_admin_" + ProcessHandle.current().pid();
        Secret password = Passwords.random();
        // The same migrations as a superuser's pool may have built a template from: this administrator gets its own.
        TestTenants.migrations(directory, "CREATE TABLE note (id serial PRIMARY KEY, body text NOT NULL);"
                + " INSERT INTO note (body) VALUES ('seed');");
        TenantTemplate notes = TenantTemplate.builder().migrations("filesystem:" + directory).extensions("pgcrypto").build();
        try (TenantPool bySuperuser = TestTenants.pool().template(notes).size(0).start()) {
            bySuperuser.acquire().close();
        }
        try (Connection superuser = asAdmin(TestTenants.server().database())) {
            execute(superuser, "CREATE ROLE " + admin + " LOGIN CREATEROLE CREATEDB");
            execute(superuser, "ALTER ROLE " + admin + " PASSWORD '" + password.reveal() + "'");
        }
        String template = null;
        try (TenantPool pool = TenantPool.builder(TestTenants.server().jdbcUrl(), admin, password)
                .template(notes).size(0).start()) {
            template = pool.templateDatabase();
            Tenant first = pool.acquire();
            List<Connection> leaked = new ArrayList<>();
            try (Connection connection = as(first)) {
                assertThat(query(connection, "SELECT length(gen_random_bytes(4))")).isEqualTo("4");
                execute(connection, "INSERT INTO note (body) VALUES ('mine')");
                leaked.add(as(first));
                execute(leaked.get(0), "BEGIN", "LOCK TABLE note IN ACCESS EXCLUSIVE MODE");
            }
            assertThat(queryAsAdmin("SELECT concat_ws(',', rolcanlogin, rolsuper, rolcreatedb, rolcreaterole)"
                    + " FROM pg_roles WHERE rolname = ?", first.user())).isEqualTo("t,f,f,f");
            first.close();

            Tenant second = pool.acquire();
            try (Connection connection = as(second)) {
                assertThat(second.database()).as("reset").isEqualTo(first.database());
                assertThat(leaked.get(0).isValid(2)).isFalse();
                assertThat(query(connection, "SELECT string_agg(body, ',') FROM note")).isEqualTo("seed");
                execute(connection, "ALTER TABLE note ADD COLUMN extra text");
            }
            second.close();

            try (Tenant third = pool.acquire()) {
                assertThat(third.database()).as("copied").isNotEqualTo(second.database());
                awaitDropped(second.database());
            }
            leaked.forEach(Sql::closeQuietly);
        } finally {
            try (Connection superuser = asAdmin(TestTenants.server().database())) {
                if (template != null) {
                    execute(superuser, "ALTER DATABASE " + template + " IS_TEMPLATE false");
                    execute(superuser, "DROP DATABASE " + template);
                    execute(superuser, "DROP ROLE " + template);
                }
                execute(superuser, "DROP ROLE " + admin);
            }
        }
    }
}
