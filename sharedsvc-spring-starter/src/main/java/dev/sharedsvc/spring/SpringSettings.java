package dev.sharedsvc.spring;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;

/**
 * Spring's {@link Environment} as the two look-ups sharedsvc-core reads its configuration through: one by property
 * name ({@code sharedsvc.postgres.url}), one by environment-variable name ({@code POSTGRES_USER},
 * {@code KEYCLOAK_PASSWORD}). The core then parses and checks every value itself, so the starter reads nothing on
 * its own.
 *
 * <p>Property names are looked up the way {@code @ConfigurationProperties} are bound: with relaxed names (so
 * {@code SHAREDSVC_POSTGRES_URL}, {@code sharedsvc.postgres.url} and {@code sharedsvc.postgres.URL} all count), in
 * Spring's order of precedence (command line, system properties, environment variables, application
 * properties and YAML), with placeholders resolved. A YAML list is handed to the core in its comma-separated text
 * form.
 */
final class SpringSettings {

    private final Environment environment;
    private final Binder binder;

    SpringSettings(Environment environment) {
        this.environment = environment;
        this.binder = Binder.get(environment);
    }

    /**
     * The value of a {@code sharedsvc.*} property, or {@code null} when it is not set. A name that is no canonical
     * Spring property name ({@code sharedsvc.flyway.baselineOnMigrate}, in Flyway's camel case) is looked up as it is.
     */
    String property(String name) {
        if (!ConfigurationPropertyName.isValid(name)) {
            return environment.getProperty(name);
        }
        String value = binder.bind(name, Bindable.of(String.class)).orElse(null);
        if (value != null) {
            return value;
        }
        List<String> list = binder.bind(name, Bindable.listOf(String.class)).orElse(List.of());
        return list.isEmpty() ? null : String.join(", ", list);
    }

    /** The value of an environment variable (or a property of exactly that name), or {@code null}. */
    String variable(String name) {
        return environment.getProperty(name);
    }

    /**
     * Every property and variable name of the environment's enumerable sources ({@code application.properties},
     * YAML flattened, system properties, environment variables), for the settings that are prefixes
     * ({@code sharedsvc.flyway.*}).
     */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (environment instanceof ConfigurableEnvironment configurable) {
            for (PropertySource<?> source : configurable.getPropertySources()) {
                if (source instanceof EnumerablePropertySource<?> enumerable) {
                    names.addAll(List.of(enumerable.getPropertyNames()));
                }
            }
        }
        return names;
    }

    /** Whether a property is set to a non-blank value. */
    boolean isSet(String name) {
        String value = property(name);
        return value != null && !value.isBlank();
    }
}
