package dev.sharedsvc.quarkus.it;

import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The test application's main: serves until stopped, like any Quarkus application; with {@code --exit-after-start}
 * it stops as soon as it has started, so that a {@code @QuarkusMainTest} expecting a refused start ends (with exit
 * code 0) when the start is not refused.
 */
@QuarkusMain
public class TestApplication implements QuarkusApplication {

    static final String EXIT_AFTER_START = "--exit-after-start";

    @Override
    public int run(String... args) {
        if (!List.of(args).contains(EXIT_AFTER_START)) {
            Quarkus.waitForExit();
        }
        return 0;
    }
}
