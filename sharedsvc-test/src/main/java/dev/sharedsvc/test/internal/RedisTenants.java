package dev.sharedsvc.test.internal;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.test.IsolatedTenants;
import dev.sharedsvc.redis.Durability;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.tenant.TenantException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * The Redis side of tenants, on the test Redis: a database index claimed for the tenant (a key in database 0,
 * {@code SET NX} with an hour's expiry, so runs in other JVMs skip it and a killed run's claim lapses), or a key
 * prefix of its own in database 0. Thread-safe; one per JVM.
 *
 * <p>Internal: shared by the JUnit extension and the Spring and Quarkus test support; not for users.
 */
public final class RedisTenants implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisTenants.class);
    private static final String CLAIM = "sharedsvc:tenant:database:";
    private static final long CLAIM_SECONDS = 3_600;
    private static final String RELEASE_CLAIM = "if redis.call('get', KEYS[1]) == ARGV[1] then"
            + " return redis.call('del', KEYS[1]) else return 0 end";

    private final RedisURI server;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> claims;
    private final int databases;

    private RedisTenants(RedisURI server) {
        this.server = server;
        this.client = RedisClient.create();
        try {
            this.claims = client.connect(RedisURI.builder(server).withDatabase(0).build());
            this.databases = databases(claims.sync());
        } catch (RedisException e) {
            client.shutdown();
            throw new TenantException("could not connect to the test Redis at " + server.getHost() + ":"
                    + server.getPort() + ": " + e.getMessage(), e);
        }
    }

    /** On the test Redis: {@code SHAREDSVC_TEST_REDIS_URL}, else the embedded one. */
    public static RedisTenants start() {
        return new RedisTenants(RedisURI.create(TestServers.redis().uri()));
    }

    private static int databases(RedisCommands<String, String> commands) {
        try {
            Map<String, String> setting = commands.configGet("databases");
            return Integer.parseInt(setting.getOrDefault("databases", "16"));
        } catch (RedisException | NumberFormatException e) {
            return 16;
        }
    }

    /**
     * A target of the tenant's own.
     *
     * @throws TenantException when every database from 1 up is claimed
     */
    public RedisTarget allocate(String tenant, IsolatedTenants.RedisIsolation isolation) {
        if (isolation == IsolatedTenants.RedisIsolation.KEY_PREFIX) {
            return new RedisTarget("tenant", tenant, 0, Durability.DURABLE, RedisTarget.Isolation.KEY_PREFIX);
        }
        for (int index = 1; index < databases; index++) {
            if ("OK".equals(claims.sync().set(CLAIM + index, tenant, SetArgs.Builder.nx().ex(CLAIM_SECONDS)))) {
                RedisTarget target = new RedisTarget("tenant", tenant, index, Durability.DURABLE,
                        RedisTarget.Isolation.DATABASE);
                flush(target);
                return target;
            }
        }
        throw new TenantException("all " + (databases - 1) + " Redis databases from 1 up are claimed by tenants on "
                + server.getHost() + ":" + server.getPort() + "; use RedisIsolation.KEY_PREFIX, or give the server"
                + " more databases");
    }

    /** The URI that reaches the target (its database selected), with the server's credentials. */
    public RedisURI uri(RedisTarget target) {
        return target.uri(server);
    }

    /** Empties the target and gives up its claim; failures are logged, the claim lapses within the hour. */
    public void release(RedisTarget target) {
        try {
            flush(target);
            if (target.isolation() == RedisTarget.Isolation.DATABASE) {
                claims.sync().eval(RELEASE_CLAIM, ScriptOutputType.INTEGER, new String[] {CLAIM + target.index()},
                        target.purpose());
            }
        } catch (RedisException e) {
            LOG.warn("Could not empty Redis target {} of tenant {}: {}", target, target.purpose(), e.getMessage());
        }
    }

    /** Deletes every key of the target, keeping its claim. */
    public void empty(RedisTarget target) {
        flush(target);
    }

    private void flush(RedisTarget target) {
        try (StatefulRedisConnection<String, String> connection = client.connect(uri(target))) {
            RedisCommands<String, String> commands = connection.sync();
            if (target.isolation() == RedisTarget.Isolation.DATABASE) {
                commands.flushdb();
                return;
            }
            ScanArgs matching = ScanArgs.Builder.matches(target.keyPrefix() + "*").limit(1_000);
            for (ScanCursor cursor = ScanCursor.INITIAL; !cursor.isFinished(); ) {
                var page = commands.scan(cursor, matching);
                List<String> keys = page.getKeys();
                if (!keys.isEmpty()) {
                    commands.unlink(keys.toArray(String[]::new));
                }
                cursor = page;
            }
        }
    }

    @Override
    public void close() {
        claims.close();
        client.shutdown();
    }
}
