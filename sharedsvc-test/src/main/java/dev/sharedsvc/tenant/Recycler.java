package dev.sharedsvc.tenant;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a released tenant that its test changed only by data back into the state of a fresh copy of the template,
 * in a fraction of a copy's time: the tables the test wrote (and those whose foreign keys point at them) are
 * truncated, the rows the template holds in them (seed data, Flyway's history) are copied back in, and every
 * sequence is set to the template's value.
 *
 * <p>What a test changed is told by the transaction ids on rows ({@code xmin}): a tenant is handed out with a
 * baseline, a transaction id after every change made to prepare it. A catalog row (every {@code pg_catalog} table
 * of the database but the planner's statistics and the large objects' pages, and the shared rows about the
 * tenant's database and role: its comments, settings, memberships, dependencies and the database's own row)
 * written after the baseline, or a catalog whose row count changed, or a table frozen since (its
 * {@code relfrozenxid}, which a {@code VACUUM FREEZE} that would hide new row versions moves), means DDL,
 * {@code GRANT}, {@code COMMENT}, {@code ALTER ... SET}, a large object or a temporary table: the tenant is dropped
 * and replaced by a copy. Otherwise a table with a row written after the baseline or another row count than the
 * template's was written; rows of aborted transactions are invisible and count for nothing, as in a copy.
 *
 * <p>A template is not recycled (every tenant is a copy) when a reset could differ from a copy: user triggers or
 * rules on its tables (they would fire on the reset), forced row-level security, large objects, tables the tenant
 * may write but not truncate, sequences it may use but not set, or seeded tables whose foreign keys form a cycle.
 *
 * <p>Immutable and thread-safe: one per pool, taken from its first copy.
 */
final class Recycler {

    private static final Logger LOG = LoggerFactory.getLogger(Recycler.class);

    /** Catalog tables not looked at: statistics (written by ANALYZE and autovacuum) and large objects' pages. */
    private static final String UNWATCHED = "'pg_statistic', 'pg_statistic_ext_data', 'pg_largeobject'";
    private static final String USER_TABLES = " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'"
            + " AND n.nspname NOT LIKE 'pg\\_temp%'";
    /** The baseline's transaction id as an {@code xid}, from the statement's first parameter. */
    private static final String BASELINE = "(SELECT ?::text::xid AS xid)";
    private static final String FROZEN = "(SELECT sum(relfrozenxid::text::bigint) FROM pg_class WHERE relfrozenxid <> '0')";

    private final String catalogSql;
    private final String tablesSql;
    private final List<String> tables;
    private final Map<String, Long> seedCounts;
    private final Map<String, List<String>> referencing;
    private final Map<String, byte[]> seeds;
    private final Map<String, String> copyIn;
    private final String sequences;

    private Recycler(String catalogSql, List<String> tables, Map<String, Long> seedCounts,
                     Map<String, List<String>> referencing, Map<String, byte[]> seeds, Map<String, String> copyIn,
                     String sequences) {
        this.catalogSql = catalogSql;
        this.tables = tables;
        this.seedCounts = seedCounts;
        this.referencing = referencing;
        this.seeds = seeds;
        this.copyIn = copyIn;
        this.sequences = sequences;
        StringBuilder sql = new StringBuilder("WITH baseline AS " + BASELINE + " ");
        for (int i = 0; i < tables.size(); i++) {
            sql.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(i)
                    .append(", count(*), count(*) FILTER (WHERE age(t.xmin) < age(baseline.xid)) FROM ")
                    .append(tables.get(i)).append(" t, baseline");
        }
        this.tablesSql = sql.toString();
    }

    /**
     * Reads what a fresh copy holds, on a connection to it as the administrator.
     *
     * @param role the tenant's role, whose privileges decide which tables a test can change
     * @return the recycler, or empty when the template cannot be recycled (the reason is logged)
     */
    static Optional<Recycler> inspect(Connection connection, String role) throws SQLException {
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
        Map<String, Long> seedCounts = new HashMap<>();
        for (String table : tables) {
            seedCounts.put(table, Long.parseLong(Sql.queryString(connection, "SELECT count(*) FROM " + table)));
        }
        Map<String, List<String>> parents = new HashMap<>();
        Map<String, List<String>> referencing = new HashMap<>();
        for (List<String> row : Sql.queryRows(connection, "SELECT format('%I.%I', cn.nspname, c.relname),"
                + " format('%I.%I', pn.nspname, p.relname) FROM pg_constraint f"
                + " JOIN pg_class c ON c.oid = f.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace"
                + " JOIN pg_class p ON p.oid = f.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE f.contype = 'f' AND f.conrelid <> f.confrelid")) {
            parents.computeIfAbsent(row.get(0), key -> new ArrayList<>()).add(row.get(1));
            referencing.computeIfAbsent(row.get(1), key -> new ArrayList<>()).add(row.get(0));
        }
        Map<String, byte[]> seeds = new LinkedHashMap<>();
        Map<String, String> copyIn = new HashMap<>();
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (String table : inForeignKeyOrder(tables.stream().filter(table -> seedCounts.get(table) > 0).toList(),
                parents)) {
            ByteArrayOutputStream rows = new ByteArrayOutputStream();
            try {
                copy.copyOut("COPY " + table + " (" + columns.get(table) + ") TO STDOUT (FORMAT binary)", rows);
            } catch (IOException e) {
                throw new SQLException("could not read the rows of " + table, e);
            }
            seeds.put(table, rows.toByteArray());
            copyIn.put(table, "COPY " + table + " (" + columns.get(table) + ") FROM STDIN (FORMAT binary)");
        }
        List<String> setvals = new ArrayList<>();
        for (List<String> row : Sql.queryRows(connection, "SELECT format('%I.%I', n.nspname, c.relname)" + USER_TABLES
                + " AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(?, c.oid, 'UPDATE') END ORDER BY 1", role)) {
            List<String> state = Sql.queryRows(connection, "SELECT last_value, is_called FROM " + row.get(0)).get(0);
            setvals.add("setval(" + Sql.literal(connection, row.get(0)) + ", " + state.get(0) + ", "
                    + ("t".equals(state.get(1))) + ")");
        }
        return Optional.of(new Recycler(catalogSql(connection), List.copyOf(tables), seedCounts, referencing, seeds,
                copyIn, setvals.isEmpty() ? null : "SELECT " + String.join(", ", setvals)));
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

    /** {@code tables}, parents before the tables whose foreign keys point at them. */
    private static List<String> inForeignKeyOrder(List<String> tables, Map<String, List<String>> parents)
            throws SQLException {
        List<String> ordered = new ArrayList<>();
        List<String> left = new ArrayList<>(tables);
        while (!left.isEmpty()) {
            List<String> next = left.stream().filter(table -> parents.getOrDefault(table, List.of()).stream()
                    .noneMatch(left::contains)).toList();
            if (next.isEmpty()) {
                throw new SQLException("the foreign keys of seeded tables " + left + " form a cycle");
            }
            ordered.addAll(next);
            left.removeAll(next);
        }
        return ordered;
    }

    /**
     * One statement: the row count of every watched catalog and of the shared rows about the database and the
     * {@code ?} role, the sum of the tables' {@code relfrozenxid}, and how many of those rows were written after the
     * baseline (first parameter).
     */
    private static String catalogSql(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("WITH baseline AS " + BASELINE + ", parts AS (");
        for (List<String> catalog : Sql.queryRows(connection, "SELECT relname FROM pg_class WHERE relnamespace ="
                + " 'pg_catalog'::regnamespace AND relkind = 'r' AND NOT relisshared AND relname NOT IN ("
                + UNWATCHED + ") AND has_table_privilege('public', oid, 'SELECT') ORDER BY relname")) {
            sql.append(rows(catalog.get(0), "")).append(" UNION ALL ");
        }
        String database = "(SELECT oid FROM pg_database WHERE datname = current_database())";
        String role = "(SELECT oid FROM pg_roles WHERE rolname = ?)";
        sql.append(rows("pg_database", " WHERE c.oid = " + database))
                .append(" UNION ALL ").append(rows("pg_shdescription", " WHERE objoid IN (" + database + ", " + role + ")"))
                .append(" UNION ALL ").append(rows("pg_db_role_setting", " WHERE setdatabase = " + database
                        + " OR setrole = " + role))
                .append(" UNION ALL ").append(rows("pg_auth_members", " WHERE roleid = " + role + " OR member = " + role))
                .append(" UNION ALL ").append(rows("pg_shdepend", " WHERE dbid = " + database + " OR refobjid = " + role))
                .append(") SELECT md5(string_agg(part, ',' ORDER BY part)) || ' new ' || sum(written) || ' frozen '"
                        + " || " + FROZEN + " FROM parts");
        return sql.toString();
    }

    private static String rows(String catalog, String where) {
        return "SELECT '" + catalog + " ' || count(*) AS part, count(*) FILTER (WHERE age(c.xmin) < age(baseline.xid))"
                + " AS written FROM pg_catalog." + catalog + " c, baseline" + where;
    }

    /**
     * The baseline to hand a tenant out with, on a connection to its database after every change made to prepare
     * it: a transaction id after them, and the catalogs' state.
     */
    String baseline(Connection connection, String role) throws SQLException {
        String xid = Sql.queryString(connection, "SELECT txid_current() % 4294967296");
        return xid + " " + catalogs(connection, role, xid);
    }

    private String catalogs(Connection connection, String role, String xid) throws SQLException {
        return Sql.queryString(connection, catalogSql, xid, role, role, role, role, role);
    }

    /** Whether the catalogs are as they were at {@code baseline}: no DDL, grant, comment, setting or freeze since. */
    boolean catalogsUnchanged(Connection connection, String role, String baseline) throws SQLException {
        String xid = baseline.substring(0, baseline.indexOf(' '));
        String then = baseline.substring(baseline.indexOf(' ') + 1);
        return then.equals(catalogs(connection, role, xid));
    }

    /**
     * Resets the data written since {@code baseline} in one transaction on {@code connection} (to the tenant's
     * database, with the tenant's privileges) and returns the baseline after it.
     */
    String reset(Connection connection, String role, String baseline) throws SQLException {
        connection.setAutoCommit(false);
        try {
            String xid = baseline.substring(0, baseline.indexOf(' '));
            List<String> written = written(connection, xid);
            if (!written.isEmpty()) {
                Sql.execute(connection, "TRUNCATE TABLE " + String.join(", ", written));
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
                    if (written.contains(seed.getKey())) {
                        try {
                            copy.copyIn(copyIn.get(seed.getKey()), new ByteArrayInputStream(seed.getValue()));
                        } catch (IOException e) {
                            throw new SQLException("could not copy the template's rows back into " + seed.getKey(), e);
                        }
                    }
                }
            }
            if (sequences != null) {
                Sql.queryRows(connection, sequences);
            }
            // The catalogs' rows are as they were (a TRUNCATE updates rows of pg_class, it adds or removes none);
            // only the truncated tables' relfrozenxid moved. Anything else shows at the next check, as a change.
            String next = Sql.queryString(connection, "SELECT txid_current() % 4294967296") + " "
                    + baseline.substring(baseline.indexOf(' ') + 1, baseline.lastIndexOf(" frozen ") + 8)
                    + Sql.queryString(connection, "SELECT " + FROZEN);
            connection.commit();
            return next;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The tables written since the baseline's transaction, with every table whose foreign keys reach them. */
    private List<String> written(Connection connection, String xid) throws SQLException {
        Set<String> written = new LinkedHashSet<>();
        if (!tables.isEmpty()) {
            for (List<String> row : Sql.queryRows(connection, tablesSql, xid)) {
                String table = tables.get(Integer.parseInt(row.get(0)));
                if (Long.parseLong(row.get(1)) != seedCounts.get(table) || !"0".equals(row.get(2))) {
                    written.add(table);
                }
            }
        }
        List<String> closure = new ArrayList<>(written);
        for (int i = 0; i < closure.size(); i++) {
            for (String child : referencing.getOrDefault(closure.get(i), List.of())) {
                if (written.add(child)) {
                    closure.add(child);
                }
            }
        }
        return closure;
    }
}
