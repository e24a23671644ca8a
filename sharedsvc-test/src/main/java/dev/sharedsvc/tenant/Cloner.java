package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.postgres.CopyStrategy;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * Makes tenants and drops them. A tenant is provisioned as a service is ({@link PostgresAdmin#ensure}): its role,
 * marked in the transaction that creates it, then its database copied from the template and marked, with
 * {@code CONNECT} revoked from {@code PUBLIC}; then, in the copy, everything the template's role owned is given to
 * the tenant's role ({@code REASSIGN OWNED}). Resets released tenants through the {@link Recycler} when their
 * test changed only data.
 *
 * <p>Thread-safe: {@link #create} calls are serialized on the one provisioning connection, {@link #recycle} calls
 * on the cloner.
 */
final class Cloner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cloner.class);

    /** How long a released tenant's sessions may take to end before it is dropped instead of reset. */
    private static final Duration SESSIONS_END_TIMEOUT = Duration.ofSeconds(10);

    /** The sessions of a tenant's database or role but the caller's and a comma-separated list of process ids. */
    private static final String OTHERS = " WHERE (datname = ? OR usename = ?) AND pid <> pg_backend_pid()"
            + " AND pid <> ALL (string_to_array(?, ',')::int[])";

    private final AdminLogin login;
    private final TemplateDatabase template;
    private final CopyStrategy strategy;
    private final RunLock run;
    private final PostgresAdmin admin;
    /** The pool's recycler: unset until the first copy is inspected, then present or empty (copies only). */
    private final AtomicReference<Optional<Recycler>> recycler;
    /** The administrator's connection into each tenant that may be reset, kept for its resets; by database. */
    private final Map<String, Connection> held;
    private Connection maintenance;

    /**
     * @param recycler shared by the pool's cloners; hold {@code Optional.empty()} in it to copy every tenant
     * @param held     shared by the pool's cloners, which put and take the connections; the pool closes what is left
     */
    Cloner(AdminLogin login, TemplateDatabase template, CopyStrategy strategy, RunLock run, Duration lockTimeout,
           AtomicReference<Optional<Recycler>> recycler, Map<String, Connection> held) {
        this.login = login;
        this.template = template;
        this.strategy = strategy;
        this.run = run;
        this.recycler = recycler;
        this.held = held;
        this.admin = login.admin(lockTimeout);
    }

    /**
     * Makes the tenant {@code name} for {@code pool}.
     *
     * @throws TenantException when provisioning or the hand-over of ownership fails; what was made stays, marked,
     *                         for the pool's release or a later sweep to drop
     */
    Tenant create(TenantPool pool, String name) {
        long start = System.nanoTime();
        Secret password = Passwords.random();
        String baseline = null;
        Connection connection = null;
        try {
            admin.ensure(ServiceDatabase.builder(name).password(password).template(template.name()).strategy(strategy)
                    .comment(Marker.tenant(run.run(), run.database()).toString()).build());
            connection = login.connect(name);
            Sql.execute(connection, "REASSIGN OWNED BY " + Sql.quote(connection, template.name()) + " TO "
                    + Sql.quote(connection, name));
            Optional<Recycler> recycling = recycler(connection, name);
            if (recycling.isPresent()) {
                baseline = recycling.get().baseline(connection, name);
                held.put(name, connection);
            } else {
                connection.close();
            }
        } catch (SQLException | ProvisioningException e) {
            Sql.closeQuietly(connection);
            throw new TenantException("could not make tenant " + name + " from template " + template.name() + " on "
                    + login.describe() + ": " + e.getMessage(), e);
        }
        LOG.debug("Made tenant {} in {} ms", name, (System.nanoTime() - start) / 1_000_000);
        return openedAhead(new Tenant(pool, name, password, login.server().withDatabase(name).jdbcUrl(), baseline));
    }

    /**
     * {@code tenant} with its first connection logged in, so that its test pays no login; without, when the login
     * fails (the test's own first {@code getConnection()} then tries again and reports).
     */
    private static Tenant openedAhead(Tenant tenant) {
        try {
            tenant.connections().openAhead();
        } catch (SQLException e) {
            LOG.debug("Could not log in to tenant {} ahead of its test: {}", tenant.database(), e.getMessage());
        }
        return tenant;
    }

    /** The pool's recycler, read from this fresh copy if no copy was read before. */
    private Optional<Recycler> recycler(Connection fresh, String role) throws SQLException {
        synchronized (recycler) {
            if (recycler.get() == null) {
                recycler.set(Recycler.inspect(fresh, role));
            }
            return recycler.get();
        }
    }

    /**
     * The tenant {@code released} put back as a fresh copy would be, under a new password, if its test changed only
     * data: its password is changed first (so nothing that held the old one logs in again), the idle connections its
     * test gave back are reset to a new session's state ({@code DISCARD ALL}: settings, temporary tables, prepared
     * statements, advisory locks, listeners), every other session of its database or role but the administrator's
     * held one is ended and waited for, its catalogs are checked, then its data is reset on the held connection.
     * The reset connections, or a new login when there are none, go to the next holder, so that it pays neither a
     * login nor a new session's catalog lookups.
     *
     * @return the tenant to hand out next, or empty when it is to be dropped (schema changed, or the reset failed:
     *         logged at DEBUG)
     */
    synchronized Optional<Tenant> recycle(TenantPool pool, Tenant released) {
        List<Connection> warm = new ArrayList<>(released.connections().takeKept());
        try {
            Optional<Tenant> next = recycle(pool, released, warm);
            if (next.isPresent()) {
                if (warm.isEmpty()) {
                    openedAhead(next.get());
                } else {
                    next.get().connections().adopt(List.copyOf(warm));
                    warm.clear();
                }
            }
            return next;
        } finally {
            warm.forEach(Sql::closeQuietly);
        }
    }

    private Optional<Tenant> recycle(TenantPool pool, Tenant released, List<Connection> warm) {
        Optional<Recycler> recycling = recycler.get();
        if (released.baseline() == null || recycling == null || recycling.isEmpty()) {
            return Optional.empty();
        }
        String name = released.database();
        Connection connection = held.remove(name);
        if (connection == null) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        Secret password = Passwords.random();
        try {
            if (maintenance == null) {
                maintenance = login.maintenance();
            }
            maintenance.unwrap(PGConnection.class).alterUserPassword(name, password.reveal().toCharArray(),
                    "scram-sha-256");
            StringJoiner own = new StringJoiner(",");
            own.add(String.valueOf(connection.unwrap(PGConnection.class).getBackendPID()));
            for (Iterator<Connection> each = warm.iterator(); each.hasNext(); ) {
                Connection session = each.next();
                try {
                    Sql.execute(session, "DISCARD ALL");
                    own.add(String.valueOf(session.unwrap(PGConnection.class).getBackendPID()));
                } catch (SQLException e) {
                    Sql.closeQuietly(session);
                    each.remove();
                }
            }
            endSessions(maintenance, name, own.toString());
            long ended = System.nanoTime();
            if (!recycling.get().catalogsUnchanged(connection, name, released.baseline())) {
                LOG.debug("Tenant {} changed its schema, settings or grants; replacing it by a copy", name);
                connection.close();
                return Optional.empty();
            }
            long checked = System.nanoTime();
            String baseline = recycling.get().reset(connection, name, released.baseline());
            if (sessions(maintenance, name, own.toString()) > 0) {
                LOG.debug("A session of tenant {} appeared during its reset; replacing it by a copy", name);
                connection.close();
                return Optional.empty();
            }
            LOG.debug("Reset tenant {} in {} ms (sessions ended {}, catalogs checked {}, data reset {}), {} sessions"
                    + " kept", name, millis(start, System.nanoTime()), millis(start, ended), millis(ended, checked),
                    millis(checked, System.nanoTime()), warm.size());
            held.put(name, connection);
            return Optional.of(new Tenant(pool, name, password, released.jdbcUrl(), baseline));
        } catch (SQLException e) {
            LOG.debug("Could not reset tenant {} on {}; replacing it by a copy: {}", name, login.describe(),
                    e.getMessage());
            Sql.closeQuietly(connection);
            Sql.closeQuietly(maintenance);
            maintenance = null;
            return Optional.empty();
        }
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    /**
     * Ends every session in {@code database} or of the role of that name but the caller's and those of the
     * comma-separated process ids {@code own}, and waits until they are gone.
     */
    private static void endSessions(Connection connection, String name, String own) throws SQLException {
        long deadline = System.nanoTime() + SESSIONS_END_TIMEOUT.toNanos();
        Sql.queryRows(connection, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity" + OTHERS, name, name, own);
        while (sessions(connection, name, own) > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new SQLException("the sessions of tenant " + name + " did not end within " + SESSIONS_END_TIMEOUT);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while ending the sessions of tenant " + name, e);
            }
        }
    }

    /** Sessions in {@code database} or of the role of that name, other than the caller's and {@code own}. */
    private static int sessions(Connection connection, String name, String own) throws SQLException {
        return Integer.parseInt(Sql.queryString(connection, "SELECT count(*) FROM pg_stat_activity" + OTHERS, name,
                name, own));
    }

    /** Drops the tenant's database (closing its sessions) and role, whichever exist. */
    static void drop(Connection connection, String name) throws SQLException {
        dropDatabase(connection, name);
        dropRole(connection, name);
    }

    static void dropDatabase(Connection connection, String database) throws SQLException {
        Sql.execute(connection, "DROP DATABASE IF EXISTS " + Sql.quote(connection, database) + " WITH (FORCE)");
    }

    static void dropRole(Connection connection, String role) throws SQLException {
        Sql.execute(connection, "DROP ROLE IF EXISTS " + Sql.quote(connection, role));
    }

    @Override
    public synchronized void close() {
        admin.close();
        Sql.closeQuietly(maintenance);
    }
}
