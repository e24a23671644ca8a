package dev.sharedsvc.test.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.sharedsvc.test.TenantServer;
import dev.sharedsvc.tenant.TenantPool;
import dev.sharedsvc.tenant.TenantTemplate;

/**
 * Tenant pools and the test Redis shared by every test of the JVM that has no JUnit root store to keep them in (the
 * Spring and Quarkus test support): one pool per server and template, started on first use and closed when the JVM
 * exits, which drops every tenant not kept (a JVM killed first is swept by the next run).
 *
 * <p>Internal: not for users. Thread-safe.
 */
public final class SharedPools {

    private static final Map<PoolKey, TenantPool> POOLS = new ConcurrentHashMap<>();
    private static volatile RedisTenants redis;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(SharedPools::closeAll, "sharedsvc-tenants-shutdown"));
    }

    private SharedPools() {
    }

    /** The pool for {@code template} on {@code server}, started now if this JVM has none yet. */
    public static TenantPool pool(TenantServer server, TenantTemplate template) {
        return POOLS.computeIfAbsent(new PoolKey(server, template), key ->
                TenantPool.builder(server.jdbcUrl(), server.user(), server.password()).template(template).start());
    }

    /** The test Redis ({@code SHAREDSVC_TEST_REDIS_URL}, else the embedded one), connected on first use. */
    public static RedisTenants redis() {
        RedisTenants connected = redis;
        if (connected == null) {
            synchronized (SharedPools.class) {
                if (redis == null) {
                    redis = RedisTenants.start();
                }
                connected = redis;
            }
        }
        return connected;
    }

    private static void closeAll() {
        POOLS.values().forEach(TenantPool::close);
        POOLS.clear();
        RedisTenants connected = redis;
        if (connected != null) {
            connected.close();
        }
    }

    private record PoolKey(TenantServer server, TenantTemplate template) {
    }
}
