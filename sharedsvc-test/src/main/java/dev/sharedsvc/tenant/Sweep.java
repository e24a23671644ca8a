package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops what runs that are gone left behind: the tenants whose marker names a run whose lock is free. Kept tenants,
 * templates, the live runs' tenants and anything without a marker are left alone; names are never looked at.
 */
final class Sweep {

    private static final Logger LOG = LoggerFactory.getLogger(Sweep.class);
    /** dependent_objects_still_exist: the role owns a database that appeared after it was listed. */
    private static final String DEPENDENT_OBJECTS = "2BP01";
    private static final int ROLE_DROP_ATTEMPTS = 5;
    private static final long ROLE_DROP_PAUSE_MILLIS = 200;

    private Sweep() {
    }

    /**
     * Sweeps the server.
     *
     * @param connection a connection to the database that holds the run locks
     * @param own        the sweeping run, which is alive
     * @return how many databases and roles were dropped
     */
    static int sweep(Connection connection, RunLock own) throws SQLException {
        String tenantMarker = Marker.PREFIX + "tenant %";
        Map<Integer, List<List<String>>> byRun = new LinkedHashMap<>();
        for (List<String> row : Sql.queryRows(connection,
                "SELECT 'database', datname, shobj_description(oid, 'pg_database') FROM pg_database"
                        + " WHERE shobj_description(oid, 'pg_database') LIKE ?"
                        + " UNION ALL SELECT 'role', rolname, shobj_description(oid, 'pg_authid') FROM pg_roles"
                        + " WHERE shobj_description(oid, 'pg_authid') LIKE ?", tenantMarker, tenantMarker)) {
            Marker.parse(row.get(2))
                    .filter(marker -> marker.kind() == Marker.Kind.TENANT && marker.run() != own.run())
                    .filter(marker -> marker.lock().equals(own.database()))
                    .ifPresent(marker -> byRun.computeIfAbsent(marker.run(), run -> new ArrayList<>()).add(row));
        }
        int dropped = 0;
        for (Map.Entry<Integer, List<List<String>>> run : byRun.entrySet()) {
            if (!RunLock.tryLock(connection, run.getKey())) {
                continue;
            }
            try {
                dropped += dropRun(connection, run.getValue());
                LOG.info("Swept the tenants of run {}, which is gone", Marker.runText(run.getKey()));
            } catch (SQLException e) {
                // Leftovers must not stop this run; the next run's sweep tries again.
                LOG.warn("Could not sweep all tenants of run {}, which is gone; the next run tries again: {}",
                        Marker.runText(run.getKey()), e.getMessage());
            } finally {
                RunLock.unlock(connection, run.getKey());
            }
        }
        return dropped;
    }

    /** Drops the run's databases, those its roles own (made before their marker was), then its roles. */
    private static int dropRun(Connection connection, List<List<String>> objects) throws SQLException {
        List<String> databases = new ArrayList<>();
        List<String> roles = new ArrayList<>();
        for (List<String> object : objects) {
            (object.get(0).equals("database") ? databases : roles).add(object.get(1));
        }
        for (String database : databases) {
            Cloner.dropDatabase(connection, database);
        }
        for (String role : roles) {
            dropRoleAndWhatItOwns(connection, role);
        }
        return databases.size() + roles.size();
    }

    /**
     * Drops the databases the role owns, then the role. A killed run's server session can still be finishing a
     * CREATE DATABASE for it (the server notices the lost client only after the statement), so a role that gains
     * a database meanwhile is tried again a few times.
     */
    private static void dropRoleAndWhatItOwns(Connection connection, String role) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            for (List<String> owned : Sql.queryRows(connection,
                    "SELECT datname FROM pg_database WHERE datdba = (SELECT oid FROM pg_roles WHERE rolname = ?)", role)) {
                Cloner.dropDatabase(connection, owned.get(0));
            }
            try {
                Cloner.dropRole(connection, role);
                return;
            } catch (SQLException e) {
                if (!DEPENDENT_OBJECTS.equals(e.getSQLState()) || attempt == ROLE_DROP_ATTEMPTS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(ROLE_DROP_PAUSE_MILLIS * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while sweeping role " + role, e);
            }
        }
    }
}
