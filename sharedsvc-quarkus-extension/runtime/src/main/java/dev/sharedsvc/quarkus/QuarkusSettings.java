package dev.sharedsvc.quarkus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.sharedsvc.config.Setting;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/**
 * Quarkus's configuration, while it is being built, as the two look-ups sharedsvc-core reads its settings through:
 * one by property name ({@code sharedsvc.postgres.url}), one by environment-variable name ({@code POSTGRES_USER},
 * {@code KEYCLOAK_PASSWORD}). The core parses and checks every value itself.
 *
 * <p>Values are looked up as Quarkus looks up its own: through every configuration source that is not itself built
 * by a factory (system properties, environment variables, {@code .env}, {@code application.properties} and
 * {@code application.yaml} with their profiles, {@code microprofile-config.properties}), with profiles and
 * expressions applied, and environment variables matched to dotted names.
 */
final class QuarkusSettings {

    /** Where Quarkus extensions keep their settings; {@code quarkus.sharedsvc.x} is {@code sharedsvc.x}. */
    static final String QUARKUS_PREFIX = "quarkus.";

    private final ConfigSourceContext context;

    QuarkusSettings(ConfigSourceContext context) {
        this.context = context;
    }

    /**
     * The value of a core property such as {@code sharedsvc.postgres.url}: {@code quarkus.sharedsvc.postgres.url}
     * when set, else {@code sharedsvc.postgres.url} (which also matches {@code SHAREDSVC_POSTGRES_URL}); or
     * {@code null}.
     */
    String property(String name) {
        String value = value(QUARKUS_PREFIX + name);
        return value != null ? value : value(name);
    }

    /**
     * Every name the configuration being built knows, {@code quarkus.sharedsvc.x} given as {@code sharedsvc.x}
     * (which {@link #property} then finds in either form), for the settings that are prefixes
     * ({@code sharedsvc.flyway.*}).
     */
    List<String> names() {
        List<String> names = new ArrayList<>();
        context.iterateNames().forEachRemaining(name -> names.add(
                name.startsWith(QUARKUS_PREFIX + Setting.PREFIX) ? name.substring(QUARKUS_PREFIX.length()) : name));
        return names;
    }

    /** The value of an environment variable, or of a property of exactly that name; or {@code null}. */
    String variable(String name) {
        return value(name);
    }

    /**
     * The value of a key when someone set it: any source but the defaults Quarkus records for its own settings.
     * Its {@link ConfigValue#getSourceName() source} says where.
     */
    Optional<ConfigValue> userValue(String name) {
        ConfigValue value = context.getValue(name);
        boolean set = value != null && value.getValue() != null && !value.getValue().isBlank()
                && value.getSourceOrdinal() > Integer.MIN_VALUE;
        return set ? Optional.of(value) : Optional.empty();
    }

    private String value(String name) {
        ConfigValue value = context.getValue(name);
        return value == null ? null : value.getValue();
    }
}
