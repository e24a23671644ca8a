package dev.sharedsvc.cli;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.sharedsvc.postgres.ConnectionBudget;
import dev.sharedsvc.redis.RedisCheckReport;
import dev.sharedsvc.redis.RedisCheckReport.Finding;
import dev.sharedsvc.redis.RedisCheckReport.Severity;

/**
 * The operator's view of the shared servers, as a table for people ({@link #text()}) or JSON for machines
 * ({@link #json()}), with the warnings: a PostgreSQL past its end of life, a setting below what the services need,
 * and the Redis layout check's errors and warnings.
 *
 * @param postgres PostgreSQL, or {@code null} when no URL is set
 * @param checks   its settings against what the services need
 * @param redis    Redis, or {@code null} when no URL is set
 * @param today    the day end-of-life dates are judged against
 */
record StatusReport(PostgresStatus postgres, List<Requirements.Check> checks, RedisStatus redis, LocalDate today) {

    /** Every warning, PostgreSQL's first. */
    List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (postgres != null) {
            PostgresReleases.warning(postgres.major(), today).ifPresent(warnings::add);
            checks.stream().filter(check -> check.warning() != null).forEach(check -> warnings.add(check.warning()));
        }
        if (redis != null) {
            redis.check().ifPresent(report -> report.findings().stream()
                    .filter(finding -> finding.severity() != Severity.INFO)
                    .forEach(finding -> warnings.add("Redis " + finding)));
        }
        return warnings;
    }

    String text() {
        StringBuilder text = new StringBuilder();
        if (postgres != null) {
            postgresText(text);
        }
        if (redis != null) {
            redisText(text.append(text.length() == 0 ? "" : "\n\n"));
        }
        List<String> warnings = warnings();
        text.append("\n\n").append(warnings.isEmpty() ? "No warnings." : warnings.size()
                + (warnings.size() == 1 ? " warning:" : " warnings:"));
        warnings.forEach(warning -> text.append("\n  WARNING ").append(warning));
        return text.toString();
    }

    private void postgresText(StringBuilder text) {
        text.append("PostgreSQL ").append(postgres.server()).append(": version ").append(postgres.version()).append(", ")
                .append(PostgresReleases.describe(postgres.major(), today)).append("\n\n");
        Table settings = new Table("setting", "value", "needed", "because").right(1, 2);
        checks.forEach(check -> settings.row(check.setting() + (check.warning() == null ? "" : " (!)"), check.shown(),
                check.neededText(), check.because()));
        text.append(settings.format("  ")).append("\n\n");
        ConnectionBudget budget = postgres.budget();
        text.append("  connections: ").append(postgres.connectionsUsed()).append(" used, ")
                .append(budget.superuserReserved() + budget.reserved()).append(" reserved, ")
                .append(postgres.freeConnections())
                .append(" free of max_connections ").append(budget.maxConnections()).append("; the limits of ")
                .append(budget.limitedRoles()).append(budget.limitedRoles() == 1 ? " login role" : " login roles")
                .append(" sum to ").append(budget.limitSum());
        if (!budget.unlimitedRoles().isEmpty()) {
            text.append("; without a limit: ").append(String.join(", ", budget.unlimitedRoles()));
        }
        Table databases = new Table("database", "owner", "size", "connections", "limit").right(2, 3);
        postgres.databases().forEach(database -> databases.row(database.name(), database.owner(),
                database.sizeBytes() == null ? null : Sizes.human(database.sizeBytes()), database.connections(),
                limit(database)));
        text.append("\n\n").append(databases.format("  ")).append("\n\n");
        String threshold = durationText(postgres.threshold().toMillis() / 1000.0);
        if (postgres.longQueries().isEmpty()) {
            text.append("  no query running longer than ").append(threshold);
            return;
        }
        text.append("  queries running longer than ").append(threshold).append(":\n");
        Table queries = new Table("pid", "database", "user", "running", "waiting for", "query").right(0, 3);
        postgres.longQueries().forEach(query -> queries.row(query.pid(), query.database(), query.user(),
                durationText(query.seconds()), query.waitingFor(), query.query()));
        text.append(queries.format("  "));
    }

    /** The limits on a database's connections: its own and its owner role's. */
    private static String limit(PostgresStatus.Database database) {
        List<String> limits = new ArrayList<>();
        if (database.databaseLimit() >= 0) {
            limits.add(database.databaseLimit() + " (database)");
        }
        if (database.roleLimit() != null && database.roleLimit() >= 0) {
            limits.add(database.roleLimit() + " (role " + database.owner() + ")");
        }
        return limits.isEmpty() ? "none" : String.join(", ", limits);
    }

    private void redisText(StringBuilder text) {
        text.append("Redis ").append(redis.server()).append(": Redis ").append(redis.version()).append(' ')
                .append(redis.mode()).append(", used memory ").append(Sizes.human(redis.usedMemory()))
                .append(", maxmemory ").append(redis.maxmemory() == 0 ? "0 (no limit)" : Sizes.human(redis.maxmemory()))
                .append(", maxmemory-policy ").append(redis.policy());
        redis.databases().ifPresent(count -> text.append(", ").append(count).append(" databases"));
        if (redis.keyspaces().isEmpty()) {
            text.append("\n\n  no database holds keys");
        } else {
            Table keyspaces = new Table("db", "keys", "expires", "memory (est.)", "layout").right(0, 1, 2, 3);
            redis.keyspaces().forEach(keyspace -> keyspaces.row(keyspace.database(), keyspace.keys(), keyspace.expires(),
                    keyspace.estimatedBytes() == null ? null : Sizes.human(keyspace.estimatedBytes()),
                    keyspace.pairs().isEmpty() ? null : String.join(", ", keyspace.pairs())));
            text.append("\n\n").append(keyspaces.format("  "));
        }
        redis.check().ifPresent(report -> text.append("\n\n  layout check: ").append(report.toString()
                .replace("\n", "\n  ")));
    }

    /** Such as {@code 5s}, {@code 31.2s} or {@code 2m 5s}. */
    private static String durationText(double seconds) {
        if (seconds < 60) {
            return seconds == Math.rint(seconds) ? (long) seconds + "s" : String.format(Locale.ROOT, "%.1fs", seconds);
        }
        long whole = Math.round(seconds);
        return whole / 60 + "m " + whole % 60 + "s";
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("postgres", postgres == null ? null : postgresJson());
        json.put("redis", redis == null ? null : redisJson());
        json.put("warnings", warnings());
        return json;
    }

    private Map<String, Object> postgresJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", postgres.server());
        json.put("version", postgres.version());
        json.put("major", postgres.major());
        json.put("endOfLife", PostgresReleases.endOfLife(postgres.major()).map(LocalDate::toString).orElse(null));
        json.put("pastEndOfLife", PostgresReleases.pastEndOfLife(postgres.major(), today));
        List<Object> settings = new ArrayList<>();
        for (Requirements.Check check : checks) {
            Map<String, Object> setting = new LinkedHashMap<>();
            setting.put("name", check.setting());
            setting.put("value", check.shown());
            setting.put("valueBase", postgres.settings().get(check.setting()).value());
            setting.put("needed", check.neededText());
            setting.put("neededBase", check.needed());
            setting.put("because", check.because());
            setting.put("warning", check.warning());
            settings.add(setting);
        }
        json.put("settings", settings);
        ConnectionBudget budget = postgres.budget();
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("maxConnections", budget.maxConnections());
        connections.put("superuserReserved", budget.superuserReserved());
        connections.put("reserved", budget.reserved());
        connections.put("used", postgres.connectionsUsed());
        connections.put("free", postgres.freeConnections());
        connections.put("limitedRoles", budget.limitedRoles());
        connections.put("roleLimitSum", budget.limitSum());
        connections.put("unlimitedRoles", budget.unlimitedRoles());
        connections.put("overcommitted", budget.overcommitted());
        json.put("connections", connections);
        List<Object> databases = new ArrayList<>();
        for (PostgresStatus.Database database : postgres.databases()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", database.name());
            entry.put("owner", database.owner());
            entry.put("sizeBytes", database.sizeBytes());
            entry.put("connections", database.connections());
            entry.put("databaseLimit", database.databaseLimit());
            entry.put("roleLimit", database.roleLimit());
            databases.add(entry);
        }
        json.put("databases", databases);
        json.put("longQueryThresholdSeconds", postgres.threshold().toMillis() / 1000.0);
        List<Object> queries = new ArrayList<>();
        for (PostgresStatus.Query query : postgres.longQueries()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("pid", query.pid());
            entry.put("database", query.database());
            entry.put("user", query.user());
            entry.put("seconds", query.seconds());
            entry.put("waitingFor", query.waitingFor());
            entry.put("query", query.query());
            queries.add(entry);
        }
        json.put("longQueries", queries);
        return json;
    }

    private Map<String, Object> redisJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", redis.server());
        json.put("version", redis.version());
        json.put("mode", redis.mode());
        json.put("usedMemoryBytes", redis.usedMemory());
        json.put("maxmemoryBytes", redis.maxmemory());
        json.put("maxmemoryPolicy", redis.policy());
        json.put("databases", redis.databases().isPresent() ? redis.databases().getAsInt() : null);
        List<Object> keyspaces = new ArrayList<>();
        for (RedisStatus.Keyspace keyspace : redis.keyspaces()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("database", keyspace.database());
            entry.put("keys", keyspace.keys());
            entry.put("expires", keyspace.expires());
            entry.put("estimatedBytes", keyspace.estimatedBytes());
            entry.put("pairs", keyspace.pairs());
            keyspaces.add(entry);
        }
        json.put("keyspaces", keyspaces);
        json.put("layoutCheck", redis.check().map(StatusReport::checkJson).orElse(null));
        return json;
    }

    private static Map<String, Object> checkJson(RedisCheckReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("summary", report.summary());
        json.put("targets", report.targets().stream().map(Object::toString).toList());
        List<Object> findings = new ArrayList<>();
        for (Finding finding : report.findings()) {
            findings.add(Map.of("severity", finding.severity().name().toLowerCase(Locale.ROOT),
                    "message", finding.message()));
        }
        json.put("findings", findings);
        return json;
    }
}
