package dev.sharedsvc.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.bootstrap.Remedy;

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

    /** The core's advice, written once for every adapter. */
    private static String action(SharedServicesException failure) {
        return Remedy.of(failure).orElse("Do what the message above says, then start the application again.");
    }
}
