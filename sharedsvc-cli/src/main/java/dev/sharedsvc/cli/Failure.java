package dev.sharedsvc.cli;

/**
 * A command could not do its work for a reason of its own (not one the library reports), with the exit code that
 * says which kind; the message names the server and what to check, never a secret.
 */
final class Failure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    Failure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
