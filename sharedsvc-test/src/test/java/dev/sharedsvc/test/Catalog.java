package dev.sharedsvc.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/** Test support: queries as the administrator of the standard server, or through a tenant's data source. */
final class Catalog {

    private Catalog() {
    }

    /** The first column of the first row, or null. */
    static String query(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    static String query(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, parameters);
        }
    }

    static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static String asAdmin(String sql, Object... parameters) throws SQLException {
        TenantServer server = TenantServer.standard();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(),
                server.password().reveal())) {
            return query(connection, sql, parameters);
        }
    }

    /** Drops a tenant left on purpose (kept ones), with its role. */
    static void dropTenant(String name) throws SQLException {
        TenantServer server = TenantServer.standard();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.user(),
                server.password().reveal()); Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS \"" + name + "\" WITH (FORCE)");
            statement.execute("DROP ROLE IF EXISTS \"" + name + "\"");
        }
    }

    static boolean databaseExists(String name) throws SQLException {
        return asAdmin("SELECT datname FROM pg_database WHERE datname = ?", name) != null;
    }
}
