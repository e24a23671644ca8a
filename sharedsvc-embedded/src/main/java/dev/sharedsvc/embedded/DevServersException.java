package dev.sharedsvc.embedded;

import java.util.Optional;

/**
 * The shared development servers could not be started, joined or stopped. The message says what failed, against
 * which port or directory, and what to do; {@link #setting()} names the setting that fixes it, when one does.
 * Never carries a password.
 */
public final class DevServersException extends EmbeddedServerException {

    private static final long serialVersionUID = 1L;

    private final String setting;

    DevServersException(String message, String setting, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /** The property that moves the port or the directory at fault, such as {@code sharedsvc.dev-services.postgres-port}. */
    public Optional<String> setting() {
        return Optional.ofNullable(setting);
    }
}
