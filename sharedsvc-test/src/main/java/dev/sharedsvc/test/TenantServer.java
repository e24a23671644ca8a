package dev.sharedsvc.test;

import java.util.Objects;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;

/**
 * The PostgreSQL server tenants are made on, as its administrator reaches it. Whichever source it comes from (the
 * {@code SHAREDSVC_TEST_POSTGRES_URL} setting, a Testcontainers container through {@link ContainerServer}, or the
 * embedded server), the tenants are made the same way.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the password.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/postgres}: the maintenance database, the same for every run
 *                 on the server
 * @param user     a superuser
 * @param password its password
 */
public record TenantServer(String jdbcUrl, String user, Secret password) {

    public TenantServer {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * The server every test of the build uses: the one {@code SHAREDSVC_TEST_POSTGRES_URL} names (environment
     * variable or system property, with {@code user} and {@code password} in the URL), else an embedded
     * PostgreSQL started once per JVM (major version from {@code -Dsharedsvc.test.postgres.version}).
     */
    public static TenantServer standard() {
        PostgresSettings settings = TestServers.postgres();
        return new TenantServer(settings.jdbcUrl(), settings.user(), Secret.of(settings.password()));
    }

    /** Such as {@code TenantServer[postgres@jdbc:postgresql://127.0.0.1:5432/postgres]}. */
    @Override
    public String toString() {
        return "TenantServer[" + user + "@" + jdbcUrl + "]";
    }
}
