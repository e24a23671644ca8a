package dev.sharedsvc.postgres;

import java.util.Objects;

/**
 * One change to a server, as {@link PostgresAdmin#plan} predicts it and {@link PostgresAdmin#ensure} reports it.
 *
 * @param kind   what kind of change
 * @param target the role, database, schema or extension it is about
 * @param sql    the statement, with any password replaced by {@code '***'}
 */
public record Action(ActionKind kind, String target, String sql) {

    public Action {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(sql, "sql");
    }

    /** {@code KIND target: sql}, one line for a log or a plan listing. */
    @Override
    public String toString() {
        return kind + " " + target + ": " + sql;
    }
}
