package dev.sharedsvc.benchmarks.peers;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One side of the {@link PeerBenchmark}, in a JVM of its own: runs the side's test class through the JUnit Platform
 * Launcher and prints one line, {@code PEER side tests failed first_ms steady_ns}: the first test's time (the
 * side's setup: its server, template or context) and the time from the end of the first test to the end of the last.
 */
public final class PeerSide {

    static final String RESULT = "PEER";

    private PeerSide() {
    }

    public static void main(String[] arguments) throws ClassNotFoundException {
        Class<?> tests = Class.forName(PeerSide.class.getPackageName() + "." + arguments[0]);
        AtomicInteger passed = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong firstStart = new AtomicLong();
        AtomicLong firstEnd = new AtomicLong();
        AtomicLong lastEnd = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        TestExecutionListener timing = new TestExecutionListener() {
            @Override
            public void executionStarted(TestIdentifier test) {
                if (test.isTest()) {
                    firstStart.compareAndSet(0, System.nanoTime());
                }
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (!test.isTest()) {
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        result.getThrowable().ifPresent(e -> failure.compareAndSet(null, e));
                    }
                    return;
                }
                long now = System.nanoTime();
                firstEnd.compareAndSet(0, now);
                lastEnd.set(now);
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    passed.incrementAndGet();
                } else {
                    failed.incrementAndGet();
                    result.getThrowable().ifPresent(e -> failure.compareAndSet(null, e));
                }
            }
        };
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(tests)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, timing);
        if (failure.get() != null) {
            failure.get().printStackTrace();
        }
        System.out.println(RESULT + " " + arguments[0] + " " + passed.get() + " " + failed.get() + " "
                + (firstEnd.get() - firstStart.get()) / 1_000_000 + " " + (lastEnd.get() - firstEnd.get()));
        System.exit(0);
    }
}
