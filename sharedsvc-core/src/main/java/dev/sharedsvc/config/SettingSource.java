package dev.sharedsvc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Finds the value of a {@link Setting}: the property (or its file) first, then the environment variable (or its
 * file), then the aliases in order. Blank values count as unset; values other than secrets are stripped.
 */
final class SettingSource {

    /** A value and the name it was read from: a property or variable, or the one that names its file. */
    record Value(String text, String origin) {
    }

    private final Function<String, String> environment;
    private final Function<String, String> properties;

    SettingSource(Function<String, String> environment, Function<String, String> properties) {
        this.environment = environment;
        this.properties = properties;
    }

    /** The value of {@code setting}, if it is set anywhere. */
    Optional<Value> get(Setting setting) {
        Optional<Value> value = level(setting, properties, setting.property(), setting.property() + Setting.FILE_PROPERTY);
        if (value.isEmpty()) {
            value = level(setting, environment, setting.environmentVariable(),
                    setting.environmentVariable() + Setting.FILE_VARIABLE);
        }
        for (int i = 0; value.isEmpty() && i < setting.aliases().size(); i++) {
            String alias = setting.aliases().get(i);
            value = level(setting, environment, alias, alias + Setting.FILE_VARIABLE);
        }
        return value;
    }

    /**
     * Reads {@code setting} and hands its text to {@code use}; a {@link ConfigurationException} that {@code use}
     * throws is given the name the value was read from.
     */
    void apply(Setting setting, Consumer<String> use) {
        get(setting).ifPresent(value -> {
            try {
                use.accept(value.text());
            } catch (ConfigurationException e) {
                throw e.readFrom(value.origin());
            }
        });
    }

    /**
     * A secret that belongs to no {@link Setting} (such as {@code KEYCLOAK_PASSWORD}), from the environment or the
     * file its {@code _FILE} variable names.
     */
    Optional<Value> environmentSecret(Setting owner, String variable) {
        return level(owner, environment, variable, variable + Setting.FILE_VARIABLE, true);
    }

    private Optional<Value> level(Setting setting, Function<String, String> lookup, String name, String fileName) {
        return level(setting, lookup, name, fileName, setting.secret());
    }

    private static Optional<Value> level(Setting setting, Function<String, String> lookup, String name,
                                         String fileName, boolean secret) {
        String value = lookup.apply(name);
        String file = secret ? lookup.apply(fileName) : null;
        boolean hasValue = value != null && !value.isBlank();
        boolean hasFile = file != null && !file.isBlank();
        if (hasValue && hasFile) {
            throw ConfigurationException.invalid(setting, "both " + name + " and " + fileName + " are set; set one");
        }
        if (hasValue) {
            return Optional.of(new Value(secret ? value : value.strip(), name));
        }
        if (hasFile) {
            String path = file.strip();
            return Optional.of(new Value(readFile(setting, fileName, path), fileName));
        }
        return Optional.empty();
    }

    /** The file's content without one trailing line break ({@code \n} or {@code \r\n}). */
    private static String readFile(Setting setting, String fileName, String path) {
        String content;
        try {
            content = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException e) {
            throw ConfigurationException.invalid(setting, fileName + " names " + path + ", which cannot be read ("
                    + e.getClass().getSimpleName() + "); mount the secret there or correct the path");
        }
        if (content.endsWith("\r\n")) {
            content = content.substring(0, content.length() - 2);
        } else if (content.endsWith("\n")) {
            content = content.substring(0, content.length() - 1);
        }
        if (content.isEmpty()) {
            throw ConfigurationException.invalid(setting, fileName + " names " + path + ", which is empty");
        }
        return content;
    }
}
