package dev.sharedsvc.test.spring;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs {@link Kit.Only} test classes inside another test, with JUnit settings of its choosing. */
final class Kit {

    private static final String PARAMETER = "sharedsvc.test.byKit";

    private Kit() {
    }

    /** Runs the classes, with {@code name=value} configuration parameters. */
    static EngineExecutionResults run(Class<?>[] testClasses, String... parameters) {
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter").configurationParameter(PARAMETER, "true");
        for (Class<?> testClass : testClasses) {
            kit.selectors(DiscoverySelectors.selectClass(testClass));
        }
        for (String parameter : parameters) {
            int equals = parameter.indexOf('=');
            kit.configurationParameter(parameter.substring(0, equals), parameter.substring(equals + 1));
        }
        return kit.execute();
    }

    /** Fails with the first failure's exception as the cause, unless exactly {@code count} tests succeeded. */
    static void assertSucceeded(EngineExecutionResults results, int count) {
        results.testEvents().failed().stream().findFirst()
                .flatMap(event -> event.getPayload(TestExecutionResult.class))
                .flatMap(TestExecutionResult::getThrowable)
                .ifPresent(failure -> {
                    throw new AssertionError(results.testEvents().failed().count() + " tests failed", failure);
                });
        results.testEvents().assertStatistics(stats -> stats.succeeded(count).failed(0));
    }

    /** A test class the build skips: it runs only through {@link Kit#run}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    @ExtendWith(Only.Condition.class)
    @interface Only {

        final class Condition implements ExecutionCondition {

            @Override
            public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
                return context.getConfigurationParameter(PARAMETER).isPresent()
                        ? ConditionEvaluationResult.enabled("run by the kit")
                        : ConditionEvaluationResult.disabled("runs only inside the test that runs it");
            }
        }
    }
}
