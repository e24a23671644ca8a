package dev.sharedsvc.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;

/**
 * The {@code sharedsvc.dev-services.*} settings and the two rules every adapter applies the same way: when the
 * shared development servers start ({@link #wanted}), and which settings a service then gets
 * ({@link #serviceSettings}). The servers themselves are {@code dev.sharedsvc.embedded.DevServers}; an adapter reads
 * this value and hands its parts to that builder.
 *
 * @param enabled         {@link Setting#DEV_SERVICES_ENABLED}, empty when unset
 * @param postgresPort    {@link Setting#DEV_SERVICES_POSTGRES_PORT}, empty for the default
 * @param redisPort       {@link Setting#DEV_SERVICES_REDIS_PORT}, empty for the default
 * @param directory       {@link Setting#DEV_SERVICES_DIRECTORY}, empty for the default
 * @param idleTimeout     {@link Setting#DEV_SERVICES_IDLE_TIMEOUT}, empty for the default
 * @param postgresVersion {@link Setting#DEV_SERVICES_POSTGRES_VERSION}, empty for the default
 */
public record DevServices(Optional<Boolean> enabled, Optional<Integer> postgresPort, Optional<Integer> redisPort,
                          Optional<Path> directory, Optional<Duration> idleTimeout,
                          Optional<Integer> postgresVersion) {

    private enum Switch { TRUE, FALSE }

    public DevServices {
        Objects.requireNonNull(enabled, "enabled");
        Objects.requireNonNull(postgresPort, "postgresPort");
        Objects.requireNonNull(redisPort, "redisPort");
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(postgresVersion, "postgresVersion");
    }

    /**
     * Reads the settings by the library's rules.
     *
     * @throws ConfigurationException naming the setting when a value is malformed
     */
    public static DevServices from(SettingSource settings) {
        Optional<Duration> idle = settings.duration(Setting.DEV_SERVICES_IDLE_TIMEOUT);
        if (idle.isPresent() && idle.get().isNegative()) {
            throw new ConfigurationException(Setting.DEV_SERVICES_IDLE_TIMEOUT, Setting.DEV_SERVICES_IDLE_TIMEOUT.names()
                    + ": must be 0s (never) or positive, was " + idle.get());
        }
        return new DevServices(
                settings.constant(Setting.DEV_SERVICES_ENABLED, Switch.values()).map(value -> value == Switch.TRUE),
                settings.integer(Setting.DEV_SERVICES_POSTGRES_PORT, 1),
                settings.integer(Setting.DEV_SERVICES_REDIS_PORT, 1),
                settings.text(Setting.DEV_SERVICES_DIRECTORY).map(DevServices::expandHome),
                idle,
                settings.integer(Setting.DEV_SERVICES_POSTGRES_VERSION, 1));
    }

    /**
     * Whether the service should start or join the development servers: never when {@link Setting#POSTGRES_URL}
     * names a server; else as {@link Setting#DEV_SERVICES_ENABLED} says, and when that is unset, when the framework
     * runs the application for development ({@code developmentRun}: Spring Boot DevTools present, Quarkus dev or
     * test mode).
     */
    public static boolean wanted(SettingSource settings, boolean developmentRun) {
        if (settings.text(Setting.POSTGRES_URL).isPresent()) {
            return false;
        }
        return from(settings).enabled().orElse(developmentRun);
    }

    /**
     * The settings a service gets from running development servers, of those it has not set itself: the server
     * and its administrator always (they are the development servers'), the Redis server unless the service names
     * one, and the password of the service's role (a file made once per role) unless the service gives one or names
     * no service. Secrets are passed as files, never as values.
     *
     * @param settings            the service's own settings
     * @param adminJdbcUrl        the development PostgreSQL's JDBC URL, without credentials
     * @param adminUser           its administrator
     * @param adminPasswordFile   the file of the administrator's password
     * @param redisUrlFile        the file of the Redis URL (it holds the password)
     * @param rolePasswordFile    the file of a role's password, made on first use, by role name
     * @return each setting with its value, in a stable order
     */
    public static Map<Setting, String> serviceSettings(SettingSource settings, String adminJdbcUrl, String adminUser,
                                                       Path adminPasswordFile, Path redisUrlFile,
                                                       Function<String, Path> rolePasswordFile) {
        Map<Setting, String> supplied = new LinkedHashMap<>();
        supplied.put(Setting.POSTGRES_URL, adminJdbcUrl);
        supplied.put(Setting.POSTGRES_ADMIN_USER, adminUser);
        supplied.put(Setting.POSTGRES_ADMIN_PASSWORD, adminPasswordFile.toString());
        if (settings.redisUrl().isEmpty()) {
            supplied.put(Setting.REDIS_URL, redisUrlFile.toString());
        }
        Optional<String> role = settings.text(Setting.POSTGRES_ROLE)
                .or(() -> settings.text(Setting.POSTGRES_DATABASE))
                .or(() -> settings.text(Setting.SERVICE));
        if (role.isPresent() && settings.secret(Setting.POSTGRES_PASSWORD).isEmpty()) {
            supplied.put(Setting.POSTGRES_PASSWORD, rolePasswordFile.apply(role.get()).toString());
        }
        return supplied;
    }

    /**
     * The name a supplied setting goes under as a property: the setting's file property for a secret (whose value
     * above is a file), else the property.
     */
    public static String property(Setting setting) {
        return setting.fileProperty().orElse(setting.property());
    }

    /** The same as an environment variable: {@code SHAREDSVC_POSTGRES_ADMIN_PASSWORD_FILE} for a secret. */
    public static String environmentVariable(Setting setting) {
        return setting.fileEnvironmentVariable().orElse(setting.environmentVariable());
    }

    private static Path expandHome(String text) {
        if (text.equals("~") || text.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + text.substring(1));
        }
        return Path.of(text);
    }
}
