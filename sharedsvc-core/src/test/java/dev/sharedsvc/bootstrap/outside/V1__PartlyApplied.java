package dev.sharedsvc.bootstrap.outside;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A migration outside a transaction, as one with {@code CREATE INDEX CONCURRENTLY} is: each statement commits on its
 * own, so a connection lost in the middle leaves it partly applied.
 */
public class V1__PartlyApplied extends BaseJavaMigration {

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("CREATE TABLE events (kind text)");
            statement.execute("SELECT pg_sleep(3)"); // long enough for the test to restart the server under it
            statement.execute("CREATE INDEX CONCURRENTLY events_kind ON events (kind)");
        }
    }
}
