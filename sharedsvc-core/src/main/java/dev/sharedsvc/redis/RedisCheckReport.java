package dev.sharedsvc.redis;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What a {@link RedisServerCheck} found on one server: the targets as the service must use them (with the
 * isolation in effect), and the findings. {@link #toString()} prints it as it should appear in a log or a health
 * endpoint, for example:
 *
 * <pre>
 * Redis 127.0.0.1:6379: Redis 7.2.4 standalone, 16 databases, maxmemory 128.00M, maxmemory-policy allkeys-lru; 1 error, 0 warnings
 *   prod.broker (durable): database 0
 *   prod.cache (evictable): database 1
 *   ERROR: maxmemory-policy allkeys-lru ... can evict the keys of the durable purposes prod.broker (database 0); ...
 * </pre>
 *
 * <p>Immutable and thread-safe; it holds no credentials.
 *
 * @param server   the server's address, {@code host:port}
 * @param summary  what the server reported about itself (version, mode, databases, memory policy)
 * @param targets  the checked targets, switched to key-prefix isolation when the check did so
 * @param findings errors, warnings and notes, in the order they were found
 */
public record RedisCheckReport(String server, String summary, List<RedisTarget> targets, List<Finding> findings) {

    /** How serious a finding is. */
    public enum Severity {

        /** Worth knowing, nothing to fix (such as a switch to key prefixes that the configuration asked for). */
        INFO,

        /** Works now, but can lose data or fail later; the message says what to change. */
        WARNING,

        /** The service must not use the server like this; {@link #orThrow()} throws. */
        ERROR
    }

    /**
     * One thing the check found.
     *
     * @param severity how serious it is
     * @param message  what was found, on which server and target, and what to do
     */
    public record Finding(Severity severity, String message) {

        public Finding {
            Objects.requireNonNull(severity, "severity");
            Objects.requireNonNull(message, "message");
        }

        /** Such as {@code ERROR: ...}. */
        @Override
        public String toString() {
            return severity + ": " + message;
        }
    }

    public RedisCheckReport {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(summary, "summary");
        targets = List.copyOf(targets);
        findings = List.copyOf(findings);
    }

    /** The findings of one severity. */
    public List<Finding> findings(Severity severity) {
        return findings.stream().filter(finding -> finding.severity() == severity).collect(Collectors.toUnmodifiableList());
    }

    /** Whether any finding is an {@link Severity#ERROR}. */
    public boolean hasErrors() {
        return !findings(Severity.ERROR).isEmpty();
    }

    /** The target of a pair such as {@code prod.cache}; what the service connects to after the check. */
    public RedisTarget target(String environment, String purpose) {
        return targets.stream().filter(t -> t.environment().equals(environment) && t.purpose().equals(purpose))
                .findFirst().orElseThrow(() -> new RedisLayoutException("The check of " + server + " did not cover "
                        + environment + "." + purpose + "; it covered " + targets.stream().map(RedisTarget::pair)
                        .collect(Collectors.joining(", "))));
    }

    /**
     * This report, when it has no errors.
     *
     * @throws RedisCheckException carrying this report when it has errors
     */
    public RedisCheckReport orThrow() {
        if (hasErrors()) {
            throw new RedisCheckException(this);
        }
        return this;
    }

    /** The report in several lines: the server, each target, each finding. */
    @Override
    public String toString() {
        int errors = findings(Severity.ERROR).size();
        int warnings = findings(Severity.WARNING).size();
        StringBuilder text = new StringBuilder("Redis ").append(server).append(": ").append(summary).append("; ")
                .append(errors).append(errors == 1 ? " error, " : " errors, ")
                .append(warnings).append(warnings == 1 ? " warning" : " warnings");
        targets.forEach(target -> text.append("\n  ").append(target));
        findings.forEach(finding -> text.append("\n  ").append(finding));
        return text.toString();
    }
}
