package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** The help's lists of exit codes name every code the commands return. */
class SharedsvcCliHelpTest {

    private final CommandLine cli = SharedsvcCli.commandLine();

    @Test
    void theFooterListsEveryExitCodeIncludingAnInterruption() {
        assertThat(text(cli)).contains("Exit codes: 0 done, 1 failed, 2 plan: changes pending,"
                + " 3 credentials rejected, 64 bad flag, spec file or setting, 130 interrupted");
    }

    @Test
    void waitListsTheExitCodeOfAnInterruptedWait() {
        assertThat(text(cli.getSubcommands().get("wait"))).contains("Exit codes: 0 ready, 1 deadline"
                + " passed, 3 credentials rejected, 64 bad flag or setting, 130 interrupted");
    }

    /** The help as one line: picocli wraps it at the terminal's width. */
    private static String text(CommandLine command) {
        return command.getUsageMessage().replaceAll("\\s+", " ");
    }
}
