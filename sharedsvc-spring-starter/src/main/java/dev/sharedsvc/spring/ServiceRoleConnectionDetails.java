package dev.sharedsvc.spring;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import dev.sharedsvc.config.SharedServicesConfig;

/**
 * The service's own database, role and password as Spring Boot's {@link JdbcConnectionDetails}: the application's
 * DataSource logs in as the service's role, never as the administrator, and needs no {@code spring.datasource.*}.
 */
final class ServiceRoleConnectionDetails implements JdbcConnectionDetails {

    private final SharedServicesConfig config;

    ServiceRoleConnectionDetails(SharedServicesConfig config) {
        this.config = config;
    }

    @Override
    public String getUsername() {
        return config.serviceDatabase().owner();
    }

    @Override
    public String getPassword() {
        return config.serviceDatabase().password().orElseThrow().reveal();
    }

    @Override
    public String getJdbcUrl() {
        return config.jdbcUrl();
    }

    @Override
    public String toString() {
        return "ServiceRoleConnectionDetails[" + getUsername() + " at " + getJdbcUrl() + "]";
    }
}
