package dev.sharedsvc.cli;

/**
 * The input is wrong: a flag, the spec file or a setting. Its message is one line that names what is wrong and
 * never shows a secret; the command exits with {@link ExitCode#USAGE}.
 */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message.replace('\n', ' '));
    }
}
