package dev.sharedsvc.bootstrap;

import java.sql.SQLException;
import java.util.Optional;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

/**
 * Which migration Flyway is running, and whether outside a transaction, for telling after a lost connection whether
 * the migrations may run again: one in a transaction was rolled back with the connection, one outside (such as
 * {@code CREATE INDEX CONCURRENTLY}) may be partly applied. Flyway's own error cannot tell: it then fails to record
 * the failure and throws that instead. Flyway calls it on the migrating thread; one instance per run.
 */
final class MigrationInProgress implements Callback {

    private MigrationInfo migration;
    private boolean outsideTransaction;

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        if (event == Event.AFTER_EACH_MIGRATE) {
            migration = null;
            return;
        }
        migration = context.getMigrationInfo();
        try {
            // Flyway calls this inside the migration's transaction, if it has one.
            outsideTransaction = context.getConnection().getAutoCommit();
        } catch (SQLException e) {
            outsideTransaction = true; // not knowing, the migration is not run again
        }
    }

    @Override
    public String getCallbackName() {
        return "sharedsvc migration in progress";
    }

    /** The migration that was running outside a transaction when the run failed; empty when none was. */
    Optional<MigrationInfo> outsideTransaction() {
        return outsideTransaction ? Optional.ofNullable(migration) : Optional.empty();
    }
}
