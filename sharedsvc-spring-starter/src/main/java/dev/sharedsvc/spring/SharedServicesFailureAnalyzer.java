package dev.sharedsvc.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.bootstrap.BootstrapException;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.postgres.ProvisioningException;

/**
 * Turns a failed sharedsvc start-up (servers not ready within {@code sharedsvc.wait.timeout}, a rejected password,
 * a database or role that verify mode does not find, a pool larger than the role may hold, a Redis server that does
 * not fit the layout, a missing or wrong setting) into Spring Boot's "APPLICATION FAILED TO START" report: the
 * core's message, which names the server or setting, what was found and the command that fixes it, as the
 * description; the {@code sharedsvc.*} properties to change as the action. It goes first: wherever a sharedsvc error
 * is in the chain of causes, it is why the application did not start.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class SharedServicesFailureAnalyzer extends AbstractFailureAnalyzer<SharedServicesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SharedServicesException cause) {
        String description = "sharedsvc could not make the service's PostgreSQL and Redis ready before the"
                + " application's beans were created:\n\n" + cause.getMessage();
        return new FailureAnalysis(description, action(cause), cause);
    }

    private String action(SharedServicesException failure) {
        ConfigurationException configuration = findCause(failure, ConfigurationException.class);
        if (configuration != null) {
            return "Set or correct " + names(configuration.setting()) + ", as a property (application.properties,"
                    + " YAML, the command line) or as the environment variable "
                    + configuration.setting().environmentVariable() + ".";
        }
        BootstrapException bootstrap = findCause(failure, BootstrapException.class);
        NotReadyException notReady = findCause(failure, NotReadyException.class);
        // A refused login that the bootstrap explained (verify mode: the role or database is missing) is about
        // provisioning, not about the server being down.
        boolean explained = bootstrap != null && notReady != null && !bootstrap.getMessage().endsWith(notReady.getMessage());
        if (notReady != null && !explained) {
            return switch (notReady.reason()) {
                case DEADLINE_PASSED -> "Start the servers that are not READY above, or correct sharedsvc.postgres.url"
                        + " and sharedsvc.redis.url so that they name them. If a server is only slow to start, raise"
                        + " sharedsvc.wait.timeout.";
                case CREDENTIALS_REJECTED -> credentials();
                case INTERRUPTED -> "The start was interrupted while waiting for the servers; start the application"
                        + " again.";
            };
        }
        ProvisioningException provisioning = findCause(failure, ProvisioningException.class);
        if (provisioning != null && ("28P01".equals(provisioning.sqlState()) || "28000".equals(provisioning.sqlState()))) {
            return credentials();
        }
        if (bootstrap != null) {
            switch (bootstrap.phase()) {
                case WAIT, PROVISION:
                    return "For a database or role that is not in place: run the sharedsvc-cli line or the SQL above"
                            + " once as an administrator, or let the service make them itself by giving it"
                            + " sharedsvc.postgres.admin-password (mode ensure). For a pool that does not fit: lower"
                            + " sharedsvc.postgres.pool-size, or raise sharedsvc.postgres.connection-limit.";
                case REDIS:
                    return "Fix the Redis server as the findings above say, or change sharedsvc.redis.layout; where a"
                            + " finding allows it, sharedsvc.redis.eviction-risk=warning or"
                            + " sharedsvc.redis.without-databases=key-prefix accept the risk instead.";
                default:
                    break;
            }
        }
        return "Do what the message above says, then start the application again.";
    }

    private static String credentials() {
        return "Correct the password the server rejected: " + names(Setting.POSTGRES_ADMIN_PASSWORD)
                + " for the administrator in ensure mode, " + names(Setting.POSTGRES_PASSWORD)
                + " for the service's role, the password in sharedsvc.redis.url for Redis.";
    }

    /** The property, and its file form for a secret. */
    private static String names(Setting setting) {
        return setting.property() + setting.fileProperty().map(file -> " (or " + file + ")").orElse("");
    }
}
