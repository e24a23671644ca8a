package dev.sharedsvc.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.sharedsvc.postgres.Secret;
import io.lettuce.core.RedisURI;

/**
 * A service's own Redis ACL user in one environment, {@code <service>@<environment>}, and the rules it gets:
 * <ul>
 *   <li>its password only as a SHA-256 hash ({@code #<hex>}): the plaintext is never sent by the rules, so it
 *       appears in neither {@code ACL LIST}, {@code MONITOR} nor the slow log;</li>
 *   <li>every command but the dangerous ones ({@code +@all -@dangerous}: {@code FLUSHALL}, {@code FLUSHDB},
 *       {@code CONFIG}, {@code SHUTDOWN}, {@code DEBUG}, {@code KEYS}, {@code MONITOR}, {@code ACL},
 *       {@code SAVE}, {@code REPLICAOF}, {@code MIGRATE}, {@code SORT} and the like), then {@code INFO} and the
 *       client and cluster subcommands clients need to connect; {@code FLUSHDB} only when every purpose is a cache
 *       with a database of its own;</li>
 *   <li>keys and Pub/Sub channels under its purposes' prefixes ({@code ~prod:cache:*}, {@code &prod:cache:*}) when
 *       the targets are isolated by key prefix; all keys and channels when they have databases of their own,
 *       because Redis has no per-database ACL: a user that may {@code SELECT} its database may select any other.</li>
 * </ul>
 * Immutable and thread-safe; {@link #toString()} shows neither the password nor its hash.
 */
public final class RedisServiceUser {

    private final String name;
    private final Secret password;
    private final List<RedisTarget> targets;
    private final boolean flushdb;

    private RedisServiceUser(String name, Secret password, List<RedisTarget> targets, boolean flushdb) {
        this.name = name;
        this.password = password;
        this.targets = List.copyOf(targets);
        this.flushdb = flushdb;
    }

    /**
     * The user of {@code service} for {@code targets}, which are of one environment, as a
     * {@link RedisServerCheck} returned them (database or key-prefix isolation).
     *
     * @param layout the whole layout, to tell whether a database is the target's own
     * @throws IllegalArgumentException when the service name has a space or control character (Redis user names
     *                                  cannot), no target is given, or targets are of several environments
     */
    public static RedisServiceUser of(String service, Secret password, RedisLayout layout, List<RedisTarget> targets) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(layout, "layout");
        if (service.isEmpty() || service.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("a Redis user name cannot hold spaces or control characters, and the"
                    + " service name does: '" + service + "'");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("a Redis user needs at least one target");
        }
        Set<String> environments = new LinkedHashSet<>();
        targets.forEach(target -> environments.add(target.environment()));
        if (environments.size() > 1) {
            throw new IllegalArgumentException("one Redis user serves one environment, not " + environments);
        }
        boolean flushdb = targets.stream().allMatch(target -> target.durability() == Durability.EVICTABLE
                && target.isolation() == RedisTarget.Isolation.DATABASE
                && layout.targets().stream().filter(other -> other.index() == target.index()).count() == 1);
        return new RedisServiceUser(service + "@" + environments.iterator().next(), password, targets, flushdb);
    }

    /** The user name, {@code <service>@<environment>}. */
    public String name() {
        return name;
    }

    /** The targets it may use. */
    public List<RedisTarget> targets() {
        return targets;
    }

    /** Whether it may run {@code FLUSHDB}: every purpose is a cache with a database of its own. */
    public boolean mayFlushDatabase() {
        return flushdb;
    }

    /** Whether its keys are limited to its prefixes; false when a target has a database of its own (no per-database ACL). */
    public boolean keysLimited() {
        return targets.stream().allMatch(target -> target.isolation() == RedisTarget.Isolation.KEY_PREFIX);
    }

    /** {@code server} with this user's name and password, as the service connects: a copy, all else kept. */
    public RedisURI uri(RedisURI server) {
        return RedisURI.builder(server).withAuthentication(name, password.reveal().toCharArray()).build();
    }

    /**
     * The arguments of {@code ACL SETUSER <name>} that make the user, starting with {@code reset} so nothing of
     * before stays; the password as its hash.
     *
     * @param cluster whether the server runs in cluster mode: then the cluster subcommands clients need are allowed
     */
    List<String> rules(boolean cluster) {
        List<String> rules = new ArrayList<>(List.of("reset", "on", "#" + sha256(password.reveal()), "resetkeys"));
        if (keysLimited()) {
            targets.forEach(target -> rules.add("~" + target.keyPrefix() + "*"));
            rules.add("resetchannels");
            targets.forEach(target -> rules.add("&" + target.keyPrefix() + "*"));
        } else {
            rules.add("allkeys");
            rules.add("allchannels");
        }
        rules.addAll(List.of("+@all", "-@dangerous", "+info", "+client|setname", "+client|getname", "+client|id"));
        if (cluster) {
            rules.addAll(List.of("+cluster|slots", "+cluster|nodes", "+cluster|myid", "+cluster|info"));
        }
        if (flushdb) {
            rules.add("+flushdb");
        }
        return rules;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "RedisServiceUser[" + name + ", password=***, targets=" + targets + (flushdb ? ", may FLUSHDB" : "") + "]";
    }
}
