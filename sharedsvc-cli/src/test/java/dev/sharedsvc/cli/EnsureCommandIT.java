package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.embedded.PostgresSettings;

/** {@code sharedsvc-cli ensure}, run as the built jar against the test server. */
class EnsureCommandIT {

    private static final String PREFIX = "cli_ensure_";
    /** The seed's init-multiple-dbs.sh: a database per name, interpolated unquoted, owned by the superuser. */
    private static final String OLD_SCRIPT = String.join("\n",
            "set -eu",
            "for db in $(echo \"$POSTGRES_MULTIPLE_DATABASES\" | tr ',' ' '); do",
            "  psql -v ON_ERROR_STOP=1 -q --username \"$POSTGRES_USER\" --dbname postgres -c \"CREATE DATABASE $db\"",
            "done");

    @TempDir
    Path files;

    @AfterAll
    static void dropWhatTheTestsMade() throws SQLException {
        Servers.drop(PREFIX);
    }

    @Test
    void theOldScriptsEnvironmentMakesTheSameDatabasesPlusRolesAndASecondEnsureChangesNothing() throws SQLException {
        String prefix = PREFIX + "old_";
        String keycloak = prefix + "kc";
        String backend = prefix + "back-end";
        Map<String, String> env = Servers.oldScript(" " + keycloak + " , " + backend + " ");
        env.put("CLI_ENSURE_OLD_KC_PASSWORD", Cli.secret("kc-Secret-1"));
        // The rule for a name with '-': upper-cased, every character but letters and digits as '_'.
        env.put("CLI_ENSURE_OLD_BACK_END_PASSWORD_FILE", Cli.secretFile(files, "backend", "backend-Secret-1").toString());

        Cli.Run first = Cli.run(env, "ensure");

        assertThat(first.exitCode()).as(first.output()).isZero();
        // The script made one database per name, split at commas and blanks; ensure makes the same ones, each
        // owned by a role of its name that logs in with its password.
        assertThat(Servers.databases(prefix)).containsOnly(Map.entry(keycloak, keycloak), Map.entry(backend, backend));
        assertThat(Servers.canLogIn(keycloak, keycloak, "kc-Secret-1")).isTrue();
        assertThat(Servers.canLogIn(backend, backend, "backend-Secret-1")).isTrue();
        assertThat(Servers.canLogIn(keycloak, backend, "backend-Secret-1")).as("isolation").isFalse();
        assertThat(first.out()).contains("CREATE_ROLE " + keycloak, "CREATE_DATABASE " + backend,
                "SET_PASSWORD " + backend + ": ALTER ROLE \"" + backend + "\" PASSWORD '***'",
                "2 databases, 2 changed").doesNotContain("NOTE");
        List<String> catalog = Servers.catalog(prefix);

        Cli.Run second = Cli.run(env, "ensure");

        assertThat(second.exitCode()).as(second.output()).isZero();
        assertThat(second.out()).contains("2 databases, 0 changed (0 changes), 2 already in place")
                .doesNotContain("CREATE_", "SET_", "ALTER", "REVOKE");
        assertThat(Servers.catalog(prefix)).as("nothing on the server changed").isEqualTo(catalog);
    }

    @Test
    void theOldScriptItselfAndEnsureMakeTheSameDatabasesFromTheSameEnvironment() throws Exception {
        Path psql = Path.of("/usr/bin/psql");
        assumeTrue(Files.isExecutable(psql), "the old script needs psql");
        String prefix = PREFIX + "script_";
        Map<String, String> env = Servers.oldScript(prefix + "a," + prefix + "b");
        PostgresSettings postgres = Servers.postgres();
        ProcessBuilder script = new ProcessBuilder("bash", "-c", OLD_SCRIPT).redirectErrorStream(true);
        script.environment().putAll(env);
        script.environment().putAll(Map.of("PGHOST", postgres.host(), "PGPORT", Integer.toString(postgres.port()),
                "PGPASSWORD", postgres.password()));
        Process process = script.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        Set<String> byScript = Servers.databases(prefix).keySet();
        Servers.drop(prefix);

        Cli.Run run = Cli.run(env, "ensure");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(byScript).containsExactlyInAnyOrder(prefix + "a", prefix + "b");
        assertThat(Servers.databases(prefix)).as("the same databases, each owned by a role of its name")
                .containsOnly(Map.entry(prefix + "a", prefix + "a"), Map.entry(prefix + "b", prefix + "b"));
    }

    @Test
    void aDatabaseWithoutAPasswordVariableGetsARoleWithoutPasswordAndSaysSo() throws SQLException {
        String name = PREFIX + "nopass";

        Cli.Run run = Cli.run(Servers.oldScript(name), "ensure");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("CREATE_ROLE " + name, "NOTE role " + name + " was created without a password");
        assertThat(Servers.databases(PREFIX)).containsEntry(name, name);
    }

    @Test
    void theLineThatVerifyModePrintsProvisionsTheService() throws SQLException {
        PostgresSettings postgres = Servers.postgres();
        String service = PREFIX + "verify";
        // As the README's verify-mode error prints it: settings as variables, secrets as _FILE variables.
        Map<String, String> env = env("SHAREDSVC_SERVICE", service, "SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl(),
                "SHAREDSVC_POSTGRES_CONNECTION_LIMIT", "7", "SHAREDSVC_POSTGRES_EXTENSIONS", "pgcrypto",
                "SHAREDSVC_POSTGRES_ADMIN_USER", postgres.user(),
                "SHAREDSVC_POSTGRES_PASSWORD_FILE", Cli.secretFile(files, "service", "verify-Secret-1").toString(),
                "SHAREDSVC_POSTGRES_ADMIN_PASSWORD_FILE", Cli.secretFile(files, "admin", postgres.password()).toString());

        Cli.Run run = Cli.run(env, "ensure");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("CONNECTION LIMIT 7", "CREATE_EXTENSION " + service + ".pgcrypto");
        assertThat(Servers.canLogIn(service, service, "verify-Secret-1")).isTrue();
        assertThat(connectionLimit(service)).isEqualTo(7);
    }

    @Test
    void aSpecFileProvisionsEveryServiceWithPasswordsFromFilesOrTheEnvironment() throws Exception {
        PostgresSettings postgres = Servers.postgres();
        Path spec = Files.writeString(files.resolve("services.properties"), String.join("\n",
                "# two services on one server",
                "postgres.url=" + postgres.jdbcUrl(),
                "services=cli_ensure_spec_kc, cli_ensure_spec_app",
                "service.cli_ensure_spec_kc.postgres.connection-limit=5",
                "service.cli_ensure_spec_app.postgres.database=cli_ensure_spec_appdb",
                "service.cli_ensure_spec_app.postgres.role=cli_ensure_spec_approle",
                "service.cli_ensure_spec_app.postgres.password-file="
                        + Cli.secretFile(files, "app", "app-Secret-1"),
                "service.cli_ensure_spec_app.postgres.schemas=app",
                ""));
        Map<String, String> env = env("POSTGRES_USER", postgres.user(), "POSTGRES_PASSWORD", postgres.password(),
                "CLI_ENSURE_SPEC_KC_PASSWORD", Cli.secret("spec-kc-Secret-1"),
                // With --spec, the services of the environment are not provisioned.
                "POSTGRES_MULTIPLE_DATABASES", PREFIX + "not_in_spec");

        Cli.Run run = Cli.run(env, "ensure", "--spec", spec.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(Servers.databases(PREFIX + "spec")).containsOnly(
                Map.entry("cli_ensure_spec_kc", "cli_ensure_spec_kc"),
                Map.entry("cli_ensure_spec_appdb", "cli_ensure_spec_approle"));
        assertThat(Servers.databases(PREFIX + "not")).isEmpty();
        assertThat(connectionLimit("cli_ensure_spec_kc")).isEqualTo(5);
        assertThat(Servers.canLogIn("cli_ensure_spec_kc", "cli_ensure_spec_kc", "spec-kc-Secret-1")).isTrue();
        assertThat(Servers.canLogIn("cli_ensure_spec_appdb", "cli_ensure_spec_approle", "app-Secret-1")).isTrue();
        assertThat(run.out()).contains("CREATE_SCHEMA cli_ensure_spec_appdb.app");
    }

    @Test
    void aWrongAdministratorPasswordExitsWithThree() {
        Map<String, String> env = Servers.oldScript(PREFIX + "never");
        env.put("POSTGRES_PASSWORD", Cli.secret("not-the-Admin-password"));

        Cli.Run run = Cli.run(env, "ensure", "--timeout", "20s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.CREDENTIALS_REJECTED);
        assertThat(run.err()).contains("CREDENTIALS_REJECTED");
    }

    private static int connectionLimit(String role) throws SQLException {
        try (Connection connection = Servers.admin(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT rolconnlimit FROM pg_roles WHERE rolname = '" + role + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
