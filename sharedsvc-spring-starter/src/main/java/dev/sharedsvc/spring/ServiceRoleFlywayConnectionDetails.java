package dev.sharedsvc.spring;

import org.springframework.boot.flyway.autoconfigure.FlywayConnectionDetails;

/**
 * The service's role as Spring Boot's {@link FlywayConnectionDetails}, so the migrations run as the role that owns
 * the database (and then owns every table they create), whatever {@code spring.flyway.user} says.
 */
final class ServiceRoleFlywayConnectionDetails implements FlywayConnectionDetails {

    private final ServiceRoleConnectionDetails serviceRole;

    ServiceRoleFlywayConnectionDetails(ServiceRoleConnectionDetails serviceRole) {
        this.serviceRole = serviceRole;
    }

    @Override
    public String getUsername() {
        return serviceRole.getUsername();
    }

    @Override
    public String getPassword() {
        return serviceRole.getPassword();
    }

    @Override
    public String getJdbcUrl() {
        return serviceRole.getJdbcUrl();
    }
}
