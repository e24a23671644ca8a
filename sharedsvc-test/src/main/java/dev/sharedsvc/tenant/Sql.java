package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Statements of the tenant package: names always quoted by the driver, each statement logged at DEBUG. */
final class Sql {

    private static final Logger LOG = LoggerFactory.getLogger(Sql.class);

    private Sql() {
    }

    /** {@code name} as a quoted identifier, as the driver quotes it. */
    static String quote(Connection connection, String name) throws SQLException {
        return connection.unwrap(PGConnection.class).escapeIdentifier(name);
    }

    /** {@code text} as a string literal, as the driver quotes it. */
    static String literal(Connection connection, String text) throws SQLException {
        return '\'' + connection.unwrap(PGConnection.class).escapeLiteral(text) + '\'';
    }

    static void execute(Connection connection, String sql) throws SQLException {
        LOG.debug("{}", sql);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row, or {@code null} when there is none. */
    static String queryString(Connection connection, String sql, Object... parameters) throws SQLException {
        List<List<String>> rows = queryRows(connection, sql, parameters);
        return rows.isEmpty() ? null : rows.get(0).get(0);
    }

    /** Every row, each column as text. */
    static List<List<String>> queryRows(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                List<List<String>> rows = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>(columns);
                    for (int column = 1; column <= columns; column++) {
                        row.add(rs.getString(column));
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }
}
