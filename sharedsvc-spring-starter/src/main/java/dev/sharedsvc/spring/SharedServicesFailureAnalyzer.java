package dev.sharedsvc.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.redis.RedisCheckException;
import dev.sharedsvc.redis.RedisLayoutException;

/**
 * Turns a failed sharedsvc start-up (servers not ready within {@code sharedsvc.wait.timeout}, a rejected password,
 * a database that verify mode does not find, a Redis server that does not fit the layout, a wrong setting) into
 * Spring Boot's "APPLICATION FAILED TO START" report: the core's message, which names the server or setting and
 * what was found, as the description, and the {@code sharedsvc.*} property to change as the action. It goes first:
 * wherever a sharedsvc error is in the chain of causes, it is why the application did not start.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class SharedServicesFailureAnalyzer extends AbstractFailureAnalyzer<SharedServicesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SharedServicesException cause) {
        String description = "sharedsvc could not make the service's PostgreSQL and Redis ready before the"
                + " application's beans were created.\n\n" + cause.getMessage();
        return new FailureAnalysis(description, action(cause), cause);
    }

    private String action(SharedServicesException failure) {
        NotReadyException notReady = findCause(failure, NotReadyException.class);
        if (notReady != null) {
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
        if (provisioning != null) {
            if ("28P01".equals(provisioning.sqlState()) || "28000".equals(provisioning.sqlState())) {
                return credentials();
            }
            return "Do what the message above says. To let the service create or fix its database and role itself,"
                    + " give it an administrator: sharedsvc.postgres.admin-user and sharedsvc.postgres.admin-password"
                    + " (ensure mode); in production, run the command the message names once as an administrator"
                    + " instead (verify mode).";
        }
        if (findCause(failure, RedisCheckException.class) != null) {
            return "Fix the Redis server as the findings above say, or change sharedsvc.redis.layout; where a finding"
                    + " allows it, sharedsvc.redis.eviction-risk=warning or sharedsvc.redis.without-databases=key-prefix"
                    + " accept the risk instead.";
        }
        if (findCause(failure, RedisLayoutException.class) != null) {
            return "Correct sharedsvc.redis.layout, sharedsvc.environment or sharedsvc.redis.purposes so that the"
                    + " environment and every purpose are in the layout.";
        }
        return "Set or correct the sharedsvc.* property named above (or its SHAREDSVC_* environment variable), then"
                + " start the application again.";
    }

    private static String credentials() {
        return "Correct the password the server rejected: sharedsvc.postgres.admin-password (or"
                + " sharedsvc.postgres.admin-password-file) for the administrator in ensure mode,"
                + " sharedsvc.postgres.password (or sharedsvc.postgres.password-file) for the service's role, the"
                + " password in sharedsvc.redis.url for Redis.";
    }
}
