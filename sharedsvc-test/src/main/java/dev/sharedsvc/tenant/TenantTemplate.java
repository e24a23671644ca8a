package dev.sharedsvc.tenant;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * What every tenant starts with: the extensions, then the schema the Flyway migrations build. A {@link TenantPool}
 * migrates it once per server into a template database and copies that for each tenant.
 *
 * <pre>{@code
 * TenantTemplate template = TenantTemplate.builder()
 *         .migrations("classpath:db/migration")
 *         .flywayProperty("flyway.placeholders.region", "eu")
 *         .extensions("pgcrypto")
 *         .build();
 * }</pre>
 *
 * <p>The template database is named by a hash of the migrations' checksums (and, for Java migrations, their class
 * files), these Flyway settings, the extensions, the server's major version and the administrator: change any of
 * them and the next pool builds a new template; leave them and every later run, in any JVM, reuses the one there is.
 *
 * <p>Immutable and thread-safe; two templates with the same parts are equal.
 */
public final class TenantTemplate {

    /** Flyway settings the pool sets itself: where and as whom the template is migrated. */
    private static final Set<String> RESERVED = Set.of("flyway.url", "flyway.user", "flyway.password",
            "flyway.driver", "flyway.locations");

    private final List<String> migrations;
    private final Map<String, String> flywayProperties;
    private final List<String> extensions;
    private final ClassLoader classLoader;

    private TenantTemplate(Builder builder) {
        this.migrations = List.copyOf(builder.migrations);
        this.flywayProperties = Map.copyOf(builder.flywayProperties);
        this.extensions = List.copyOf(builder.extensions);
        this.classLoader = builder.classLoader;
    }

    /** A builder: no migrations, no extensions, migrations found through the thread's context class loader. */
    public static Builder builder() {
        return new Builder();
    }

    /** Flyway locations of the migrations, such as {@code classpath:db/migration}; empty for an empty schema. */
    public List<String> migrations() {
        return migrations;
    }

    /** Further Flyway settings, by their {@code flyway.*} property names. */
    public Map<String, String> flywayProperties() {
        return flywayProperties;
    }

    /** Extensions created in the template by the administrator, in order, before the migrations run. */
    public List<String> extensions() {
        return extensions;
    }

    /** Where the migrations are found. */
    ClassLoader classLoader() {
        return classLoader;
    }

    /** Flyway, configured with these settings and nothing about a server yet. */
    FluentConfiguration flyway() {
        FluentConfiguration configuration = Flyway.configure(classLoader).configuration(flywayProperties);
        return configuration.locations(migrations.toArray(String[]::new));
    }

    /** Every Flyway setting that shapes the schema, in a stable order: part of the template's key. */
    Map<String, String> keyedSettings() {
        Map<String, String> settings = new TreeMap<>(flywayProperties);
        settings.put("flyway.locations", String.join(",", migrations));
        return settings;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TenantTemplate
                && migrations.equals(((TenantTemplate) other).migrations)
                && flywayProperties.equals(((TenantTemplate) other).flywayProperties)
                && extensions.equals(((TenantTemplate) other).extensions)
                && classLoader == ((TenantTemplate) other).classLoader;
    }

    @Override
    public int hashCode() {
        return Objects.hash(migrations, flywayProperties, extensions, System.identityHashCode(classLoader));
    }

    /** Such as {@code TenantTemplate[migrations=[classpath:db/migration], extensions=[pgcrypto]]}. */
    @Override
    public String toString() {
        return "TenantTemplate[migrations=" + migrations
                + (flywayProperties.isEmpty() ? "" : ", flyway=" + new TreeMap<>(flywayProperties))
                + (extensions.isEmpty() ? "" : ", extensions=" + extensions) + "]";
    }

    /** Collects the parts of a {@link TenantTemplate}; not thread-safe. */
    public static final class Builder {

        private final List<String> migrations = new ArrayList<>();
        private final Map<String, String> flywayProperties = new TreeMap<>();
        private final Set<String> extensions = new LinkedHashSet<>();
        private ClassLoader classLoader = Objects.requireNonNullElse(
                Thread.currentThread().getContextClassLoader(), TenantTemplate.class.getClassLoader());

        private Builder() {
        }

        /**
         * Flyway locations to migrate from, added to any before: {@code classpath:db/migration} or
         * {@code filesystem:src/main/resources/db/migration}, as Flyway's {@code locations} setting takes them.
         */
        public Builder migrations(String... locations) {
            for (String location : locations) {
                Objects.requireNonNull(location, "location");
                if (location.isBlank()) {
                    throw new IllegalArgumentException("a migration location must not be blank");
                }
                migrations.add(location.strip());
            }
            return this;
        }

        /**
         * Any other Flyway setting, by its property name, such as {@code flyway.placeholders.region},
         * {@code flyway.schemas} or {@code flyway.table}. Not {@code flyway.url}, {@code user}, {@code password} or
         * {@code driver}: the pool migrates the template itself, as its owner; and locations go through
         * {@link #migrations}.
         *
         * @throws IllegalArgumentException when the name does not start with {@code flyway.} or is one of those
         */
        public Builder flywayProperty(String name, String value) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
            if (!name.startsWith("flyway.")) {
                throw new IllegalArgumentException("a Flyway property name starts with flyway., was " + name);
            }
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(name + " is set by the tenant pool"
                        + (name.equals("flyway.locations") ? "; use migrations(...)" : ", not by the template"));
            }
            flywayProperties.put(name, value);
            return this;
        }

        /**
         * Extensions the administrator creates in the template before the migrations run, added to any before. Tenants
         * get them without being superuser; this is the place for those that need one to be created.
         *
         * @throws IllegalArgumentException when a name is empty, has a NUL or is over 63 bytes in UTF-8
         */
        public Builder extensions(String... names) {
            // Checked as provisioning will check them when it creates them in the template.
            ServiceDatabase.builder("template").extensions(names);
            extensions.addAll(List.of(names));
            return this;
        }

        /** The class loader that finds {@code classpath:} migrations and Java migrations; default the context one. */
        public Builder classLoader(ClassLoader classLoader) {
            this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
            return this;
        }

        /**
         * The finished template.
         *
         * @throws IllegalArgumentException when Flyway does not accept the settings
         */
        public TenantTemplate build() {
            TenantTemplate template = new TenantTemplate(this);
            try {
                template.flyway();
            } catch (FlywayException e) {
                throw new IllegalArgumentException("Flyway does not accept the template's settings: " + e.getMessage(), e);
            }
            return template;
        }
    }
}
