package dev.sharedsvc.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * The test servers as the command line sees them: environments that name them, and what a test reads from the
 * catalog or drops when it is done. Every name a test makes starts with {@code cli_}.
 */
final class Servers {

    private Servers() {
    }

    static PostgresSettings postgres() {
        PostgresSettings postgres = TestServers.postgres();
        Cli.secret(postgres.password());
        return postgres;
    }

    static RedisSettings redis() {
        RedisSettings redis = TestServers.redis();
        Cli.secret(redis.password());
        return redis;
    }

    /** The old init script's environment, plus the server's address, which the script never needed. */
    static Map<String, String> oldScript(String databases) {
        PostgresSettings postgres = postgres();
        Map<String, String> env = new HashMap<>();
        env.put("SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl());
        env.put("POSTGRES_USER", postgres.user());
        env.put("POSTGRES_PASSWORD", postgres.password());
        env.put("POSTGRES_MULTIPLE_DATABASES", databases);
        return env;
    }

    static Connection admin() throws SQLException {
        PostgresSettings postgres = postgres();
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    /** Databases whose name starts with {@code prefix}, with their owners: {@code name=owner}. */
    static Map<String, String> databases(String prefix) throws SQLException {
        Map<String, String> databases = new HashMap<>();
        try (Connection connection = admin(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT datname, pg_get_userbyid(datdba) FROM pg_database")) {
            while (rs.next()) {
                if (rs.getString(1).startsWith(prefix)) {
                    databases.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return databases;
    }

    /** Everything the catalog says about roles and databases starting with {@code prefix}, to compare runs. */
    static List<String> catalog(String prefix) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = admin(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 'role ' || rolname || ' ' || rolcanlogin || ' '"
                     + " || rolconnlimit || ' ' || coalesce(rolpassword, '-') || ' ' || xmin FROM pg_authid"
                     + " UNION ALL SELECT 'database ' || datname || ' '"
                     + " || pg_get_userbyid(datdba) || ' ' || coalesce(datacl::text, '-') || ' ' || xmin"
                     + " FROM pg_database ORDER BY 1")) {
            while (rs.next()) {
                if (rs.getString(1).split(" ")[1].startsWith(prefix)) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    /** Whether {@code role} can log in to {@code database} with {@code password}. */
    static boolean canLogIn(String database, String role, String password) {
        try (Connection connection = DriverManager.getConnection(postgres().jdbcUrl(database), role, password)) {
            return connection.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Drops the databases and roles whose names start with {@code prefix}. */
    static void drop(String prefix) throws SQLException {
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            for (String database : databases(prefix).keySet()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            }
            List<String> roles = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT rolname FROM pg_roles")) {
                while (rs.next()) {
                    if (rs.getString(1).startsWith(prefix)) {
                        roles.add(rs.getString(1));
                    }
                }
            }
            for (String role : roles) {
                statement.execute("DROP ROLE IF EXISTS \"" + role + "\"");
            }
        }
    }
}
