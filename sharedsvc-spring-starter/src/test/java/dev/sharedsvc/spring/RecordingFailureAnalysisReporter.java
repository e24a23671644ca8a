package dev.sharedsvc.spring;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/** Keeps the failure analyses Spring Boot reports, as it reports them for a failed start; registered for tests. */
public final class RecordingFailureAnalysisReporter implements FailureAnalysisReporter {

    private static final List<FailureAnalysis> REPORTED = new ArrayList<>();

    @Override
    public void report(FailureAnalysis analysis) {
        synchronized (REPORTED) {
            REPORTED.add(analysis);
        }
    }

    /** The analyses reported so far, and forgets them. */
    static List<FailureAnalysis> take() {
        synchronized (REPORTED) {
            List<FailureAnalysis> reported = List.copyOf(REPORTED);
            REPORTED.clear();
            return reported;
        }
    }
}
