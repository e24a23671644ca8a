package dev.sharedsvc.bootstrap;

import java.util.Optional;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.postgres.ProvisioningException;

/**
 * What to do about a failed start-up, beside the error's own message (which says what failed, against which server
 * or setting): the settings to set or correct, or the servers to start. Every framework adapter shows it the same
 * way it shows the message, such as the action of a Spring Boot failure analysis or the last lines of a Quarkus
 * start-up failure, so the advice is written once, here.
 *
 * <pre>{@code
 * } catch (SharedServicesException e) {
 *     log.error("{}\nWhat to do: {}", e.getMessage(), Remedy.of(e).orElse("see the message"));
 * }
 * }</pre>
 *
 * <p>Settings are named by their property ({@code sharedsvc.postgres.url}), which every way of configuring sharedsvc
 * reads. Stateless and thread-safe.
 */
public final class Remedy {

    private Remedy() {
    }

    /**
     * The advice for the first sharedsvc error in the chain of causes of {@code failure}.
     *
     * @return empty when no sharedsvc error is in the chain
     */
    public static Optional<String> of(Throwable failure) {
        SharedServicesException sharedsvc = find(failure, SharedServicesException.class);
        if (sharedsvc == null) {
            return Optional.empty();
        }
        ConfigurationException configuration = find(failure, ConfigurationException.class);
        if (configuration != null) {
            Setting setting = configuration.setting();
            return Optional.of("Set or correct " + names(setting) + ", as a property or as the environment variable "
                    + setting.environmentVariable() + ".");
        }
        BootstrapException bootstrap = find(failure, BootstrapException.class);
        NotReadyException notReady = find(failure, NotReadyException.class);
        // A refused login that the bootstrap explained (verify mode: the role or database is missing) is about
        // provisioning, not about a server being down: the bootstrap then says more than the wait's own message.
        boolean explained = bootstrap != null && notReady != null
                && !bootstrap.getMessage().endsWith(notReady.getMessage());
        if (notReady != null && !explained) {
            return Optional.of(switch (notReady.reason()) {
                case DEADLINE_PASSED -> "Start the servers that are not READY above, or correct "
                        + Setting.POSTGRES_URL.property() + " and " + Setting.REDIS_URL.property() + " so that they"
                        + " name them. If a server is only slow to start, raise " + Setting.WAIT_TIMEOUT.property() + ".";
                case CREDENTIALS_REJECTED -> credentials();
                case INTERRUPTED -> "The start was interrupted while waiting for the servers; start the application"
                        + " again.";
            });
        }
        ProvisioningException provisioning = find(failure, ProvisioningException.class);
        if (provisioning != null && ("28P01".equals(provisioning.sqlState()) || "28000".equals(provisioning.sqlState()))) {
            return Optional.of(credentials());
        }
        if (bootstrap != null) {
            switch (bootstrap.phase()) {
                case WAIT, PROVISION:
                    return Optional.of("For a database or role that is not in place: run the sharedsvc-cli line or the"
                            + " SQL above once as an administrator, or let the service make them itself by giving it "
                            + Setting.POSTGRES_ADMIN_PASSWORD.property() + " (mode ensure). For a pool that does not"
                            + " fit: lower " + Setting.POSTGRES_POOL_SIZE.property() + ", or raise "
                            + Setting.POSTGRES_CONNECTION_LIMIT.property() + ".");
                case REDIS:
                    return Optional.of("Fix the Redis server as the findings above say, or change "
                            + Setting.REDIS_LAYOUT.property() + "; where a finding allows it, "
                            + Setting.REDIS_EVICTION_RISK.property() + "=warning or "
                            + Setting.REDIS_WITHOUT_DATABASES.property() + "=key-prefix accept the risk instead.");
                default:
                    break;
            }
        }
        return Optional.of("Do what the message above says, then start the application again.");
    }

    private static String credentials() {
        return "Correct the password the server rejected: " + names(Setting.POSTGRES_ADMIN_PASSWORD)
                + " for the administrator in ensure mode, " + names(Setting.POSTGRES_PASSWORD)
                + " for the service's role, the password in " + Setting.REDIS_URL.property() + " for Redis.";
    }

    /** The property, and its file form for a secret. */
    private static String names(Setting setting) {
        return setting.property() + setting.fileProperty().map(file -> " (or " + file + ")").orElse("");
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }
}
