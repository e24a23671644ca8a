package dev.sharedsvc.spring;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * The service's own database, role and password as Spring Boot's {@link JdbcConnectionDetails}: the application's
 * DataSource logs in as the service's role, never as the administrator, and needs no {@code spring.datasource.*}.
 */
final class ServiceRoleConnectionDetails implements JdbcConnectionDetails {

    private final InterimBootstrap.Result services;

    ServiceRoleConnectionDetails(InterimBootstrap.Result services) {
        this.services = services;
    }

    @Override
    public String getUsername() {
        return services.role();
    }

    @Override
    public String getPassword() {
        return services.password().reveal();
    }

    @Override
    public String getJdbcUrl() {
        return services.jdbcUrl();
    }

    @Override
    public String toString() {
        return "ServiceRoleConnectionDetails[" + services.role() + " at " + services.jdbcUrl() + "]";
    }
}
