package dev.sharedsvc.cli;

import java.util.concurrent.Callable;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.internal.Logins;

/**
 * A command: collects its flags into {@link Inputs}, runs, and returns its exit code. The command has one deadline,
 * the wait's timeout ({@code --timeout}, {@code sharedsvc.wait.timeout}): its wait uses it, and every later
 * PostgreSQL login retries a crowded or starting server's refusals until it ({@link Logins}). A configuration error
 * becomes a one-line usage error naming the flag, spec file or setting; other failures are left to
 * {@link SharedsvcCli}, which maps them to exit codes.
 */
abstract class CliCommand implements Callable<Integer> {

    /** Where the command's settings come from. */
    final Inputs inputs = Inputs.ofProcess();

    @Override
    public final Integer call() {
        try {
            addFlags(inputs);
            return Logins.within(inputs.waitSettings().timeout(), this::run);
        } catch (ConfigurationException e) {
            throw inputs.usage(e);
        }
    }

    /** Adds the command's flags to the inputs. */
    abstract void addFlags(Inputs inputs);

    /** Does the work and returns the exit code. */
    abstract int run();
}
