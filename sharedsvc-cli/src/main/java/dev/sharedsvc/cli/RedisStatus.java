package dev.sharedsvc.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.sharedsvc.internal.RedisEndpoints;
import dev.sharedsvc.internal.RedisInfo;
import dev.sharedsvc.redis.RedisCheckReport;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisServerCheck;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;

/**
 * What {@code status} reads from Redis: version, memory and eviction policy ({@code INFO}), the keyspace of every
 * database with keys, each with its memory estimated from a sample of its keys ({@code SCAN}, {@code MEMORY USAGE};
 * Redis keeps no memory count per database), the layout's pairs on each database, and, with a layout, the library's
 * server check.
 *
 * @param server     {@code host:port}
 * @param version    {@code redis_version}
 * @param mode       {@code redis_mode}: standalone, cluster, sentinel
 * @param usedMemory {@code used_memory} in bytes
 * @param maxmemory  {@code maxmemory} in bytes, 0 for no limit
 * @param policy     {@code maxmemory_policy}
 * @param databases  {@code CONFIG GET databases}; empty where CONFIG is refused
 * @param keyspaces  the databases that hold keys, by index
 * @param check      the server check of the layout's targets; empty without a layout
 */
record RedisStatus(String server, String version, String mode, long usedMemory, long maxmemory, String policy,
                   OptionalInt databases, List<Keyspace> keyspaces, Optional<RedisCheckReport> check) {

    private static final int SAMPLE = 50;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /**
     * One database with keys.
     *
     * @param database       its index
     * @param keys           keys in it
     * @param expires        keys with a TTL
     * @param estimatedBytes memory of its keys, estimated from up to 50 of them; {@code null} where MEMORY USAGE is
     *                       refused
     * @param pairs          the layout's pairs on it, such as {@code prod.cache (evictable)}
     */
    record Keyspace(int database, long keys, long expires, Long estimatedBytes, List<String> pairs) {
    }

    static RedisStatus read(RedisURI server, Optional<RedisLayout> layout, RedisServerCheck check) {
        String address = RedisEndpoints.describe(server);
        RedisClient client = RedisClient.create();
        RedisInfo info;
        OptionalInt databases;
        List<Keyspace> keyspaces = new ArrayList<>();
        try (StatefulRedisConnection<byte[], byte[]> connection = client.connect(ByteArrayCodec.INSTANCE,
                RedisEndpoints.copy(server, 0, TIMEOUT))) {
            RedisCommands<byte[], byte[]> commands = connection.sync();
            info = RedisInfo.parse(commands.info());
            databases = configuredDatabases(commands);
            for (RedisInfo.Keyspace keyspace : info.keyspaces().values()) {
                int index = keyspace.database();
                keyspaces.add(new Keyspace(index, keyspace.keys(), keyspace.expires(),
                        estimate(commands, index, keyspace.keys()), pairs(layout, index)));
            }
        } catch (RedisException e) {
            throw new Failure(credentialsRejected(e) ? ExitCode.CREDENTIALS_REJECTED : ExitCode.FAILED,
                    "could not read Redis at " + address + ": " + e.getMessage() + causes(e)
                            + "; check that it runs and that the address and credentials are right", e);
        } finally {
            client.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        Optional<RedisCheckReport> report = layout.map(l -> check.run(server, l.targets()));
        return new RedisStatus(address, info.getOrDefault("redis_version", "?"), info.getOrDefault("redis_mode", "?"),
                Long.parseLong(info.getOrDefault("used_memory", "0")), Long.parseLong(info.getOrDefault("maxmemory", "0")),
                info.getOrDefault("maxmemory_policy", "unknown"), databases, keyspaces, report);
    }

    /** Whether a server refused the credentials: {@code WRONGPASS} or {@code NOAUTH} anywhere in the causes. */
    static boolean credentialsRejected(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("WRONGPASS") || message.contains("NOAUTH")) {
                return true;
            }
        }
        return false;
    }

    private static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            text.append(" (").append(cause.getMessage()).append(')');
        }
        return text.toString();
    }

    private static OptionalInt configuredDatabases(RedisCommands<byte[], byte[]> commands) {
        try {
            String value = commands.configGet("databases").get("databases");
            return value == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value));
        } catch (RedisException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The memory of a database's keys: the mean of up to 50 keys' MEMORY USAGE times the keys. */
    private static Long estimate(RedisCommands<byte[], byte[]> commands, int database, long keys) {
        try {
            commands.select(database);
            long sampled = 0;
            long bytes = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<byte[]> page = commands.scan(cursor, ScanArgs.Builder.limit(SAMPLE));
                for (byte[] key : page.getKeys()) {
                    Long usage = sampled < SAMPLE ? commands.memoryUsage(key) : null;
                    if (usage != null) {
                        sampled++;
                        bytes += usage;
                    }
                }
                cursor = page;
            } while (!cursor.isFinished() && sampled < SAMPLE);
            return sampled == 0 ? null : Math.round((double) bytes / sampled * keys);
        } catch (RedisException e) {
            return null;
        } finally {
            commands.select(0);
        }
    }

    private static List<String> pairs(Optional<RedisLayout> layout, int database) {
        return layout.map(l -> l.targets().stream().filter(target -> target.index() == database)
                .map(target -> target.pair() + " (" + target.durability().name().toLowerCase(Locale.ROOT) + ")")
                .collect(Collectors.toList())).orElse(List.of());
    }
}
