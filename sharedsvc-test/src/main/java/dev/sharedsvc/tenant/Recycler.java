package dev.sharedsvc.tenant;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a released tenant that its test changed only by data back into the state of a fresh copy of the template,
 * in a fraction of a copy's time: every table the tenant may write is truncated, the rows the template holds (seed
 * data, Flyway's history) are copied back in, and every sequence is set to the template's value.
 *
 * <p>Whether a test changed more than data is told by a catalog fingerprint: each catalog row the database holds
 * (every {@code pg_catalog} table of the database but the planner's statistics and the large objects' pages), and
 * the shared ones that concern the tenant (its database's row, comments, settings, memberships and dependencies),
 * by position and inserting transaction ({@code ctid}, {@code xmin}). DDL, {@code GRANT}, {@code COMMENT},
 * {@code ALTER ... SET}, a large object or a temporary table each insert or update a catalog row, so the fingerprint
 * taken at release differs from the one taken when the tenant was handed out, and the tenant is dropped and replaced
 * by a copy. Statistics that {@code ANALYZE} or autovacuum write in place ({@code reltuples}) change neither.
 *
 * <p>A template is not recycled (every tenant is a copy) when a reset could differ from a copy: user triggers or
 * rules on its tables (they would fire on the reset), forced row-level security, large objects, tables the tenant
 * may write but not truncate, sequences it may use but not set, or seeded tables whose foreign keys form a cycle.
 *
 * <p>Immutable and thread-safe: one per pool, taken from its first copy.
 */
final class Recycler {

    private static final Logger LOG = LoggerFactory.getLogger(Recycler.class);

    /** Catalog tables not fingerprinted: statistics (written by ANALYZE and autovacuum) and large objects' pages. */
    private static final String UNFINGERPRINTED = "'pg_statistic', 'pg_statistic_ext_data', 'pg_largeobject'";
    private static final String USER_TABLES = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND n.nspname NOT LIKE 'pg\\_temp%'";

    private final String fingerprintSql;
    private final String truncate;
    private final Map<String, byte[]> seeds;
    private final String sequences;

    private Recycler(String fingerprintSql, String truncate, Map<String, byte[]> seeds, String sequences) {
        this.fingerprintSql = fingerprintSql;
        this.truncate = truncate;
        this.seeds = seeds;
        this.sequences = sequences;
    }

    /**
     * Reads what a fresh copy holds, on a connection to it as the administrator.
     *
     * @param role the tenant's role, whose privileges decide which tables a test can change
     * @return the recycler, or empty when the template cannot be recycled (the reason is logged)
     */
    static Optional<Recycler> inspect(Connection connection, String role) throws SQLException {
        String fingerprintSql = fingerprintSql(connection);
        Optional<String> refusal = refusal(connection, role);
        if (refusal.isPresent()) {
            LOG.info("Released tenants are dropped and replaced by copies, not reset: {}", refusal.get());
            return Optional.empty();
        }
        List<String> tables = new ArrayList<>();
        Map<String, String> columns = new HashMap<>();
        for (List<String> row : Sql.queryRows(connection, "SELECT format('%I.%I', n.nspname, c.relname),"
                + " (SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid = c.oid"
                + " AND attnum > 0 AND NOT attisdropped AND attgenerated = '')" + USER_TABLES
                + " AND c.relkind = 'r' AND has_table_privilege(?, c.oid, 'TRUNCATE') ORDER BY 1", role)) {
            tables.add(row.get(0));
            columns.put(row.get(0), row.get(1));
        }
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : seededInForeignKeyOrder(connection, tables)) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            try {
                copy.copyOut("COPY " + table + " (" + columns.get(table) + ") TO STDOUT (FORMAT binary)", rows);
            } catch (IOException e) {
                throw new SQLException("could not read the rows of " + table, e);
            }
            seeds.put("COPY " + table + " (" + columns.get(table) + ") FROM STDIN (FORMAT binary)", rows.toByteArray());
        }
        List<String> setvals = new ArrayList<>();
        for (List<String> row : Sql.queryRows(connection, "SELECT format('%I.%I', n.nspname, c.relname)" + USER_TABLES
                + " AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(?, c.oid, 'UPDATE') END ORDER BY 1", role)) {
            List<String> state = Sql.queryRows(connection, "SELECT last_value, is_called FROM " + row.get(0)).get(0);
            setvals.add("setval(" + Sql.literal(connection, row.get(0)) + ", " + state.get(0) + ", "
                    + ("t".equals(state.get(1))) + ")");
        }
        return Optional.of(new Recycler(fingerprintSql,
                tables.isEmpty() ? null : "TRUNCATE TABLE " + String.join(", ", tables),
                seeds, setvals.isEmpty() ? null : "SELECT " + String.join(", ", setvals)));
    }

    /** Why a reset could differ from a copy of this database, if it could. */
    private static Optional<String> refusal(Connection connection, String role) throws SQLException {
        String reason = Sql.queryString(connection, "SELECT coalesce("
                + "(SELECT 'table ' || c.oid::regclass || ' has user triggers' FROM pg_trigger t JOIN pg_class c"
                + " ON c.oid = t.tgrelid WHERE NOT t.tgisinternal LIMIT 1),"
                + "(SELECT 'table ' || c.oid::regclass || ' has rules' FROM pg_rewrite r JOIN pg_class c"
                + " ON c.oid = r.ev_class WHERE c.relkind = 'r' AND r.rulename <> '_RETURN'"
                + " AND c.relnamespace <> 'pg_catalog'::regnamespace LIMIT 1),"
                + "(SELECT 'table ' || c.oid::regclass || ' forces row-level security'" + USER_TABLES
                + " AND c.relforcerowsecurity LIMIT 1),"
                + "(SELECT 'the template holds large objects' FROM pg_largeobject_metadata LIMIT 1),"
                + "(SELECT 'the tenant may write table ' || c.oid::regclass || ' but not truncate it'" + USER_TABLES
                + " AND c.relkind IN ('r', 'p') AND NOT has_table_privilege(?, c.oid, 'TRUNCATE')"
                + " AND has_table_privilege(?, c.oid, 'INSERT, UPDATE, DELETE') LIMIT 1),"
                + "(SELECT 'the tenant may use sequence ' || c.oid::regclass || ' but not set it'" + USER_TABLES
                + " AND CASE WHEN c.relkind = 'S' THEN NOT has_sequence_privilege(?, c.oid, 'UPDATE')"
                + " AND has_sequence_privilege(?, c.oid, 'USAGE, SELECT') END LIMIT 1))", role, role, role, role);
        return Optional.ofNullable(reason);
    }

    /** The tables that hold rows, parents before the tables whose foreign keys point at them. */
    private static List<String> seededInForeignKeyOrder(Connection connection, List<String> tables) throws SQLException {
        List<String> seeded = new ArrayList<>();
        for (String table : tables) {
            if ("t".equals(Sql.queryString(connection, "SELECT EXISTS (SELECT FROM " + table + ")"))) {
                seeded.add(table);
            }
        }
        Map<String, List<String>> parents = new HashMap<>();
        for (List<String> row : Sql.queryRows(connection, "SELECT conrelid::regclass::text, confrelid::regclass::text"
                + " FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid")) {
            parents.computeIfAbsent(qualified(connection, row.get(0)), key -> new ArrayList<>())
                    .add(qualified(connection, row.get(1)));
        }
        List<String> ordered = new ArrayList<>();
        List<String> left = new ArrayList<>(seeded);
        while (!left.isEmpty()) {
            List<String> next = left.stream().filter(table -> parents.getOrDefault(table, List.of()).stream()
                    .noneMatch(parent -> left.contains(parent) && !parent.equals(table))).toList();
            if (next.isEmpty()) {
                throw new SQLException("the foreign keys of seeded tables " + left + " form a cycle");
            }
            ordered.addAll(next);
            left.removeAll(next);
        }
        return ordered;
    }

    /** A {@code regclass} as text, schema-qualified and quoted as the table list has it. */
    private static String qualified(Connection connection, String regclass) throws SQLException {
        return Sql.queryString(connection, "SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = ?::regclass", regclass);
    }

    /** One statement that hashes the catalog rows of the database and the shared ones about it and {@code ?} role. */
    private static String fingerprintSql(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT md5(string_agg(part, ',' ORDER BY part)) FROM (");
        for (List<String> catalog : Sql.queryRows(connection, "SELECT relname FROM pg_class WHERE relnamespace ="
                + " 'pg_catalog'::regnamespace AND relkind = 'r' AND NOT relisshared AND relname NOT IN ("
                + UNFINGERPRINTED + ") AND has_table_privilege('public', oid, 'SELECT') ORDER BY relname")) {
            sql.append(rows(catalog.get(0), "")).append(" UNION ALL ");
        }
        String database = "(SELECT oid FROM pg_database WHERE datname = current_database())";
        String role = "(SELECT oid FROM pg_roles WHERE rolname = ?)";
        sql.append(rows("pg_database", " WHERE oid = " + database))
                .append(" UNION ALL ").append(rows("pg_shdescription", " WHERE objoid IN (" + database + ", " + role + ")"))
                .append(" UNION ALL ").append(rows("pg_db_role_setting", " WHERE setdatabase = " + database
                        + " OR setrole = " + role))
                .append(" UNION ALL ").append(rows("pg_auth_members", " WHERE roleid = " + role + " OR member = " + role))
                .append(" UNION ALL ").append(rows("pg_shdepend", " WHERE dbid = " + database + " OR refobjid = " + role))
                .append(") parts");
        return sql.toString();
    }

    private static String rows(String catalog, String where) {
        return "SELECT '" + catalog + " ' || count(*) || ' ' || coalesce(sum(hashtextextended(ctid::text || xmin::text, 0)), 0)"
                + " AS part FROM pg_catalog." + catalog + where;
    }

    /** The catalog fingerprint of the database {@code connection} is in, as it concerns {@code role}. */
    String fingerprint(Connection connection, String role) throws SQLException {
        return Sql.queryString(connection, fingerprintSql, role, role, role, role, role);
    }

    /**
     * Resets the data in one transaction on {@code connection} (to the tenant's database, as its role) and returns
     * the fingerprint after it, which the next release is held against.
     */
    String reset(Connection connection, String role) throws SQLException {
        connection.setAutoCommit(false);
        try {
            if (truncate != null) {
                Sql.execute(connection, truncate);
            }
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
                try {
                    copy.copyIn(seed.getKey(), new ByteArrayInputStream(seed.getValue()));
                } catch (IOException e) {
                    throw new SQLException("could not copy the template's rows back: " + seed.getKey(), e);
                }
            }
            if (sequences != null) {
                Sql.queryRows(connection, sequences);
            }
            String fingerprint = fingerprint(connection, role);
            connection.commit();
            return fingerprint;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
