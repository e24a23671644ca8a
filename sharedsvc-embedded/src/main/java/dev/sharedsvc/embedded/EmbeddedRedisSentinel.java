package dev.sharedsvc.embedded;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis with Sentinel on loopback ports: a master, one replica of it and one sentinel watching them (quorum 1),
 * from Debian's {@code redis-server} and {@code redis-sentinel} packages — the deployment shape of a Redis that
 * fails over.
 *
 * <pre>{@code
 * try (EmbeddedRedisSentinel redis = EmbeddedRedisSentinel.start("sentinel-secret")) {
 *     redis.sentinelUri();   // redis-sentinel://:sentinel-secret@127.0.0.1:26xxx/0?sentinelMasterId=mymaster
 *     redis.failover();      // the replica becomes the master, the old master its replica
 * }
 * }</pre>
 *
 * <p>Master and replica share the password; the sentinel itself takes none. Sentinel notices a master down after
 * one second. Thread-safe for {@link #failover()} and {@link #close()} from one thread at a time.
 */
public final class EmbeddedRedisSentinel implements AutoCloseable {

    /** The name the sentinel monitors the master under ({@code sentinelMasterId}). */
    public static final String MASTER_NAME = "mymaster";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisSentinel.class);
    private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(30);

    private final String password;
    private final List<EmbeddedRedis> servers = new ArrayList<>();
    private final EmbeddedRedis sentinel;

    private EmbeddedRedisSentinel(String password) {
        this.password = password;
        String redisServer = Executables.find("redis-server", "redis-server").toString();
        EmbeddedRedis master = EmbeddedRedis.builder().executable(redisServer).password(password)
                .setting("masterauth", EmbeddedRedis.quote(password)).build();
        servers.add(master);
        servers.add(EmbeddedRedis.builder().executable(redisServer).password(password)
                .setting("masterauth", EmbeddedRedis.quote(password))
                .setting("replicaof", "127.0.0.1 " + master.port()).build());
        sentinel = EmbeddedRedis.builder().executable(Executables.find("redis-sentinel", "redis-sentinel").toString())
                .setting("sentinel monitor " + MASTER_NAME, "127.0.0.1 " + master.port() + " 1")
                .setting("sentinel auth-pass " + MASTER_NAME, EmbeddedRedis.quote(password))
                .setting("sentinel down-after-milliseconds " + MASTER_NAME, "1000")
                .setting("sentinel failover-timeout " + MASTER_NAME, "10000")
                .build();
    }

    /**
     * Starts master, replica and sentinel, and returns once the replica has synchronized and the sentinel knows it.
     *
     * @param password the password of master and replica; not empty, no line breaks
     * @throws EmbeddedServerException when a package is missing or a server does not start
     */
    public static EmbeddedRedisSentinel start(String password) {
        Objects.requireNonNull(password, "password");
        if (password.isEmpty()) {
            throw new IllegalArgumentException("the password must not be empty");
        }
        EmbeddedRedisSentinel set = new EmbeddedRedisSentinel(password);
        try {
            set.servers.forEach(EmbeddedRedis::start);
            set.sentinel.start();
            set.await(() -> "up".equals(set.infoField(set.servers.get(1), "master_link_status"))
                    && set.sentinelKnowsReplica(), "the replica to synchronize and the sentinel to see it");
            LOG.info("Started Redis master 127.0.0.1:{}, replica 127.0.0.1:{}, sentinel 127.0.0.1:{}",
                    set.servers.get(0).port(), set.servers.get(1).port(), set.sentinel.port());
            return set;
        } catch (RuntimeException e) {
            set.close();
            throw e;
        }
    }

    /**
     * The URI of the master through the sentinel, as Lettuce reads it:
     * {@code redis-sentinel://:password@127.0.0.1:port/0?sentinelMasterId=mymaster}.
     */
    public String sentinelUri() {
        return "redis-sentinel://:" + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20")
                + "@127.0.0.1:" + sentinel.port() + "/0?sentinelMasterId=" + MASTER_NAME;
    }

    /** The sentinel's port. */
    public int sentinelPort() {
        return sentinel.port();
    }

    /** The server that is the master now. */
    public EmbeddedRedis master() {
        return servers.stream().filter(server -> "master".equals(infoField(server, "role"))).findFirst()
                .orElseThrow(() -> new EmbeddedServerException("no Redis of " + this + " is a master"));
    }

    /** The server that is a replica now. */
    public EmbeddedRedis replica() {
        return servers.stream().filter(server -> "slave".equals(infoField(server, "role"))).findFirst()
                .orElseThrow(() -> new EmbeddedServerException("no Redis of " + this + " is a replica"));
    }

    /**
     * Has the sentinel fail over ({@code SENTINEL FAILOVER}) and returns once the replica is the master and the old
     * master replicates from it.
     *
     * @return the new master
     */
    public EmbeddedRedis failover() {
        EmbeddedRedis oldMaster = master();
        String answer = call(sentinel, "SENTINEL", "FAILOVER", MASTER_NAME);
        if (answer == null || answer.startsWith("-")) {
            throw new EmbeddedServerException("the sentinel refused to fail over: " + answer);
        }
        await(() -> "slave".equals(infoField(oldMaster, "role"))
                && servers.stream().anyMatch(server -> server != oldMaster && "master".equals(infoField(server, "role"))),
                "the failover");
        EmbeddedRedis newMaster = master();
        LOG.info("Failed over from 127.0.0.1:{} to 127.0.0.1:{}", oldMaster.port(), newMaster.port());
        return newMaster;
    }

    private boolean sentinelKnowsReplica() {
        String info = call(sentinel, "INFO", "sentinel");
        return info != null && info.contains("slaves=1");
    }

    private String infoField(EmbeddedRedis server, String field) {
        String info = call(server, "INFO", "replication");
        if (info == null) {
            return null;
        }
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).strip();
            }
        }
        return null;
    }

    private String call(EmbeddedRedis server, String... command) {
        try (RespConnection connection = new RespConnection("127.0.0.1", server.port(), Duration.ofSeconds(2))) {
            if (server != sentinel) {
                connection.call("AUTH", password);
            }
            return connection.call(command);
        } catch (IOException e) {
            return null;
        }
    }

    private void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + FAILOVER_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new EmbeddedServerException("timed out after " + FAILOVER_TIMEOUT + " waiting for " + what
                        + " of " + this);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedServerException("interrupted while waiting for " + what);
            }
        }
    }

    /** Stops the sentinel and both servers and deletes their files. */
    @Override
    public void close() {
        sentinel.close();
        servers.forEach(EmbeddedRedis::close);
    }

    @Override
    public String toString() {
        return "EmbeddedRedisSentinel[sentinel=127.0.0.1:" + sentinel.port() + "]";
    }
}
