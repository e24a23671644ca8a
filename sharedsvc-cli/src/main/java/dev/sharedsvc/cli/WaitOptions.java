package dev.sharedsvc.cli;

import dev.sharedsvc.config.Setting;
import picocli.CommandLine.Option;

/** How long and how to wait for the servers: flags over the {@code wait.*} settings. */
final class WaitOptions {

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long to wait for the servers in all: 500ms, 30s, 2m, 1h or PT1M."
                    + " Default: SHAREDSVC_WAIT_TIMEOUT, else 60s.")
    String timeout;

    @Option(names = "--stable-count", paramLabel = "N",
            description = "Good probes in a row, from the same server instance, before a server counts as ready."
                    + " Default: SHAREDSVC_WAIT_STABLE_COUNT, else 1.")
    String stableCount;

    @Option(names = "--stable-spacing", paramLabel = "DURATION",
            description = "The pause between those probes. Default: SHAREDSVC_WAIT_STABLE_SPACING, else 200ms.")
    String stableSpacing;

    void addTo(Inputs inputs) {
        inputs.flag("--timeout", Setting.WAIT_TIMEOUT, timeout);
        inputs.flag("--stable-count", Setting.WAIT_STABLE_COUNT, stableCount);
        inputs.flag("--stable-spacing", Setting.WAIT_STABLE_SPACING, stableSpacing);
    }
}
