package dev.sharedsvc.cli;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.health.WaitSettings;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.Secret;

/**
 * Where a command's settings come from, the first that has a value winning: its flags, the spec file's shared
 * keys, Java system properties, then environment variables with the library's aliases ({@code POSTGRES_USER},
 * {@code POSTGRES_PASSWORD}, {@code POSTGRES_MULTIPLE_DATABASES}, {@code REDIS_URL}) and {@code _FILE} secrets.
 * Flags become properties ({@code --postgres-url} is {@code sharedsvc.postgres.url}), and everything is read
 * through the library's {@link SettingSource} and {@link SharedServicesConfig}, so a key means here exactly what it
 * means to a service, with the same checks and messages. No flag carries a secret, only the file that holds one.
 */
final class Inputs {

    private final Function<String, String> environment;
    private final Function<String, String> systemProperties;
    private final Map<String, String> flags = new HashMap<>();
    private final Map<Setting, String> offered = new EnumMap<>(Setting.class);
    private final Map<Setting, String> given = new EnumMap<>(Setting.class);
    private SpecFile spec;

    Inputs(Function<String, String> environment, Function<String, String> systemProperties) {
        this.environment = environment;
        this.systemProperties = systemProperties;
    }

    /** The process's environment variables and system properties. */
    static Inputs ofProcess() {
        return new Inputs(System::getenv, System::getProperty);
    }

    /** The command's flag for {@code setting}, with its value, or {@code null} when the flag was not given. */
    void flag(String flag, Setting setting, String value) {
        put(flag, setting, setting.property(), value);
    }

    /** The command's flag that names the file holding the secret {@code setting}, or {@code null}. */
    void fileFlag(String flag, Setting setting, String path) {
        put(flag, setting, setting.fileProperty().orElseThrow(), path);
    }

    private void put(String flag, Setting setting, String property, String value) {
        offered.put(setting, flag);
        if (value != null) {
            flags.put(property, value);
            given.put(setting, flag);
        }
    }

    /** Adds the spec file's shared keys below the flags. */
    void spec(SpecFile spec) {
        this.spec = spec;
    }

    private String property(String name) {
        String value = flags.get(name);
        if (value == null && spec != null) {
            value = spec.shared(name);
        }
        return value != null ? value : systemProperties.apply(name);
    }

    /** Every setting, one at a time. */
    SettingSource settings() {
        return SettingSource.from(environment, this::property);
    }

    /** Whether a service is named ({@code --service}, {@code SHAREDSVC_SERVICE}). */
    boolean namesService() {
        return settings().text(Setting.SERVICE).isPresent();
    }

    /**
     * The named service's configuration, read as the service itself reads it, except that there is no pool: the
     * command line never starts one, so whether one would fit the connection limit is the service's own check.
     */
    SharedServicesConfig service() {
        String poolSize = Setting.POSTGRES_POOL_SIZE.property();
        return SharedServicesConfig.from(environment, name -> name.equals(poolSize) ? "0" : property(name));
    }

    /** The PostgreSQL server, read as the library reads it ({@link PostgresServer#parse}). */
    PostgresServer postgres(String why) {
        String url = settings().text(Setting.POSTGRES_URL).orElseThrow(() -> missing(Setting.POSTGRES_URL, why));
        try {
            return PostgresServer.parse(url);
        } catch (IllegalArgumentException e) {
            throw usage(new ConfigurationException(Setting.POSTGRES_URL, Setting.POSTGRES_URL.names() + ": "
                    + e.getMessage()));
        }
    }

    /**
     * The administrator's login on {@code server}: {@code postgres} unless named, with its password, required
     * unless the URL names a client certificate.
     */
    PostgresLogin admin(String why, PostgresServer server) {
        String user = settings().text(Setting.POSTGRES_ADMIN_USER).orElse(SharedServicesConfig.DEFAULT_ADMIN_USER);
        Optional<Secret> password = settings().secret(Setting.POSTGRES_ADMIN_PASSWORD);
        if (password.isEmpty() && server.certificate().isEmpty()) {
            throw missing(Setting.POSTGRES_ADMIN_PASSWORD, why);
        }
        return server.presentingCertificate(password.map(secret -> PostgresLogin.password(user, secret))
                .orElseGet(() -> PostgresLogin.withoutPassword(user)));
    }

    /** How long and how to wait for the servers ({@code wait.*}), read as the library reads them. */
    WaitSettings waitSettings() {
        return settings().waitSettings();
    }

    /** A required setting that is not set, named as a flag, a property and a variable (and its aliases). */
    UsageException missing(Setting setting, String why) {
        String flag = offered.get(setting);
        String aliases = setting.aliases().isEmpty() ? "" : " (or " + String.join(", ", setting.aliases()) + ")";
        return new UsageException((flag == null ? "" : flag + " or ") + setting.names() + aliases + " is not set: "
                + why);
    }

    /** A configuration error as a usage error, naming the flag or the spec file that gave the value. */
    UsageException usage(ConfigurationException e) {
        String flag = given.get(e.setting());
        if (flag != null) {
            return new UsageException(e.getMessage() + " (given as " + flag + ")");
        }
        if (spec != null && spec.sets(e.setting())) {
            return new UsageException(e.getMessage() + " (in spec file " + spec.name() + ")");
        }
        return new UsageException(e.getMessage());
    }
}
