package dev.sharedsvc.postgres;

import java.util.List;
import java.util.Objects;

/**
 * What {@link PostgresAdmin#ensure} would do for one service, read without changing anything.
 *
 * @param service  the service planned for
 * @param actions  the changes, in the order they would run, each with its SQL (passwords redacted); empty when all
 *                 is in place
 * @param warnings drift that ensure reports but does not fix (a SUPERUSER role, a database owned by another role...)
 */
public record ProvisioningPlan(ServiceDatabase service, List<Action> actions, List<String> warnings) {

    public ProvisioningPlan {
        Objects.requireNonNull(service, "service");
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
    }

    /** Whether ensure would change nothing. Warnings do not count: they are never fixed automatically. */
    public boolean isEmpty() {
        return actions.isEmpty();
    }

    /** A listing for logs and terminals: one line per action and per warning. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Plan for database ").append(service.database())
                .append(" owned by ").append(service.owner()).append(": ");
        text.append(actions.isEmpty() ? "nothing to change" : actions.size() + " change(s)");
        actions.forEach(action -> text.append("\n  ").append(action));
        warnings.forEach(warning -> text.append("\n  WARNING ").append(warning));
        return text.toString();
    }
}
