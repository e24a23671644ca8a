package dev.sharedsvc.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

import dev.sharedsvc.health.WaitSettings;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisLayoutException;
import dev.sharedsvc.redis.RedisUrl;

/**
 * Finds the value of a {@link Setting}: the property (or its file) first, then the environment variable (or its
 * file), then the aliases in order. Blank values count as unset; values other than secrets are stripped.
 *
 * <p>{@link SharedServicesConfig#from} reads a whole service through it. A tool that needs only some settings and
 * has no service (the command line waits for servers, or provisions the databases of
 * {@code POSTGRES_MULTIPLE_DATABASES}) reads them one at a time here, with the same names, aliases, secret files
 * and messages:
 *
 * <pre>{@code
 * SettingSource settings = SettingSource.fromEnvironment();
 * Optional<Secret> admin = settings.secret(Setting.POSTGRES_ADMIN_PASSWORD);   // or POSTGRES_PASSWORD(_FILE)
 * List<ServiceDatabase> seeded = settings.otherDatabases();                     // POSTGRES_MULTIPLE_DATABASES
 * }</pre>
 *
 * <p>Every reader throws a {@link ConfigurationException} naming the setting (and where the value was read, when
 * that was an alias or a file) when the value is malformed; none shows a secret. Thread-safe when the look-ups are.
 */
public final class SettingSource {

    /** A value and the name it was read from: a property or variable, or the one that names its file. */
    record Value(String text, String origin) {

        /** Where it came from, never the text: it may be a password or a URL holding one. */
        @Override
        public String toString() {
            return "Value[from " + origin + "]";
        }
    }

    private final Function<String, String> environment;
    private final Function<String, String> properties;

    SettingSource(Function<String, String> environment, Function<String, String> properties) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.properties = Objects.requireNonNull(properties, "properties");
    }

    /**
     * The process: Java system properties win over environment variables, as
     * {@link SharedServicesConfig#fromEnvironment()} reads them.
     */
    public static SettingSource fromEnvironment() {
        return from(System::getenv, System::getProperty);
    }

    /**
     * Two look-ups that return a value or {@code null}: one by environment-variable name, one by property name;
     * the property wins, as {@link SharedServicesConfig#from}.
     */
    public static SettingSource from(Function<String, String> environment, Function<String, String> properties) {
        return new SettingSource(environment, properties);
    }

    /**
     * The text of a setting that is not a secret, stripped.
     *
     * @throws IllegalArgumentException for a secret, which {@link #secret} reads
     */
    public Optional<String> text(Setting setting) {
        if (setting.secret()) {
            throw new IllegalArgumentException(setting.property() + " is a secret; read it with secret()");
        }
        return get(setting).map(Value::text);
    }

    /** A secret, from its value or its file. */
    public Optional<Secret> secret(Setting setting) {
        return read(setting, text -> Values.secret(setting, text));
    }

    /** A whole number of at least {@code min}. */
    public Optional<Integer> integer(Setting setting, int min) {
        return read(setting, text -> Values.integer(setting, text, min));
    }

    /** A duration: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT1M}). */
    public Optional<Duration> duration(Setting setting) {
        return read(setting, text -> Values.duration(setting, text));
    }

    /** Comma-separated entries, blanks around them ignored; empty when unset. */
    public List<String> list(Setting setting) {
        return get(setting).map(value -> Values.list(value.text())).orElse(List.of());
    }

    /** The constant whose word ({@code key-prefix} for {@code KEY_PREFIX}) the value is, in any case. */
    public <E extends Enum<E>> Optional<E> constant(Setting setting, E[] constants) {
        return read(setting, text -> Values.constant(setting, text, constants));
    }

    /**
     * The {@code wait.*} settings as one {@link WaitSettings}, each unset one at its default; a value that
     * {@link WaitSettings} refuses is reported naming its setting and where it was read.
     */
    public WaitSettings waitSettings() {
        WaitSettings[] wait = {WaitSettings.ofDefaults()};
        apply(Setting.WAIT_TIMEOUT, text -> wait[0] = SharedServicesConfig.Builder.withTimeout(wait[0],
                Values.duration(Setting.WAIT_TIMEOUT, text)));
        apply(Setting.WAIT_STABLE_COUNT, text -> wait[0] = SharedServicesConfig.Builder.withStableCount(wait[0],
                Values.integer(Setting.WAIT_STABLE_COUNT, text, 1)));
        apply(Setting.WAIT_STABLE_SPACING, text -> wait[0] = SharedServicesConfig.Builder.withStableSpacing(wait[0],
                Values.duration(Setting.WAIT_STABLE_SPACING, text)));
        return wait[0];
    }

    /** {@link Setting#REDIS_URL}, or the alias it was read from, as {@link RedisUrl#setting()} then names it. */
    public Optional<RedisUrl> redisUrl() {
        return get(Setting.REDIS_URL).map(value -> {
            try {
                return RedisUrl.parse(value.origin(), value.text());
            } catch (RedisLayoutException e) {
                throw ConfigurationException.invalid(Setting.REDIS_URL, e.getMessage());
            }
        });
    }

    /**
     * The password of the role named after a database that {@link Setting#POSTGRES_OTHER_DATABASES} lists: the
     * variable {@link SharedServicesConfig#passwordVariable(String)} names, or the file its {@code _FILE} form
     * names ({@code KEYCLOAK_PASSWORD}, {@code KEYCLOAK_PASSWORD_FILE}).
     */
    public Optional<Secret> passwordOf(String database) {
        return environmentSecret(Setting.POSTGRES_OTHER_DATABASES, SharedServicesConfig.passwordVariable(database))
                .map(value -> Values.secret(Setting.POSTGRES_OTHER_DATABASES, value.text()));
    }

    /**
     * {@link Setting#POSTGRES_OTHER_DATABASES} (or {@code POSTGRES_MULTIPLE_DATABASES}): each database owned by a
     * role of its name with the password {@link #passwordOf} finds, or none; in the order given. Read by
     * {@link ServiceDatabase#fromMultipleDatabases(String, java.util.function.Function)}, as the old init script
     * read it (blanks around names ignored).
     *
     * @throws ConfigurationException when the list is empty, names a database twice or an invalid name
     */
    public List<ServiceDatabase> otherDatabases() {
        return read(Setting.POSTGRES_OTHER_DATABASES, text -> {
            try {
                return ServiceDatabase.fromMultipleDatabases(text, this::passwordOf);
            } catch (IllegalArgumentException e) {
                throw ConfigurationException.invalid(Setting.POSTGRES_OTHER_DATABASES, e.getMessage());
            }
        }).orElse(List.of());
    }

    /**
     * The Flyway settings ({@link Setting#FLYWAY}) among {@code names}, the names the two look-ups know (a look-up
     * cannot list them itself): each {@code sharedsvc.flyway.<property>} property and {@code SHAREDSVC_FLYWAY_<X>}
     * variable, by Flyway property without {@code flyway.} ({@code placeholders.tenant}); a property wins over a
     * variable for the same Flyway setting. Blank values count as unset; values are stripped. Not yet checked
     * against Flyway: {@link SharedServicesConfig.Builder#build()} does that.
     *
     * @throws ConfigurationException for a {@code SHAREDSVC_FLYWAY_} variable that Flyway has no setting for
     */
    public Map<String, String> flyway(Collection<String> names) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : names) {
            FlywaySettings.ofVariable(name).ifPresent(property -> put(settings, property, environment.apply(name)));
        }
        for (String name : names) {
            FlywaySettings.ofProperty(name).ifPresent(property -> put(settings, property, properties.apply(name)));
        }
        return settings;
    }

    private static void put(Map<String, String> settings, String property, String value) {
        if (value != null && !value.isBlank()) {
            settings.put(property, value.strip());
        }
    }

    /** Reads {@code setting} and parses it; a {@link ConfigurationException} is given where the value was read. */
    private <T> Optional<T> read(Setting setting, Function<String, T> parse) {
        Optional<Value> value = get(setting);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(parse.apply(value.get().text()));
        } catch (ConfigurationException e) {
            throw e.readFrom(value.get().origin());
        }
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
        read(setting, text -> {
            use.accept(text);
            return null;
        });
    }

    /**
     * A secret that belongs to no {@link Setting} (such as {@code KEYCLOAK_PASSWORD}), from the environment or the
     * file its {@code _FILE} variable names.
     */
    private Optional<Value> environmentSecret(Setting owner, String variable) {
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
