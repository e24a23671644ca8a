package dev.sharedsvc.samples.quarkus;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.EmbeddedRedis;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Runs the sample on the servers it is given, or on embedded ones: without {@code SHAREDSVC_POSTGRES_URL} it starts
 * an embedded PostgreSQL and names it and its administrator (mode ensure); without {@code SHAREDSVC_REDIS_URL} or
 * {@code REDIS_URL}, an embedded Redis. They are named through {@code quarkus.sharedsvc.*} system properties, set
 * before Quarkus starts and reads them, and they stop when the application does.
 */
@QuarkusMain
public final class SampleMain {

    private SampleMain() {
    }

    public static void main(String... args) {
        List<AutoCloseable> servers = new ArrayList<>();
        if (unset("SHAREDSVC_POSTGRES_URL", "quarkus.sharedsvc.postgres.url", "sharedsvc.postgres.url")) {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            servers.add(postgres);
            System.setProperty("quarkus.sharedsvc.postgres.url", postgres.settings().jdbcUrl());
            System.setProperty("quarkus.sharedsvc.postgres.admin-user", postgres.settings().user());
            System.setProperty("quarkus.sharedsvc.postgres.admin-password", postgres.settings().password());
            System.out.println("PostgreSQL: embedded " + postgres.majorVersion() + " at " + postgres.settings().jdbcUrl());
        }
        if (unset("SHAREDSVC_REDIS_URL", "REDIS_URL", "quarkus.sharedsvc.redis.url", "sharedsvc.redis.url")) {
            EmbeddedRedis redis = EmbeddedRedis.builder().password("sample-" + UUID.randomUUID()).start();
            servers.add(redis);
            System.setProperty("quarkus.sharedsvc.redis.url", redis.settings().uri());
            System.out.println("Redis:      embedded at " + redis.settings());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> servers.forEach(SampleMain::stop), "sample-servers-stop"));
        Quarkus.run(args);
    }

    /** Whether none of these environment variables, properties or their environment forms is set. */
    private static boolean unset(String... names) {
        for (String name : names) {
            String variable = name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
            if (isSet(System.getProperty(name)) || isSet(System.getenv(name)) || isSet(System.getenv(variable))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static void stop(AutoCloseable server) {
        try {
            server.close();
        } catch (Exception e) {
            System.err.println("Could not stop " + server + ": " + e);
        }
    }
}
