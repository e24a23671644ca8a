package dev.sharedsvc.bootstrap;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.sharedsvc.config.Mode;
import dev.sharedsvc.health.ReadinessReport;
import dev.sharedsvc.postgres.ConnectionBudget;
import dev.sharedsvc.postgres.ProvisioningResult;
import dev.sharedsvc.postgres.ServiceCheck;
import dev.sharedsvc.redis.RedisCheckReport;

/**
 * What one {@link SharedServices#bootstrap} did, phase by phase, with the time each took. {@link #toString()} is
 * meant to be logged or shown on a health endpoint as it is (the bootstrap logs it once at INFO):
 *
 * <pre>
 * Bootstrap of backend (mode ensure) done in 0.412 s
 *   wait       0.031 s  2 of 2 services ready after 0.030 s
 *                         postgresql 127.0.0.1:5432/postgres: READY (primary, instance ...) after 0.029 s, 1 attempt
 *                         redis 127.0.0.1:6379: READY (primary, instance ...) after 0.012 s, 1 attempt
 *   provision  0.210 s  Database backend owned by backend: 6 change(s) in 52 ms
 *                         CREATE_ROLE backend: CREATE ROLE "backend" LOGIN CONNECTION LIMIT 20
 *                         ...
 *                       Database backend owned by backend on 127.0.0.1:5432/backend: in place, checked as backend in 3 ms
 *                       connections: 197 of max_connections 200 for login roles (3 reserved for superusers); ...
 *   redis      0.020 s  Redis 127.0.0.1:6379: Redis 7.2.4 standalone, 16 databases, ...; 0 errors, 0 warnings
 *                         dev.cache (evictable): database 5
 *   migrate    0.100 s  applied 2 migration(s) from classpath:db/migration as backend; schema version 2 (was none)
 *   pool       0.050 s  HikariCP pool sharedsvc-backend: up to 10 connections as backend
 * </pre>
 *
 * <p>Immutable and thread-safe; it holds no credentials.
 */
public final class BootstrapReport {

    /** The phases of a bootstrap, in the order they run. */
    public enum Phase {

        /** Waiting until PostgreSQL (and Redis) serve, in parallel, up to one deadline. */
        WAIT,

        /** Ensuring or verifying the database and role, and reading the connection budget. */
        PROVISION,

        /** Checking the Redis server for the service's targets and connecting each purpose. */
        REDIS,

        /** Flyway migrations, as the service's role. */
        MIGRATE,

        /** Starting the HikariCP pool for the service's role. */
        POOL;

        /** The phase's name in reports and messages: {@code wait}, {@code provision}, ... */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String INDENT = " ".repeat(23);

    private final String service;
    private final Mode mode;
    private final Map<Phase, Duration> timings;
    private final Map<Phase, String> outcomes;
    private final ReadinessReport readiness;
    private final List<ProvisioningResult> provisioning;
    private final ServiceCheck check;
    private final RedisCheckReport redis;
    private final int migrationsApplied;
    private final String schemaVersion;
    private final List<String> warnings;
    private final Duration elapsed;

    BootstrapReport(String service, Mode mode, Map<Phase, Duration> timings, Map<Phase, String> outcomes,
                    ReadinessReport readiness, List<ProvisioningResult> provisioning, ServiceCheck check,
                    RedisCheckReport redis, int migrationsApplied, String schemaVersion, List<String> warnings,
                    Duration elapsed) {
        this.service = service;
        this.mode = mode;
        this.timings = new EnumMap<>(timings);
        this.outcomes = new EnumMap<>(outcomes);
        this.readiness = readiness;
        this.provisioning = List.copyOf(provisioning);
        this.check = check;
        this.redis = redis;
        this.migrationsApplied = migrationsApplied;
        this.schemaVersion = schemaVersion;
        this.warnings = List.copyOf(warnings);
        this.elapsed = elapsed;
    }

    /** The service bootstrapped. */
    public String service() {
        return service;
    }

    /** The mode it ran in. */
    public Mode mode() {
        return mode;
    }

    /** How long the whole bootstrap took. */
    public Duration elapsed() {
        return elapsed;
    }

    /** How long a phase took; empty when it was skipped (no Redis purposes, no migrations, no pool). */
    public Optional<Duration> elapsed(Phase phase) {
        return Optional.ofNullable(timings.get(phase));
    }

    /** What the wait found. */
    public ReadinessReport readiness() {
        return readiness;
    }

    /** What {@code ensure} changed, one result per database; empty when nothing was missing or not in ensure mode. */
    public List<ProvisioningResult> provisioning() {
        return provisioning;
    }

    /** What the service's own login found after provisioning: in place (or, in mode off, as it is). */
    public ServiceCheck check() {
        return check;
    }

    /** The server's connection budget, as the service's login read it. */
    public ConnectionBudget budget() {
        return check.budget().orElseThrow();
    }

    /** The Redis check, with the targets as the service uses them; empty without Redis purposes. */
    public Optional<RedisCheckReport> redis() {
        return Optional.ofNullable(redis);
    }

    /** How many migrations this bootstrap applied; 0 when none were pending or there are none. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** The schema version after the migrations; empty without migrations or when none was ever applied. */
    public Optional<String> schemaVersion() {
        return Optional.ofNullable(schemaVersion);
    }

    /** Drift, budget and Redis warnings, each also logged at WARN. */
    public List<String> warnings() {
        return warnings;
    }

    /** Whether this bootstrap changed anything on a server: provisioning or migrations. */
    public boolean changed() {
        return provisioning.stream().anyMatch(ProvisioningResult::changed) || migrationsApplied > 0;
    }

    /** A header, one block per phase (with the time it took, or why it was skipped), then the warnings. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Bootstrap of ").append(service).append(" (mode ")
                .append(mode.name().toLowerCase(Locale.ROOT)).append(") done in ").append(seconds(elapsed));
        if (!warnings.isEmpty()) {
            text.append("; ").append(warnings.size()).append(warnings.size() == 1 ? " warning" : " warnings");
        }
        for (Phase phase : Phase.values()) {
            Duration took = timings.get(phase);
            text.append(String.format(Locale.ROOT, "\n  %-10s %-8s  ", phase.word(), took == null ? "-" : seconds(took)))
                    .append(outcomes.get(phase).replace("\n", "\n" + INDENT));
        }
        warnings.forEach(warning -> text.append("\n  WARNING ").append(warning));
        return text.toString();
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toNanos() / 1e9);
    }
}
