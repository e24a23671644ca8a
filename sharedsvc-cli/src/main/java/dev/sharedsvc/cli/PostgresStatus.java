package dev.sharedsvc.cli;

import java.sql.Array;
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
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sharedsvc.postgres.ConnectionBudget;

/**
 * What {@code status} reads from a PostgreSQL server as its administrator, in four queries on one connection: the
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
 * @param budget      the connection budget
 * @param databases   every database that allows connections, by name
 * @param longQueries the active queries older than the threshold, oldest first
 * @param threshold   the threshold
 */
record PostgresStatus(String server, String version, int major, Map<String, ServerSetting> settings, Budget budget,
                      List<Database> databases, List<Query> longQueries, Duration threshold) {

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

    /**
     * Where the connection slots go.
     *
     * @param maxConnections    {@code max_connections}
     * @param superuserReserved {@code superuser_reserved_connections}
     * @param reserved          {@code reserved_connections} (16+), else 0
     * @param used              client sessions open now, this one included
     * @param limitedRoles      login roles other than superusers with a connection limit
     * @param limitSum          the sum of their limits
     * @param unlimitedRoles    login roles other than superusers without one
     */
    record Budget(int maxConnections, int superuserReserved, int reserved, int used, int limitedRoles, long limitSum,
                  List<String> unlimitedRoles) {

        /** Slots neither in use nor reserved. */
        int free() {
            return Math.max(0, maxConnections - superuserReserved - reserved - used);
        }

        /** The library's view of the same numbers, for its arithmetic and its over-commitment warning. */
        ConnectionBudget library(String role) {
            return new ConnectionBudget(maxConnections, superuserReserved, reserved, role, -1, limitedRoles, limitSum,
                    unlimitedRoles);
        }
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
                     + " 'work_mem', 'max_locks_per_transaction', 'superuser_reserved_connections',"
                     + " 'reserved_connections')")) {
            Map<String, String[]> rows = new LinkedHashMap<>();
            while (rs.next()) {
                rows.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
            }
            version = rows.get("server_version")[0];
            versionNum = Integer.parseInt(rows.get("server_version_num")[0]);
            for (String name : List.of("max_connections", "shared_buffers", "work_mem", "max_locks_per_transaction",
                    "superuser_reserved_connections", "reserved_connections")) {
                String[] row = rows.get(name);
                if (row != null) {
                    settings.put(name, new ServerSetting(name, row[2], Long.parseLong(row[0]) * unitBytes(row[1])));
                }
            }
        }
        Budget budget = budget(connection, settings);
        return new PostgresStatus(server, version, versionNum / 10000, settings, budget, databases(connection),
                longQueries(connection, threshold), threshold);
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

    private static Budget budget(Connection connection, Map<String, ServerSetting> settings) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT"
                     + " (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
                     + " count(*) FILTER (WHERE rolconnlimit >= 0),"
                     + " COALESCE(sum(rolconnlimit) FILTER (WHERE rolconnlimit >= 0), 0),"
                     + " array_agg(rolname::text ORDER BY rolname) FILTER (WHERE rolconnlimit < 0)"
                     + " FROM pg_roles WHERE rolcanlogin AND NOT rolsuper")) {
            rs.next();
            Array unlimited = rs.getArray(4);
            return new Budget((int) value(settings, "max_connections"), (int) value(settings,
                    "superuser_reserved_connections"), (int) value(settings, "reserved_connections"), rs.getInt(1),
                    rs.getInt(2), rs.getLong(3), unlimited == null ? List.of() : List.of((String[]) unlimited.getArray()));
        }
    }

    private static long value(Map<String, ServerSetting> settings, String name) {
        return Optional.ofNullable(settings.get(name)).map(ServerSetting::value).orElse(0L);
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
