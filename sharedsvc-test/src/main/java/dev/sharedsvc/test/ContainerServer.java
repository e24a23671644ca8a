package dev.sharedsvc.test;

import org.testcontainers.containers.JdbcDatabaseContainer;

import dev.sharedsvc.postgres.Secret;

/**
 * A Testcontainers PostgreSQL container as a {@link TenantServer}, for builds that run their servers in Docker. Kept
 * apart from the rest so that Testcontainers is needed only by those who call it.
 *
 * <pre>{@code
 * @Container
 * static PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:18");
 *
 * @RegisterExtension
 * static TenantExtension tenants = TenantExtension.on(() -> ContainerServer.of(postgres));
 * }</pre>
 */
public final class ContainerServer {

    private ContainerServer() {
    }

    /**
     * The container's database, as its administrator (the image's user is a superuser); the container is started
     * first if it is not running yet.
     */
    public static TenantServer of(JdbcDatabaseContainer<?> container) {
        if (!container.isRunning()) {
            container.start();
        }
        return new TenantServer(container.getJdbcUrl(), container.getUsername(), Secret.of(container.getPassword()));
    }
}
