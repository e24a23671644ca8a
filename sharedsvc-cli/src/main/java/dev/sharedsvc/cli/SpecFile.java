package dev.sharedsvc.cli;

import static dev.sharedsvc.config.Setting.POSTGRES_CONNECTION_LIMIT;
import static dev.sharedsvc.config.Setting.POSTGRES_DATABASE;
import static dev.sharedsvc.config.Setting.POSTGRES_EXTENSIONS;
import static dev.sharedsvc.config.Setting.POSTGRES_PASSWORD;
import static dev.sharedsvc.config.Setting.POSTGRES_ROLE;
import static dev.sharedsvc.config.Setting.POSTGRES_SCHEMAS;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * A spec file: several services to provision in one run, as a Java properties file whose keys are the library's
 * (the property without {@code sharedsvc.}).
 *
 * <pre>
 * postgres.url=jdbc:postgresql://db:5432/postgres          # shared by every service; a flag wins over it
 * services=keycloak,backend                                  # the order; without it, every service named below
 * service.keycloak.postgres.connection-limit=50
 * service.backend.postgres.password-file=/run/secrets/backend-db-password
 * service.backend.postgres.extensions=pgcrypto
 * </pre>
 *
 * A spec file holds no secret, only the files that hold them: a role's password is
 * {@code service.<name>.postgres.password-file}, else {@code <NAME>_PASSWORD} or {@code <NAME>_PASSWORD_FILE} from
 * the environment, as for {@code POSTGRES_MULTIPLE_DATABASES}; without one the role gets no password. Every
 * mistake is one line naming the file and the key.
 */
final class SpecFile {

    /** Keys shared by every service. */
    static final Set<String> SHARED_KEYS = Set.of("postgres.url", "postgres.admin-user", "postgres.admin-password-file",
            "wait.timeout", "wait.stable-count", "wait.stable-spacing");
    /** Keys of one service, after {@code service.<name>.}, in the order the README lists them. */
    static final List<String> SERVICE_KEYS = List.of("postgres.database", "postgres.role", "postgres.password-file",
            "postgres.connection-limit", "postgres.extensions", "postgres.schemas");
    private static final String SERVICES = "services";
    private static final String SERVICE_PREFIX = "service.";

    private final String name;
    private final Map<String, String> shared;
    private final Map<String, Map<String, String>> services;

    private SpecFile(String name, Map<String, String> shared, Map<String, Map<String, String>> services) {
        this.name = name;
        this.shared = shared;
        this.services = services;
    }

    /**
     * Reads and checks a spec file.
     *
     * @throws UsageException naming the file and the key when it cannot be read, has an unknown key or a secret,
     *                        or lists no service
     */
    static SpecFile read(Path path) {
        String name = path.toString();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new UsageException("spec file " + name + " cannot be read as a properties file ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        Map<String, String> shared = new LinkedHashMap<>();
        Map<String, Map<String, String>> services = new LinkedHashMap<>();
        List<String> listed = new ArrayList<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(key).strip();
            if (key.equals(SERVICES)) {
                listed = listed(name, value);
            } else if (key.startsWith(SERVICE_PREFIX)) {
                String[] service = serviceKey(name, key);
                services.computeIfAbsent(service[0], s -> new LinkedHashMap<>()).put(service[1], value);
            } else if (SHARED_KEYS.contains(key)) {
                shared.put(key, value);
            } else {
                throw new UsageException("spec file " + name + ": unknown key " + key + refusal(key)
                        + "; the shared keys are " + String.join(", ", new TreeSet<>(SHARED_KEYS)) + ", services and "
                        + SERVICE_PREFIX + "<name>.<key>");
            }
        }
        return new SpecFile(name, shared, ordered(name, listed, services));
    }

    private static List<String> listed(String file, String value) {
        Set<String> names = new LinkedHashSet<>();
        for (String entry : value.split(",")) {
            String service = entry.strip();
            if (!service.isEmpty() && !names.add(service)) {
                throw new UsageException("spec file " + file + ": services names " + service + " twice");
            }
        }
        return List.copyOf(names);
    }

    /** {@code service.<name>.<key>} as name and key; the name may hold dots, the key is a known one. */
    private static String[] serviceKey(String file, String key) {
        String rest = key.substring(SERVICE_PREFIX.length());
        for (String serviceKey : SERVICE_KEYS) {
            if (rest.endsWith("." + serviceKey) && rest.length() > serviceKey.length() + 1) {
                return new String[] {rest.substring(0, rest.length() - serviceKey.length() - 1), serviceKey};
            }
        }
        throw new UsageException("spec file " + file + ": unknown key " + key + refusal(key) + "; a service takes "
                + SERVICE_PREFIX + "<name>." + String.join(", ", SERVICE_KEYS));
    }

    /** Why a key that names a secret is refused, or nothing. */
    private static String refusal(String key) {
        return key.endsWith("password") ? " (a spec file holds no secret: name the file that holds it with "
                + key + "-file, or set <NAME>_PASSWORD or <NAME>_PASSWORD_FILE in the environment)" : "";
    }

    /** The services in the order {@code services} gives, or by name; each listed one, each configured one listed. */
    private static Map<String, Map<String, String>> ordered(String file, List<String> listed,
                                                           Map<String, Map<String, String>> configured) {
        Map<String, Map<String, String>> ordered = new LinkedHashMap<>();
        if (listed.isEmpty()) {
            new TreeSet<>(configured.keySet()).forEach(service -> ordered.put(service, configured.get(service)));
        } else {
            for (String service : configured.keySet()) {
                if (!listed.contains(service)) {
                    throw new UsageException("spec file " + file + ": " + SERVICE_PREFIX + service
                            + ".* configures a service that services does not list (" + String.join(",", listed) + ")");
                }
            }
            listed.forEach(service -> ordered.put(service, configured.getOrDefault(service, Map.of())));
        }
        if (ordered.isEmpty()) {
            throw new UsageException("spec file " + file + " lists no service: add services=<name>,... or "
                    + SERVICE_PREFIX + "<name>.<key>=... lines");
        }
        return ordered;
    }

    /** The file as named on the command line. */
    String name() {
        return name;
    }

    /** The shared value of a property ({@code sharedsvc.postgres.url}), or {@code null}. */
    String shared(String property) {
        return property.startsWith(Setting.PREFIX) ? shared.get(property.substring(Setting.PREFIX.length())) : null;
    }

    /** Whether the shared keys set {@code setting} (or the file of a secret). */
    boolean sets(Setting setting) {
        return shared(setting.property()) != null
                || setting.fileProperty().map(this::shared).isPresent();
    }

    /** The services' names, in order. */
    List<String> services() {
        return List.copyOf(services.keySet());
    }

    /**
     * Each service's database and role, in order.
     *
     * @param environment where {@code <NAME>_PASSWORD} and {@code <NAME>_PASSWORD_FILE} are read
     * @throws UsageException naming the file, the service and the key when a value is wrong
     */
    List<ServiceDatabase> databases(SettingSource environment) {
        List<ServiceDatabase> databases = new ArrayList<>();
        services.forEach((service, keys) -> databases.add(database(service, keys, environment)));
        return List.copyOf(databases);
    }

    private ServiceDatabase database(String service, Map<String, String> keys, SettingSource environment) {
        SettingSource settings = SettingSource.from(variable -> null,
                property -> property.startsWith(Setting.PREFIX) ? keys.get(property.substring(Setting.PREFIX.length()))
                        : null);
        try {
            ServiceDatabase.Builder spec = ServiceDatabase.builder(settings.text(POSTGRES_DATABASE).orElse(service));
            settings.text(POSTGRES_ROLE).ifPresent(spec::owner);
            settings.secret(POSTGRES_PASSWORD).or(() -> passwordOf(service, environment)).ifPresent(spec::password);
            settings.integer(POSTGRES_CONNECTION_LIMIT, -1).ifPresent(spec::connectionLimit);
            spec.extensions(settings.list(POSTGRES_EXTENSIONS).toArray(String[]::new));
            spec.schemas(settings.list(POSTGRES_SCHEMAS).toArray(String[]::new));
            return spec.build();
        } catch (ConfigurationException e) {
            String names = e.setting().names() + ": ";
            String reason = e.getMessage().startsWith(names) ? e.getMessage().substring(names.length()) : e.getMessage();
            String key = e.setting().property().substring(Setting.PREFIX.length());
            throw new UsageException("spec file " + name + ": " + SERVICE_PREFIX + service + "." + key + ": " + reason);
        } catch (IllegalArgumentException e) {
            throw new UsageException("spec file " + name + ": service " + service + ": " + e.getMessage());
        }
    }

    /** {@code <NAME>_PASSWORD} or the file {@code <NAME>_PASSWORD_FILE} names; a file that cannot be read is named. */
    private static Optional<Secret> passwordOf(String service, SettingSource environment) {
        try {
            return environment.passwordOf(service);
        } catch (ConfigurationException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
