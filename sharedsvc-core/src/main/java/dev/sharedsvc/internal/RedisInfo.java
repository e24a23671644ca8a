package dev.sharedsvc.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The one reader of Redis's {@code INFO} reply: its {@code name:value} lines, with section headers
 * ({@code # Memory}) and blank lines left out, and the facts sharedsvc reads from it (role, link to the master,
 * keyspace). Immutable and thread-safe.
 */
public final class RedisInfo {

    private static final Pattern DATABASE = Pattern.compile("db\\d{1,9}");

    private final Map<String, String> fields;

    private RedisInfo(Map<String, String> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Reads an {@code INFO} reply; a field given twice keeps its last value. */
    public static RedisInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Objects.requireNonNull(text, "text").split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return new RedisInfo(fields);
    }

    /** A field's value, such as {@code get("maxmemory_policy")}. */
    public Optional<String> get(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    /** A field's value, or {@code otherwise} when the reply has no such field. */
    public String getOrDefault(String name, String otherwise) {
        return fields.getOrDefault(name, otherwise);
    }

    /** Whether the server is a replica ({@code role:slave}); a replica refuses writes. */
    public boolean replica() {
        return "slave".equals(fields.get("role"));
    }

    /** Whether a replica's link to its master is up ({@code master_link_status:up}); false for a master. */
    public boolean masterLinkUp() {
        return "up".equals(fields.get("master_link_status"));
    }

    /** A replica's master as {@code host:port}; empty for a master. */
    public Optional<String> master() {
        return replica() ? Optional.of(fields.getOrDefault("master_host", "?") + ":"
                + fields.getOrDefault("master_port", "?")) : Optional.empty();
    }

    /** Whether the server runs in cluster mode ({@code cluster_enabled:1}), with database 0 only. */
    public boolean clusterEnabled() {
        return "1".equals(fields.get("cluster_enabled"));
    }

    /** The keyspace section's databases that hold keys, by index in order ({@code db3:keys=5,expires=2,...}). */
    public SortedMap<Integer, Keyspace> keyspaces() {
        SortedMap<Integer, Keyspace> keyspaces = new TreeMap<>();
        fields.forEach((name, value) -> {
            if (DATABASE.matcher(name).matches()) {
                int index = Integer.parseInt(name.substring(2));
                keyspaces.put(index, new Keyspace(index, field(value, "keys"), field(value, "expires")));
            }
        });
        return keyspaces;
    }

    /** One database's line of the keyspace section; zeros for a database that holds no keys. */
    public Keyspace keyspace(int database) {
        return keyspaces().getOrDefault(database, new Keyspace(database, 0, 0));
    }

    private static long field(String keyspace, String name) {
        for (String field : keyspace.split(",")) {
            if (field.startsWith(name + "=")) {
                return Long.parseLong(field.substring(name.length() + 1));
            }
        }
        return 0;
    }

    /**
     * A database's keys as INFO keyspace counts them.
     *
     * @param database the index
     * @param keys     how many keys it holds
     * @param expires  how many of them have a TTL
     */
    public record Keyspace(int database, long keys, long expires) {
    }
}
