package dev.sharedsvc.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.internal.RedisEndpoints;
import dev.sharedsvc.internal.RedisInfo;
import dev.sharedsvc.redis.RedisCheckReport.Finding;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * Checks that a live Redis server can keep the targets of a layout apart and keep their data, and returns the
 * targets as the service must use them.
 *
 * <pre>{@code
 * RedisCheckReport report = RedisServerCheck.builder()
 *         .withoutDatabases(RedisServerCheck.Fallback.KEY_PREFIX)
 *         .build()
 *         .run(serverUri, layout.targets("prod", "broker", "cache"))
 *         .orThrow();
 * RedisTarget cache = report.target("prod", "cache");   // database 1, or key prefix "prod:cache:" on a cluster
 * }</pre>
 *
 * <p>What it checks, in this order:
 * <ol>
 *   <li><b>Databases exist and are separate.</b> A server in cluster mode ({@code cluster_enabled:1} in INFO) has
 *       only database 0. Otherwise each target's index must be below the server's {@code databases}
 *       ({@code CONFIG GET databases}; where CONFIG is disabled or renamed, as on managed Redis, {@code SELECT n}
 *       answering "DB index is out of range" tells the same): an index beyond it is an error. A server that refuses
 *       {@code SELECT} for another reason has no databases either. Finally a probe key (with a 30 s expiry) is
 *       written in one target's database and looked for in another, then deleted: a server that accepts
 *       {@code SELECT} as a no-op, as Redis Enterprise does, shows it in both.</li>
 *   <li><b>No databases</b>: by {@link Builder#withoutDatabases(Fallback)}, either every target switches to
 *       {@link Isolation#KEY_PREFIX} in database 0 (reported as {@link Severity#INFO}), or the check reports an
 *       error; database 0 is never shared silently.</li>
 *   <li><b>Eviction</b> of the keys of {@link Durability#DURABLE durable} targets. {@code maxmemory 0} means no
 *       limit and so no eviction; {@code noeviction} never evicts. An {@code allkeys-*} policy can evict any key:
 *       reported at the severity of {@link Builder#evictionRisk(Severity)} (default error). A {@code volatile-*}
 *       policy evicts only keys with a TTL: the same severity when a durable target's database holds keys with a
 *       TTL now (INFO keyspace {@code expires}), otherwise a warning, since any key later written with a TTL can
 *       go. The message names the policy and the fix ({@code noeviction}, or a separate server for the durable
 *       purposes). In a cluster, the node the URI names is the one looked at.</li>
 * </ol>
 *
 * <p>A replica refuses writes, so a server that is one ({@code role:slave}) fails the check at once, for every
 * target. A {@code redis-sentinel://} URI is checked on the master the sentinels name now.
 *
 * <p>Each {@link #run} opens its own connection (and Lettuce client) and closes it before returning. Commands and
 * the connection wait at most {@link Builder#timeout(Duration)} each. Immutable and thread-safe.
 */
public final class RedisServerCheck {

    /** What to do on a server without separate databases (Redis Cluster, SELECT refused or ignored). */
    public enum Fallback {

        /** Switch every target to its key prefix in database 0; the service must put the prefix before its keys. */
        KEY_PREFIX,

        /** Report an error. */
        FAIL
    }

    private static final Logger LOG = LoggerFactory.getLogger(RedisServerCheck.class);
    private static final long PROBE_EXPIRY_MILLIS = 30_000;

    private final Severity evictionRisk;
    private final Fallback withoutDatabases;
    private final Duration timeout;

    private RedisServerCheck(Builder builder) {
        this.evictionRisk = builder.evictionRisk;
        this.withoutDatabases = builder.withoutDatabases;
        this.timeout = builder.timeout;
    }

    /** How a memory policy that can evict a durable purpose's keys is reported. */
    public Severity evictionRisk() {
        return evictionRisk;
    }

    /** What to do on a server without separate databases. */
    public Fallback withoutDatabases() {
        return withoutDatabases;
    }

    /** Equal when every setting is. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RedisServerCheck that && evictionRisk == that.evictionRisk
                && withoutDatabases == that.withoutDatabases && timeout.equals(that.timeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(evictionRisk, withoutDatabases, timeout);
    }

    /** A builder with the defaults of {@link #ofDefaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Eviction risk is an error, a server without databases is an error, 10 seconds per command. */
    public static RedisServerCheck ofDefaults() {
        return builder().build();
    }

    /**
     * Checks the server for the given targets (such as {@link RedisLayout#targets(String, String...)}).
     *
     * @param server where the server is and how to log in; its database and timeout are not used
     * @return the report; errors in it do not throw (call {@link RedisCheckReport#orThrow()})
     * @throws RedisCheckException when the server cannot be reached, refuses the login or does not answer INFO
     */
    public RedisCheckReport run(RedisURI server, Collection<RedisTarget> targets) {
        RedisClient client = RedisClient.create();
        try {
            return run(client, server, targets);
        } finally {
            client.shutdown(0, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * As {@link #run(RedisURI, Collection)}, with the caller's client, so the check and the connections opened
     * after it share one client (its threads and event loops are the costly part of a first connect). The check's
     * connection is closed when it returns; the client stays open and the caller shuts it down.
     *
     * @throws RedisCheckException as {@link #run(RedisURI, Collection)}
     */
    public RedisCheckReport run(RedisClient client, RedisURI server, Collection<RedisTarget> targets) {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        List<RedisTarget> checked = List.copyOf(targets);
        String address = RedisEndpoints.describe(server);
        RedisURI admin = RedisEndpoints.copy(server, 0, timeout);
        try (StatefulRedisConnection<String, String> connection = client.connect(admin)) {
            RedisCheckReport report = new Run(address, connection.sync(), checked).report();
            LOG.info("Checked Redis at {} for {}: {} errors, {} warnings", address,
                    checked.stream().map(RedisTarget::pair).collect(Collectors.joining(", ")),
                    report.findings(Severity.ERROR).size(), report.findings(Severity.WARNING).size());
            return report;
        } catch (RedisException e) {
            throw new RedisCheckException("Could not check Redis at " + address + ": " + e.getMessage()
                    + "; check that it runs, that the address and credentials are right, and that INFO is allowed", e);
        }
    }

    /** One run of the check on one connection. */
    private final class Run {

        private final String address;
        private final RedisCommands<String, String> commands;
        private List<RedisTarget> targets;
        private final List<Finding> findings = new ArrayList<>();
        private final RedisInfo info;
        private final OptionalInt databases;

        Run(String address, RedisCommands<String, String> commands, List<RedisTarget> targets) {
            this.address = address;
            this.commands = commands;
            this.targets = targets;
            LOG.debug("INFO on {}", address);
            this.info = RedisInfo.parse(commands.info());
            this.databases = info.clusterEnabled() ? OptionalInt.of(1) : configuredDatabases();
        }

        RedisCheckReport report() {
            if (info.replica()) {
                findings.add(new Finding(Severity.ERROR, "Redis at " + address + " is a read-only replica of "
                        + info.master().orElseThrow() + ": it refuses the writes of "
                        + targets.stream().map(RedisTarget::pair).collect(Collectors.joining(", "))
                        + "; name its master, or reach the master through Sentinel (redis-sentinel://...) so a"
                        + " failover is followed"));
                return new RedisCheckReport(address, summary(), targets, findings);
            }
            String noDatabases = info.clusterEnabled()
                    ? "it runs in cluster mode (cluster_enabled:1), where only database 0 exists"
                    : checkDatabases();
            if (noDatabases != null) {
                handleNoDatabases(noDatabases);
            }
            checkEviction();
            return new RedisCheckReport(address, summary(), targets, findings);
        }

        private OptionalInt configuredDatabases() {
            try {
                LOG.debug("CONFIG GET databases on {}", address);
                String value = commands.configGet("databases").get("databases");
                return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
            } catch (RedisException | NumberFormatException e) {
                LOG.debug("CONFIG GET databases refused on {} ({}); SELECT tells instead", address, e.getMessage());
                return OptionalInt.empty();
            }
        }

        /** Checks every database index; returns why the server has no databases, or null. */
        private String checkDatabases() {
            List<RedisTarget> byDatabase = targets.stream().filter(t -> t.isolation() == Isolation.DATABASE)
                    .collect(Collectors.toList());
            if (byDatabase.isEmpty()) {
                return null;
            }
            List<RedisTarget> existing = new ArrayList<>();
            for (RedisTarget target : byDatabase) {
                if (databases.isPresent() && target.index() >= databases.getAsInt()) {
                    findings.add(new Finding(Severity.ERROR, target.pair() + ": database " + target.index()
                            + " does not exist on Redis at " + address + ", which has " + databases.getAsInt()
                            + " databases (CONFIG GET databases); raise 'databases' in its configuration or"
                            + " give the pair an index below " + databases.getAsInt()));
                    continue;
                }
                String refusal = select(target.index());
                if (refusal == null) {
                    existing.add(target);
                } else if (refusal.contains("out of range")) {
                    findings.add(new Finding(Severity.ERROR, target.pair() + ": database " + target.index()
                            + " does not exist on Redis at " + address + " (SELECT " + target.index() + " answered '"
                            + refusal + "'); raise 'databases' in its configuration or give the pair a lower index"));
                } else {
                    return "it refuses SELECT ('" + refusal + "')";
                }
            }
            select(0);
            return existing.isEmpty() ? null : ignoresSelect(existing.get(0).index());
        }

        /** SELECTs a database; returns the server's refusal, or null when it accepted. */
        private String select(int database) {
            try {
                LOG.debug("SELECT {} on {}", database, address);
                commands.select(database);
                return null;
            } catch (RedisException e) {
                return e.getMessage();
            }
        }

        /** Writes a probe key in one database and looks for it in another; returns why SELECT is a no-op, or null. */
        private String ignoresSelect(int written) {
            int other = written == 0 ? 1 : 0;
            if (select(other) != null) {
                return null;
            }
            String key = "sharedsvc:probe:" + UUID.randomUUID();
            try {
                LOG.debug("Probe key {} in database {}, looked for in database {}, on {}", key, written, other, address);
                select(written);
                commands.set(key, "1", SetArgs.Builder.nx().px(PROBE_EXPIRY_MILLIS));
                select(other);
                boolean visible = commands.exists(key) > 0;
                select(written);
                commands.del(key);
                return visible ? "it accepts SELECT but ignores it (a key written in database " + written
                        + " was visible in database " + other + "), as Redis Enterprise does" : null;
            } catch (RedisException e) {
                findings.add(new Finding(Severity.WARNING, "Could not probe whether Redis at " + address
                        + " keeps databases apart (" + e.getMessage() + "); the check needs to write one short-lived"
                        + " key 'sharedsvc:probe:*'"));
                return null;
            } finally {
                select(0);
            }
        }

        private void handleNoDatabases(String reason) {
            String pairs = targets.stream().filter(t -> t.isolation() == Isolation.DATABASE)
                    .map(t -> t.pair() + " (" + t.index() + ")").collect(Collectors.joining(", "));
            if (withoutDatabases == Fallback.KEY_PREFIX) {
                targets = targets.stream().map(t -> t.withIsolation(Isolation.KEY_PREFIX)).collect(Collectors.toList());
                findings.add(new Finding(Severity.INFO, "Redis at " + address + " has no separate databases: " + reason
                        + "; the targets use key prefixes in database 0 instead ("
                        + targets.stream().map(RedisTarget::keyPrefix).collect(Collectors.joining(", "))
                        + "), which the service must put before every key"));
            } else {
                findings.add(new Finding(Severity.ERROR, "Redis at " + address + " has no separate databases: " + reason
                        + "; the databases of " + pairs + " would all be database 0. Use a standalone Redis, or"
                        + " choose the key-prefix fallback and have the service prefix its keys"));
            }
        }

        private void checkEviction() {
            List<RedisTarget> durable = targets.stream().filter(t -> t.durability() == Durability.DURABLE)
                    .collect(Collectors.toList());
            String policy = info.get("maxmemory_policy").orElse(null);
            String maxmemory = info.get("maxmemory").orElse(null);
            if (durable.isEmpty() || "0".equals(maxmemory) || "noeviction".equals(policy)) {
                return;
            }
            String pairs = durable.stream().map(t -> t.pair() + " (database " + t.database() + ")")
                    .collect(Collectors.joining(", "));
            String fix = "; set maxmemory-policy noeviction on it, or put the durable purposes on a separate Redis"
                    + " server with noeviction";
            if (policy == null || maxmemory == null) {
                findings.add(new Finding(Severity.WARNING, "Redis at " + address + " does not report maxmemory and"
                        + " maxmemory_policy in INFO, so whether it can evict the keys of " + pairs + " is unknown"));
            } else if (policy.startsWith("allkeys-")) {
                findings.add(new Finding(evictionRisk, "maxmemory-policy " + policy + " with maxmemory " + maxmemory()
                        + " on Redis at " + address + " can evict any key, including those of the durable purposes "
                        + pairs + fix));
            } else if (policy.startsWith("volatile-")) {
                List<String> withTtl = durable.stream().filter(t -> expires(t.database()) > 0)
                        .map(t -> t.pair() + " (database " + t.database() + ")").collect(Collectors.toList());
                findings.add(withTtl.isEmpty()
                        ? new Finding(Severity.WARNING, "maxmemory-policy " + policy + " with maxmemory " + maxmemory()
                                + " on Redis at " + address + " evicts keys that have a TTL; the databases of the"
                                + " durable purposes " + pairs + " hold none now, but any such key written later can be"
                                + " evicted" + fix)
                        : new Finding(evictionRisk, "maxmemory-policy " + policy + " with maxmemory " + maxmemory()
                                + " on Redis at " + address + " can evict the keys with a TTL that the durable purposes "
                                + String.join(", ", withTtl) + " hold" + fix));
            } else {
                findings.add(new Finding(Severity.WARNING, "maxmemory-policy " + policy + " on Redis at " + address
                        + " is not known to this check; make sure it cannot evict the keys of " + pairs));
            }
        }

        private String maxmemory() {
            return info.getOrDefault("maxmemory_human", info.getOrDefault("maxmemory", "?") + " bytes");
        }

        /** The number of keys with a TTL in a database, from INFO keyspace ({@code db1:keys=5,expires=2,...}). */
        private long expires(int database) {
            return info.keyspace(database).expires();
        }

        private String summary() {
            return "Redis " + info.getOrDefault("redis_version", "of unknown version") + " "
                    + info.getOrDefault("redis_mode", "in unknown mode") + ", "
                    + (databases.isPresent() ? databases.getAsInt() + (databases.getAsInt() == 1 ? " database" : " databases")
                            : "databases unknown (CONFIG refused)")
                    + (info.replica() ? ", replica of " + info.master().orElseThrow() : "")
                    + ", maxmemory " + ("0".equals(info.getOrDefault("maxmemory", "")) ? "0 (no limit)" : maxmemory())
                    + ", maxmemory-policy " + info.getOrDefault("maxmemory_policy", "unknown");
        }
    }

    /** Settings of a {@link RedisServerCheck}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private Severity evictionRisk = Severity.ERROR;
        private Fallback withoutDatabases = Fallback.FAIL;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /**
         * How a memory policy that can evict a durable purpose's keys is reported: {@link Severity#ERROR} (the
         * default) or {@link Severity#WARNING}.
         *
         * @throws IllegalArgumentException for {@link Severity#INFO}
         */
        public Builder evictionRisk(Severity severity) {
            if (Objects.requireNonNull(severity, "severity") == Severity.INFO) {
                throw new IllegalArgumentException("evictionRisk must be ERROR or WARNING, not INFO");
            }
            this.evictionRisk = severity;
            return this;
        }

        /** What to do on a server without separate databases; default {@link Fallback#FAIL}. */
        public Builder withoutDatabases(Fallback fallback) {
            this.withoutDatabases = Objects.requireNonNull(fallback, "fallback");
            return this;
        }

        /**
         * How long connecting and each command may take; positive, default 10 seconds.
         *
         * @throws IllegalArgumentException when zero or negative
         */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive, was " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** The check. */
        public RedisServerCheck build() {
            return new RedisServerCheck(this);
        }
    }
}
