package dev.sharedsvc.spring;

import java.util.List;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

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

    /** The value of a {@code sharedsvc.*} property, or {@code null} when it is not set. */
    String property(String name) {
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

    /** Whether a property is set to a non-blank value. */
    boolean isSet(String name) {
        String value = property(name);
        return value != null && !value.isBlank();
    }
}
