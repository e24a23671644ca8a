package dev.sharedsvc.bootstrap;

import java.util.Optional;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.bootstrap.BootstrapReport.Phase;
import dev.sharedsvc.config.Setting;

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
     * The advice of the first sharedsvc error in the chain of causes of {@code failure}: its
     * {@link SharedServicesException#remedy()}, decided where the failure was understood, or, when it has none,
     * to do what its message says.
     *
     * @return empty when no sharedsvc error is in the chain
     */
    public static Optional<String> of(Throwable failure) {
        SharedServicesException sharedsvc = find(failure, SharedServicesException.class);
        if (sharedsvc == null) {
            return Optional.empty();
        }
        return Optional.of(sharedsvc.remedy().orElse(FOLLOW_THE_MESSAGE));
    }

    /**
     * The advice for a failure of {@code phase}: the cause's own, when it has one; else what fails in that phase
     * usually needs (provisioning for wait and provision, the findings for redis).
     */
    static String forPhase(Phase phase, Throwable cause) {
        return of(cause).filter(advice -> !advice.equals(FOLLOW_THE_MESSAGE)).orElse(switch (phase) {
            case WAIT, PROVISION -> PROVISION;
            case REDIS -> REDIS;
            default -> FOLLOW_THE_MESSAGE;
        });
    }

    /** What to do when an error's message says it all. */
    static final String FOLLOW_THE_MESSAGE = "Do what the message above says, then start the application again.";

    /** What to do when the service's database or role is not in place, or its pool does not fit. */
    static final String PROVISION = "For a database or role that is not in place: run the sharedsvc-cli line or the"
            + " SQL above once as an administrator, or let the service make them itself by giving it "
            + Setting.POSTGRES_ADMIN_PASSWORD.property() + " (mode ensure). For a pool that does not"
            + " fit: lower " + Setting.POSTGRES_POOL_SIZE.property() + ", or raise "
            + Setting.POSTGRES_CONNECTION_LIMIT.property() + ".";

    /** What to do about a finding of the Redis server check. */
    static final String REDIS = "Fix the Redis server as the findings above say, or change "
            + Setting.REDIS_LAYOUT.property() + "; where a finding allows it, "
            + Setting.REDIS_EVICTION_RISK.property() + "=warning or "
            + Setting.REDIS_WITHOUT_DATABASES.property() + "=key-prefix accept the risk instead.";

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
