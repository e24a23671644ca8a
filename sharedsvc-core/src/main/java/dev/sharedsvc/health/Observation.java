package dev.sharedsvc.health;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Probe#check(java.time.Duration) probe attempt} saw. Immutable and thread-safe; never contains a
 * secret.
 *
 * @param state           what the attempt found
 * @param detail          the server's or the client's words for it, such as {@code SQLSTATE 57P03: the database
 *                        system is starting up} or {@code Connection refused}; for a ready server, which host
 *                        answered where the probe knows it ({@code answered by db-2:5432}); empty when there is
 *                        nothing to add
 * @param serverInstance  identifies the server process that answered, present when {@code state} is
 *                        {@link ProbeState#READY} and the server says: PostgreSQL's
 *                        {@code pg_postmaster_start_time()}, Redis's {@code run_id}. A restart changes it.
 * @param serverStartedAt when the server process started, present for a ready PostgreSQL
 *                        ({@code pg_postmaster_start_time()})
 * @param standby         whether a ready server is a standby: PostgreSQL {@code pg_is_in_recovery()}, a Redis
 *                        replica; always false when not ready
 */
public record Observation(ProbeState state, String detail, Optional<String> serverInstance,
        Optional<Instant> serverStartedAt, boolean standby) {

    public Observation {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(serverInstance, "serverInstance");
        Objects.requireNonNull(serverStartedAt, "serverStartedAt");
    }

    /** An observation of {@code state} with nothing known about the server process. */
    public static Observation of(ProbeState state, String detail) {
        return new Observation(state, detail, Optional.empty(), Optional.empty(), false);
    }

    /** Whether the attempt found the server {@link ProbeState#READY}. */
    public boolean ready() {
        return state == ProbeState.READY;
    }

    /** For example {@code READY (primary, instance 2024-05-01T10:00:00.123456Z)} or {@code NO_RESPONSE (Connection refused)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(state.name());
        String facts = ready()
                ? (standby ? "standby" : "primary") + serverInstance.map(id -> ", instance " + id).orElse("")
                        + (detail.isEmpty() ? "" : ", " + detail)
                : detail;
        if (!facts.isEmpty()) {
            text.append(" (").append(facts).append(')');
        }
        return text.toString();
    }
}
