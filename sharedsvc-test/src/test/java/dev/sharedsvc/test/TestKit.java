package dev.sharedsvc.test;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs {@link RunByTestKit} classes in a JUnit of their own. */
final class TestKit {

    static final String PARAMETER = "sharedsvc.test.byTestKit";

    private TestKit() {
    }

    /** Runs {@code testClass} with the {@code name=value} configuration parameters. */
    static EngineExecutionResults run(Class<?> testClass, String... parameters) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").configurationParameter(PARAMETER, "true")
                .selectors(DiscoverySelectors.selectClass(testClass));
        for (String parameter : parameters) {
            int equals = parameter.indexOf('=');
            kit.configurationParameter(parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        return kit.execute();
    }

    /** The exception of the first failed test. */
    static Throwable firstFailure(EngineExecutionResults results) {
        return results.testEvents().failed().stream().findFirst()
                .flatMap(event -> event.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }
}
