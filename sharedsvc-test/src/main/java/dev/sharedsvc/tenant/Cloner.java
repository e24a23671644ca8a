package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

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
 * the tenant's role ({@code REASSIGN OWNED}).
 *
 * <p>Thread-safe: {@link #create} calls are serialized on the one provisioning connection.
 */
final class Cloner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Cloner.class);

    private final AdminLogin login;
    private final TemplateDatabase template;
    private final CopyStrategy strategy;
    private final RunLock run;
    private final PostgresAdmin admin;

    Cloner(AdminLogin login, TemplateDatabase template, CopyStrategy strategy, RunLock run, Duration lockTimeout) {
        this.login = login;
        this.template = template;
        this.strategy = strategy;
        this.run = run;
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
        try {
            admin.ensure(ServiceDatabase.builder(name).password(password).template(template.name()).strategy(strategy)
                    .comment(Marker.tenant(run.run(), run.database()).toString()).build());
            try (Connection connection = login.connect(name)) {
                Sql.execute(connection, "REASSIGN OWNED BY " + Sql.quote(connection, template.name()) + " TO "
                        + Sql.quote(connection, name));
            }
        } catch (SQLException | ProvisioningException e) {
            throw new TenantException("could not make tenant " + name + " from template " + template.name() + " on "
                    + login.describe() + ": " + e.getMessage(), e);
        }
        LOG.debug("Made tenant {} in {} ms", name, (System.nanoTime() - start) / 1_000_000);
        return new Tenant(pool, name, password, login.server().withDatabase(name).jdbcUrl());
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
    public void close() {
        admin.close();
    }
}
