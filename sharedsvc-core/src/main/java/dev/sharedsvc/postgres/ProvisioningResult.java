package dev.sharedsvc.postgres;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link PostgresAdmin#ensure} did for one service; its {@link #toString()} is meant to be logged or shown on a
 * health endpoint as it is.
 *
 * @param service  the service ensured
 * @param actions  the changes made, in order (passwords redacted); empty when everything was already in place
 * @param warnings drift found and left alone
 * @param elapsed  how long ensure took, lock waits included
 */
public record ProvisioningResult(ServiceDatabase service, List<Action> actions, List<String> warnings, Duration elapsed) {

    public ProvisioningResult {
        Objects.requireNonNull(service, "service");
        actions = List.copyOf(actions);
        warnings = List.copyOf(warnings);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether anything on the server was changed. */
    public boolean changed() {
        return !actions.isEmpty();
    }

    /** Whether the action of {@code kind} was taken. */
    public boolean did(ActionKind kind) {
        return actions.stream().anyMatch(action -> action.kind() == kind);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Database ").append(service.database()).append(" owned by ")
                .append(service.owner()).append(": ")
                .append(actions.isEmpty() ? "already in place" : actions.size() + " change(s)")
                .append(" in ").append(elapsed.toMillis()).append(" ms");
        actions.forEach(action -> text.append("\n  ").append(action));
        warnings.forEach(warning -> text.append("\n  WARNING ").append(warning));
        return text.toString();
    }
}
