package dev.sharedsvc.test.spring;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.sharedsvc.tenant.TenantTemplate;

/**
 * The application's own migrations, as its configuration names them: {@code sharedsvc.postgres.migrations}, else
 * {@code spring.flyway.locations}, else Spring Boot's default {@code classpath:db/migration}; none when
 * {@code spring.flyway.enabled=false}. The Flyway settings that shape the schema carry over.
 *
 * @param locations Flyway locations
 * @param flyway    Flyway settings by their {@code flyway.*} names
 */
record ApplicationMigrations(List<String> locations, Map<String, String> flyway) {

    private static final String DEFAULT_LOCATION = "classpath:db/migration";
    /** Spring Boot's keys that shape the schema, and Flyway's names for them. */
    private static final Map<String, String> SHAPING = Map.of(
            "spring.flyway.schemas", "flyway.schemas",
            "spring.flyway.default-schema", "flyway.defaultSchema",
            "spring.flyway.table", "flyway.table");

    static ApplicationMigrations of(Environment environment) {
        Binder binder = Binder.get(environment);
        Map<String, String> flyway = new TreeMap<>();
        SHAPING.forEach((spring, name) -> binder.bind(spring, Bindable.listOf(String.class))
                .ifBound(values -> flyway.put(name, String.join(",", values))));
        binder.bind("spring.flyway.placeholders", Bindable.mapOf(String.class, String.class))
                .ifBound(placeholders -> placeholders.forEach((key, value) ->
                        flyway.put("flyway.placeholders." + key, value)));
        if (!binder.bind("spring.flyway.enabled", Boolean.class).orElse(true)) {
            return new ApplicationMigrations(List.of(), flyway);
        }
        List<String> locations = binder.bind("sharedsvc.postgres.migrations", Bindable.listOf(String.class))
                .orElseGet(() -> binder.bind("spring.flyway.locations", Bindable.listOf(String.class))
                        .orElse(List.of(DEFAULT_LOCATION)));
        return new ApplicationMigrations(List.copyOf(locations), flyway);
    }

    /** The template every tenant of the application starts from. */
    TenantTemplate template(ClassLoader classLoader, List<String> extensions) {
        TenantTemplate.Builder template = TenantTemplate.builder().classLoader(classLoader)
                .migrations(locations.toArray(String[]::new)).extensions(extensions.toArray(String[]::new));
        flyway.forEach(template::flywayProperty);
        return template.build();
    }
}
