package dev.sharedsvc.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;

/**
 * Makes a {@link RedisServiceUser} exist as it describes on a Redis server, or on every node of a Redis Cluster
 * (ACLs are not replicated: each node keeps its own, so every master and replica gets the user, and a failover
 * finds it in place).
 *
 * <pre>{@code
 * RedisAcl.Result result = RedisAcl.ensure(adminUri, RedisServiceUser.of("backend", password, layout, targets));
 * log.info("{}", result);     // per node: created, updated (with the drift), or in place; persisted or not
 * }</pre>
 *
 * <p>Idempotent: the user's rules are compared with what the same server makes of them (applied to a scratch user
 * that is deleted at once, since each Redis version words the rules its own way), and the user is set only when
 * they differ; what differed is reported as drift. After a change, {@code ACL SAVE} writes the ACL file when the
 * server has one; without one the user lives until the server restarts, which the result says (ensure again at
 * every start, as bootstrap does). A server without ACL (before Redis 6), or one where {@code ACL} is renamed or
 * refused, is an error, never a silent fallback to the shared password. Redis has no per-database ACL: a user may
 * {@code SELECT} every database, so only key-prefix targets limit which keys it reaches.
 */
public final class RedisAcl {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAcl.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private RedisAcl() {
    }

    /** What happened to the user on one node. */
    public enum Outcome {
        /** The user did not exist and was made. */
        CREATED,
        /** The user existed with other rules (the drift) and was set anew. */
        UPDATED,
        /** The user was as described; nothing was sent but reads and the scratch comparison. */
        IN_PLACE,
        /** Only checked ({@link #check}): the user is missing or differs; {@link Node#drift()} says how. */
        DIFFERS
    }

    /**
     * One node's outcome.
     *
     * @param node      {@code host:port}
     * @param outcome   what happened
     * @param drift     what differed, one entry per ACL field ({@code commands: ... (expected ...)}); empty when
     *                  nothing did or the user was missing
     * @param persisted whether the change was written to the server's ACL file; false also when nothing changed
     * @param note      what the caller should know, such as that the server has no ACL file; empty when nothing
     */
    public record Node(String node, Outcome outcome, List<String> drift, boolean persisted, String note) {

        public Node {
            drift = List.copyOf(drift);
        }
    }

    /**
     * What {@link #ensure} or {@link #check} found, node by node; printable as it is.
     *
     * @param user  the user's name
     * @param nodes one entry per node
     */
    public record Result(String user, List<Node> nodes) {

        public Result {
            nodes = List.copyOf(nodes);
        }

        /** Whether the user is as described on every node (after ensure: always, unless it threw). */
        public boolean inPlace() {
            return nodes.stream().noneMatch(node -> node.outcome() == Outcome.DIFFERS);
        }

        /** Whether any node was changed. */
        public boolean changed() {
            return nodes.stream().anyMatch(node -> node.outcome() == Outcome.CREATED || node.outcome() == Outcome.UPDATED);
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder("Redis user ").append(user).append(':');
            for (Node node : nodes) {
                text.append("\n  ").append(node.node()).append(": ").append(node.outcome().name().toLowerCase()
                        .replace('_', ' '));
                if (node.persisted()) {
                    text.append(", saved to the ACL file");
                }
                node.drift().forEach(drift -> text.append("\n    drift: ").append(drift));
                if (!node.note().isEmpty()) {
                    text.append("\n    note: ").append(node.note());
                }
            }
            return text.toString();
        }
    }

    /**
     * Makes the user exist as described on the server {@code admin} names (every node when it is a cluster).
     *
     * @param admin a login that may run {@code ACL} (the server's default user or an administrator); its
     *              credentials are used on every node
     * @throws RedisAclException when a node cannot be reached or refuses {@code ACL}; nodes done before stay done,
     *                           and running ensure again finishes the rest
     */
    public static Result ensure(RedisURI admin, RedisServiceUser user) {
        return run(admin, user, true);
    }

    /** What {@link #ensure} would find, changing nothing but the scratch user it makes and deletes. */
    public static Result check(RedisURI admin, RedisServiceUser user) {
        return run(admin, user, false);
    }

    private static Result run(RedisURI admin, RedisServiceUser user, boolean apply) {
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(user, "user");
        RedisClient client = RedisClient.create();
        try {
            List<Node> nodes = new ArrayList<>();
            List<RedisURI> members;
            boolean cluster;
            try (StatefulRedisConnection<String, String> seed = connect(client, admin)) {
                cluster = seed.sync().info("cluster").contains("cluster_enabled:1");
                members = cluster ? clusterNodes(seed.sync().clusterNodes(), admin) : List.of(admin);
            }
            for (RedisURI member : members) {
                try (StatefulRedisConnection<String, String> connection = connect(client, member)) {
                    nodes.add(onNode(connection.sync(), where(member), user, cluster, apply));
                }
            }
            Result result = new Result(user.name(), nodes);
            if (result.changed()) {
                LOG.info("{}", result);
            } else if (!result.inPlace()) {
                LOG.warn("{}", result);
            }
            return result;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private static StatefulRedisConnection<String, String> connect(RedisClient client, RedisURI uri) {
        try {
            StatefulRedisConnection<String, String> connection = client.connect(uri);
            connection.setTimeout(TIMEOUT);
            return connection;
        } catch (RedisException e) {
            throw new RedisAclException("could not connect to Redis at " + where(uri) + " to ensure a service's user: "
                    + e.getMessage(), e);
        }
    }

    private static String where(RedisURI uri) {
        return uri.getHost() + ":" + uri.getPort();
    }

    /** Every reachable node of the cluster that {@code CLUSTER NODES} lists, with the seed's credentials. */
    private static List<RedisURI> clusterNodes(String listing, RedisURI seed) {
        List<RedisURI> nodes = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.strip().split(" ");
            if (fields.length < 3 || fields[2].contains("fail") || fields[2].contains("noaddr")
                    || fields[2].contains("handshake")) {
                continue;
            }
            String address = fields[1].split("[@,]")[0];
            int colon = address.lastIndexOf(':');
            RedisURI node = RedisURI.builder(seed).build();
            String host = address.substring(0, colon);
            node.setHost(host.isEmpty() ? seed.getHost() : host);
            node.setPort(Integer.parseInt(address.substring(colon + 1)));
            nodes.add(node);
        }
        return nodes;
    }

    private static Node onNode(RedisCommands<String, String> commands, String node, RedisServiceUser user,
                               boolean cluster, boolean apply) {
        List<String> rules = user.rules(cluster);
        Map<String, String> existing = getUser(commands, node, user.name());
        String scratch = "sharedsvc-scratch-" + UUID.randomUUID();
        Map<String, String> expected;
        setUser(commands, node, scratch, rules);
        try {
            expected = getUser(commands, node, scratch);
        } finally {
            commands.aclDeluser(scratch);
        }
        if (existing != null && existing.equals(expected)) {
            return new Node(node, Outcome.IN_PLACE, List.of(), false, "");
        }
        List<String> drift = new ArrayList<>();
        if (existing != null) {
            expected.forEach((field, value) -> {
                String actual = existing.getOrDefault(field, "");
                if (!actual.equals(value)) {
                    drift.add(field + ": " + (field.equals("passwords") ? "another password" : actual)
                            + " (expected " + (field.equals("passwords") ? "the service's" : value) + ")");
                }
            });
        }
        if (!apply) {
            return new Node(node, Outcome.DIFFERS, drift, false, existing == null ? "the user does not exist" : "");
        }
        if (!drift.isEmpty()) {
            LOG.warn("Redis user {} on {} had drifted: {}", user.name(), node, drift);
        }
        setUser(commands, node, user.name(), rules);
        boolean saved = false;
        String note = "";
        try {
            commands.aclSave();
            saved = true;
        } catch (RedisCommandExecutionException e) {
            note = "not persisted: " + e.getMessage() + "; the user lasts until the server restarts"
                    + " (bootstrap ensures it again at every start; set an aclfile to keep it)";
        }
        return new Node(node, existing == null ? Outcome.CREATED : Outcome.UPDATED, drift, saved, note);
    }

    private static void setUser(RedisCommands<String, String> commands, String node, String name, List<String> rules) {
        CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add("SETUSER").add(name);
        rules.forEach(args::add);
        try {
            commands.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), args);
        } catch (RedisCommandExecutionException e) {
            throw refused(node, e);
        }
    }

    /** The user's ACL fields as text ({@code ACL GETUSER}), each list joined by spaces; null when it does not exist. */
    private static Map<String, String> getUser(RedisCommands<String, String> commands, String node, String name) {
        List<Object> reply;
        try {
            reply = commands.aclGetuser(name);
        } catch (RedisCommandExecutionException e) {
            throw refused(node, e);
        }
        if (reply == null || reply.size() < 2) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < reply.size(); i += 2) {
            fields.put(text(reply.get(i)), text(reply.get(i + 1)));
        }
        return fields;
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            list.forEach(part -> parts.add(text(part)));
            return String.join(" ", parts);
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(value);
    }

    /** An {@code ACL} error, explained: no ACL at all, renamed or refused, or the server's own words. */
    private static RedisAclException refused(String node, RedisCommandExecutionException e) {
        String words = e.getMessage() == null ? "" : e.getMessage();
        String meaning;
        if (words.startsWith("ERR unknown command")) {
            meaning = "the server has no ACL command: it is older than Redis 6, or ACL is renamed or disabled"
                    + " (rename-command, as some managed services do)";
        } else if (words.startsWith("NOPERM")) {
            meaning = "the login used may not run ACL; use the server's default user or an administrator";
        } else {
            meaning = "the server refused it";
        }
        return new RedisAclException("Redis at " + node + " cannot make a service's own user (" + words + "): "
                + meaning + ". No user was made and the service is not connected with the shared password instead;"
                + " give an administrator login that may run ACL, or turn off the service's Redis user", e);
    }
}
