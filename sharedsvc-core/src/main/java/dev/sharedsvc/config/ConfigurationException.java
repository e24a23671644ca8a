package dev.sharedsvc.config;

import dev.sharedsvc.SharedServicesException;

/**
 * A setting is missing, malformed or contradicts another. The message names the setting as a property and as an
 * environment variable (and where the value was read from, when that was an alias or a file), says what is wrong
 * and what is expected; it never contains a secret.
 */
public class ConfigurationException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    private final Setting setting;

    public ConfigurationException(Setting setting, String message) {
        super(message, null, remedy(setting));
        this.setting = setting;
    }

    private static String remedy(Setting setting) {
        if (setting == Setting.FLYWAY) { // a prefix: the message names the property
            return "Set or correct " + setting.property() + ".<property> as Flyway names it, as a property or as the"
                    + " environment variable " + setting.environmentVariable() + "_<PROPERTY>, or leave it out.";
        }
        return "Set or correct " + setting.property() + setting.fileProperty().map(file -> " (or " + file + ")").orElse("")
                + ", as a property or as the environment variable " + setting.environmentVariable() + ".";
    }

    /** A setting whose value is wrong: {@code names: reason}. */
    static ConfigurationException invalid(Setting setting, String reason) {
        return new ConfigurationException(setting, setting.names() + ": " + reason);
    }

    /** The same problem, naming where the value was read from when that is not the setting's own name. */
    ConfigurationException readFrom(String origin) {
        if (origin.equals(setting.property()) || origin.equals(setting.environmentVariable())) {
            return this;
        }
        ConfigurationException located = new ConfigurationException(setting, getMessage() + " (read from " + origin + ")");
        located.setStackTrace(getStackTrace());
        return located;
    }

    /** The setting at fault. */
    public Setting setting() {
        return setting;
    }
}
