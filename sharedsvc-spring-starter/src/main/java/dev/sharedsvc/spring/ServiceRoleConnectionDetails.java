package dev.sharedsvc.spring;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.Secret;

/**
 * The service's own database, role and password as Spring Boot's {@link JdbcConnectionDetails}: the application's
 * DataSource logs in as the service's role, never as the administrator, and needs no {@code spring.datasource.*}.
 */
final class ServiceRoleConnectionDetails implements JdbcConnectionDetails {

    private final String jdbcUrl;
    private final PostgresLogin login;

    /**
     * The service's database on {@code server} with {@code login}: for the pool its pooled endpoint and login, for
     * Flyway the direct endpoint and the owner's.
     */
    ServiceRoleConnectionDetails(PostgresServer server, PostgresLogin login) {
        this.jdbcUrl = server.jdbcUrl(login);
        this.login = login;
    }

    @Override
    public String getUsername() {
        return login.user();
    }

    @Override
    public String getPassword() {
        return login.password().map(Secret::reveal).orElse(null);
    }

    @Override
    public String getJdbcUrl() {
        return jdbcUrl;
    }

    @Override
    public String toString() {
        return "ServiceRoleConnectionDetails[" + getUsername() + " at " + getJdbcUrl() + "]";
    }
}
