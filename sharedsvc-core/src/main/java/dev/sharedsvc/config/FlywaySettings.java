package dev.sharedsvc.config;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.internal.configuration.ConfigUtils;

/**
 * The rules of {@link Setting#FLYWAY}: {@code sharedsvc.flyway.<property>} is Flyway's {@code flyway.<property>}, and
 * {@code SHAREDSVC_FLYWAY_<X>} is what Flyway itself reads from its variable {@code FLYWAY_<X>} (Flyway's own
 * translation, {@code FLYWAY_PLACEHOLDERS_TENANT} to {@code flyway.placeholders.tenant}). Flyway judges the names and
 * values; sharedsvc refuses only what it owns: the connection and the locations.
 */
final class FlywaySettings {

    /** Flyway's prefix of every property. */
    static final String FLYWAY = "flyway.";
    /** The prefix of the properties: {@code sharedsvc.flyway.}. */
    static final String PROPERTY_PREFIX = Setting.FLYWAY.property() + ".";
    /** The prefix of the variables: {@code SHAREDSVC_FLYWAY_}. */
    static final String VARIABLE_PREFIX = Setting.FLYWAY.environmentVariable() + "_";
    /** Flyway properties that are sharedsvc's: the data source it connects to, and how. */
    private static final List<String> CONNECTION = List.of("url", "user", "password", "driver");
    private static final String JDBC_PROPERTIES = "jdbcProperties.";
    private static final String LOCATIONS = "locations";

    private FlywaySettings() {
    }

    /** The Flyway property ({@code placeholders.tenant}, without {@code flyway.}) a name stands for, if it is one. */
    static Optional<String> ofProperty(String name) {
        return name.startsWith(PROPERTY_PREFIX) && name.length() > PROPERTY_PREFIX.length()
                ? Optional.of(name.substring(PROPERTY_PREFIX.length())) : Optional.empty();
    }

    /**
     * The Flyway property a variable stands for, by Flyway's own translation of {@code FLYWAY_<X>}; empty when the
     * name is no {@code SHAREDSVC_FLYWAY_} variable.
     *
     * @throws ConfigurationException when Flyway knows no variable of that name
     */
    static Optional<String> ofVariable(String name) {
        if (!name.startsWith(VARIABLE_PREFIX) || name.length() == VARIABLE_PREFIX.length()) {
            return Optional.empty();
        }
        String flywayVariable = "FLYWAY_" + name.substring(VARIABLE_PREFIX.length());
        String property = ConfigUtils.convertKey(flywayVariable);
        if (property == null || !property.startsWith(FLYWAY)) {
            throw new ConfigurationException(Setting.FLYWAY, name + ": Flyway has no setting it reads from "
                    + flywayVariable + "; name a Flyway setting as Flyway names its variable (such as "
                    + VARIABLE_PREFIX + "PLACEHOLDERS_TENANT for flyway.placeholders.tenant), or use the property "
                    + PROPERTY_PREFIX + "<property>");
        }
        return Optional.of(property.substring(FLYWAY.length()));
    }

    /** The variable of a Flyway property: {@code baselineOnMigrate} is {@code SHAREDSVC_FLYWAY_BASELINE_ON_MIGRATE}. */
    static String variable(String property) {
        return VARIABLE_PREFIX + property.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replace('.', '_')
                .toUpperCase(Locale.ROOT);
    }

    /**
     * Checks the settings: none that sharedsvc owns, and each as Flyway accepts it.
     *
     * @param settings by Flyway property without {@code flyway.}
     * @throws ConfigurationException naming the first property refused, with Flyway's reason (never the value)
     */
    static void check(Map<String, String> settings) {
        for (String property : settings.keySet()) {
            if (property.equals(LOCATIONS)) {
                throw refused(property, "the migrations' locations are " + Setting.POSTGRES_MIGRATIONS.names());
            }
            if (CONNECTION.contains(property) || property.startsWith(JDBC_PROPERTIES)) {
                throw refused(property, "the migrations connect as sharedsvc connects them: to "
                        + Setting.POSTGRES_URL.property() + ", as the service's role ("
                        + Setting.POSTGRES_ROLE.property() + ", " + Setting.POSTGRES_PASSWORD.property() + ")");
            }
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            try {
                Flyway.configure().configuration(Map.of(FLYWAY + setting.getKey(), setting.getValue()));
            } catch (FlywayException e) {
                throw refused(setting.getKey(), "Flyway refuses it: " + withoutValue(e.getMessage(), setting.getValue()));
            }
        }
    }

    /** Flyway's message, without the value it may end with (a placeholder may hold a secret). */
    private static String withoutValue(String message, String value) {
        String text = String.valueOf(message);
        if (text.endsWith(": " + value)) {
            return text.substring(0, text.length() - value.length()) + "(the value given)";
        }
        // A short value may be a word of the message; a long one is the value, wherever it stands.
        return value.length() >= 4 ? text.replace(value, "(the value given)") : text;
    }

    private static ConfigurationException refused(String property, String reason) {
        return new ConfigurationException(Setting.FLYWAY, PROPERTY_PREFIX + property + " ("
                + variable(property) + "): " + reason);
    }
}
