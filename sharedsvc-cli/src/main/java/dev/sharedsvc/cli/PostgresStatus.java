package dev.sharedsvc.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sharedsvc.postgres.ConnectionBudget;

/**
 * What {@code status} reads from a PostgreSQL server as its administrator, in five queries on one connection: the
 * version and the settings shared servers tune, the connection budget, every database with its size, sessions and
 * limits, and the queries running longer than a threshold. Query texts are shown on one line, cut to 200 characters;
 * a query that mentions a password anywhere is not shown at all, only {@code (hidden: the query mentions a
 * password)}, because its literals can be quoted in too many ways to mask them.
 *
 * @param server      {@code host:port/database}
 * @param version     {@code server_version}, such as {@code 18.1}
 * @param major       the major version, such as 18
 * @param settings    {@code max_connections}, {@code shared_buffers}, {@code work_mem} and
 *                    {@code max_locks_per_transaction} as the server shows them, with their values in base units
 * @param budget      the connection budget, as the library reads it (the administrator's own role in it is not shown)
 * @param connectionsUsed the client sessions open now
 * @param databases   every database that allows connections, by name
 * @param longQueries the active queries older than the threshold, oldest first
 * @param threshold   the threshold
 */
record PostgresStatus(String server, String version, int major, Map<String, ServerSetting> settings,
                      ConnectionBudget budget, int connectionsUsed, List<Database> databases, List<Query> longQueries,
                      Duration threshold) {

    /** The settings shown, in this order. */
    static final List<String> SHOWN = List.of("max_connections", "shared_buffers", "work_mem",
            "max_locks_per_transaction");
    private static final int QUERY_TEXT = 200;
    /** A setting's unit in pg_settings, such as {@code 8kB}. */
    private static final Pattern UNIT = Pattern.compile("(\\d*)(B|kB|MB|GB|TB)");
    /** Any query that mentions a password is hidden whole: literals can be quoted in too many ways to mask. */
    private static final Pattern MENTIONS_PASSWORD = Pattern.compile("(?i)password");

    /**
     * A setting.
     *
     * @param name  its name
     * @param shown as {@code SHOW} prints it, such as {@code 128MB}
     * @param value in base units: bytes for memory, else the number
     */
    record ServerSetting(String name, String shown, long value) {
    }

    /** Slots neither in use nor reserved. */
    int freeConnections() {
        return Math.max(0, budget.available() - connectionsUsed);
    }

    /**
     * One database.
     *
     * @param name          its name
     * @param owner         its owner
     * @param sizeBytes     {@code pg_database_size}; {@code null} when the administrator may not connect to it
     * @param connections   sessions in it now
     * @param databaseLimit {@code datconnlimit}: -1 none
     * @param roleLimit     the owner's {@code rolconnlimit}, -1 none; {@code null} when the owner cannot log in
     */
    record Database(String name, String owner, Long sizeBytes, int connections, int databaseLimit, Integer roleLimit) {
    }

    /**
     * A query running longer than the threshold.
     *
     * @param pid      the backend's process id ({@code pg_cancel_backend(pid)})
     * @param database the database
     * @param user     the role
     * @param seconds  how long it has run
     * @param waitingFor what it waits for ({@code Lock:relation}), or {@code null}
     * @param query    its text, one line, at most 200 characters; {@code (hidden: the query mentions a password)}
     *                 for a query that mentions a password
     */
    record Query(int pid, String database, String user, double seconds, String waitingFor, String query) {
    }

    static PostgresStatus read(Connection connection, String server, Duration threshold) throws SQLException {
        Map<String, ServerSetting> settings = new LinkedHashMap<>();
        String version;
        int versionNum;
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name, setting, unit, current_setting(name) FROM pg_settings"
                     + " WHERE name IN ('server_version', 'server_version_num', 'max_connections', 'shared_buffers',"
                     + " 'work_mem', 'max_locks_per_transaction')")) {
            Map<String, String[]> rows = new LinkedHashMap<>();
            while (rs.next()) {
                rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
            version = rows.get("server_version")[0];
            versionNum = Integer.parseInt(rows.get("server_version_num")[0]);
            for (String name : SHOWN) {
                String[] row = rows.get(name);
                if (row != null) {
                    settings.put(name, new ServerSetting(name, row[2], Long.parseLong(row[0]) * unitBytes(row[1])));
                }
            }
        }
        return new PostgresStatus(server, version, versionNum / 10000, settings, ConnectionBudget.read(connection),
                connectionsUsed(connection), databases(connection), longQueries(connection, threshold), threshold);
    }

    /** The bytes in one unit of a memory setting ({@code 8kB} for shared_buffers); 1 for a plain number. */
    static long unitBytes(String unit) {
        if (unit == null || unit.isEmpty()) {
            return 1;
        }
        Matcher matcher = UNIT.matcher(unit);
        if (!matcher.matches()) {
            return 1;
        }
        return (matcher.group(1).isEmpty() ? 1 : Long.parseLong(matcher.group(1))) * Sizes.unit(matcher.group(2));
    }

    private static int connectionsUsed(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                     + " WHERE backend_type = 'client backend'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<Database> databases(Connection connection) throws SQLException {
        List<Database> databases = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT d.datname, pg_get_userbyid(d.datdba),"
                     + " CASE WHEN has_database_privilege(d.oid, 'CONNECT') OR pg_has_role('pg_read_all_stats', 'USAGE')"
                     + "   THEN pg_database_size(d.oid) END,"
                     + " (SELECT count(*) FROM pg_stat_activity a WHERE a.datid = d.oid),"
                     + " d.datconnlimit, CASE WHEN r.rolcanlogin THEN r.rolconnlimit END"
                     + " FROM pg_database d LEFT JOIN pg_roles r ON r.oid = d.datdba"
                     + " WHERE NOT d.datistemplate AND d.datallowconn ORDER BY d.datname")) {
            while (rs.next()) {
                long size = rs.getLong(3);
                Long sizeBytes = rs.wasNull() ? null : size;
                int roleLimit = rs.getInt(6);
                databases.add(new Database(rs.getString(1), rs.getString(2), sizeBytes, rs.getInt(4), rs.getInt(5),
                        rs.wasNull() ? null : roleLimit));
            }
        }
        return databases;
    }

    private static List<Query> longQueries(Connection connection, Duration threshold) throws SQLException {
        List<Query> queries = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT pid, datname, usename,"
                + " EXTRACT(EPOCH FROM clock_timestamp() - query_start)::float8,"
                + " wait_event_type || ':' || wait_event, query FROM pg_stat_activity"
                + " WHERE state = 'active' AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
                + " AND query_start < clock_timestamp() - make_interval(secs => ?) ORDER BY query_start")) {
            statement.setDouble(1, threshold.toNanos() / 1e9);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    queries.add(new Query(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getDouble(4),
                            rs.getString(5), queryText(rs.getString(6))));
                }
            }
        }
        return queries;
    }

    /** One line, at most 200 characters; a query that mentions a password is not shown at all. */
    static String queryText(String query) {
        if (query == null) {
            return null;
        }
        if (MENTIONS_PASSWORD.matcher(query).find()) {
            return "(hidden: the query mentions a password)";
        }
        String text = query.replaceAll("\\s+", " ").strip();
        return text.length() <= QUERY_TEXT ? text : text.substring(0, QUERY_TEXT - 3) + "...";
    }
}
