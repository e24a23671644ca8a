package dev.sharedsvc.postgres;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What one service needs on a shared PostgreSQL server: its database, the login role that owns it, and what goes
 * inside. {@link PostgresAdmin#ensure} makes a server match it.
 *
 * <pre>{@code
 * ServiceDatabase backend = ServiceDatabase.builder("backend")
 *         .password(Secret.of(System.getenv("BACKEND_DB_PASSWORD")))
 *         .connectionLimit(20)
 *         .extensions("pgcrypto")
 *         .build();
 * }</pre>
 *
 * <p>Names are used exactly as given (always quoted, so case, spaces and punctuation are kept) and are checked when
 * the value is built: empty names, NUL characters and names over 63 bytes in UTF-8 (which PostgreSQL would
 * silently truncate) are refused. Immutable and thread-safe; {@link #toString()} never shows the password.
 */
public final class ServiceDatabase {

    /** Appended to the owner's name for the application role, which holds the data rights and is the pool's login. */
    static final String APPLICATION_SUFFIX = "_app";
    /** Appended to the owner's name for the application role's second login, which alternates with it on rotation. */
    static final String SECOND_LOGIN_SUFFIX = "_app_2";
    /** Appended to the owner's name for the read-only role. */
    static final String READ_ONLY_SUFFIX = "_ro";
    private static final String LONGEST_SUFFIX = SECOND_LOGIN_SUFFIX;

    private static final Pattern LOCALE_OR_ENCODING = Pattern.compile("[A-Za-z0-9_.@-]{1,63}");

    private final String database;
    private final String owner;
    private final Secret password;
    private final Integer connectionLimit;
    private final List<String> extensions;
    private final List<String> schemas;
    private final String encoding;
    private final String locale;
    private final String template;
    private final CopyStrategy strategy;
    private final String comment;
    private final Secret applicationPassword;
    private final Secret readOnlyPassword;

    private ServiceDatabase(Builder builder) {
        this.database = builder.database;
        this.owner = builder.owner != null ? builder.owner : builder.database;
        Identifiers.requireValidRole(owner);
        this.password = builder.password;
        this.connectionLimit = builder.connectionLimit;
        this.extensions = List.copyOf(builder.extensions);
        this.schemas = List.copyOf(builder.schemas);
        this.encoding = builder.encoding;
        this.locale = builder.locale;
        this.template = builder.template;
        this.strategy = builder.strategy;
        this.comment = builder.comment;
        this.applicationPassword = builder.applicationPassword;
        this.readOnlyPassword = builder.readOnlyPassword;
        for (String derived : dutyRoles()) {
            requireDerivedName(derived);
        }
    }

    /** Refuses a role name made from the owner's name and a suffix when PostgreSQL would truncate or reserve it. */
    private void requireDerivedName(String derived) {
        try {
            Identifiers.requireValidRole(derived);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("role " + owner + " is too long for roles by duty: the role name made"
                    + " from it with a suffix is refused (" + e.getMessage() + "); choose an owner name of at most "
                    + (Identifiers.MAX_BYTES - LONGEST_SUFFIX.length()) + " bytes", e);
        }
    }

    /**
     * A builder for the service {@code name}: the database and its owner role are both called {@code name} unless
     * {@link Builder#owner(String)} says otherwise.
     *
     * @throws IllegalArgumentException when the name is empty, has a NUL, or is over 63 bytes in UTF-8
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Reads the seed format of {@code POSTGRES_MULTIPLE_DATABASES}: names separated by commas (spaces around them
     * are ignored, as the old init script did), each becoming a database owned by a role of the same name, without
     * a password.
     *
     * @return the services in the order given
     * @throws IllegalArgumentException when the list is empty, a name is invalid, or a name appears twice
     */
    public static List<ServiceDatabase> fromMultipleDatabases(String value) {
        return fromMultipleDatabases(value, name -> Optional.empty());
    }

    /**
     * As {@link #fromMultipleDatabases(String)}, each role with the password {@code passwords} gives for its name
     * (none when it gives none): the one reader of the format, for the configuration and the command line alike.
     *
     * @throws IllegalArgumentException as {@link #fromMultipleDatabases(String)}
     */
    public static List<ServiceDatabase> fromMultipleDatabases(String value,
                                                              Function<String, Optional<Secret>> passwords) {
        Objects.requireNonNull(value, "POSTGRES_MULTIPLE_DATABASES");
        Objects.requireNonNull(passwords, "passwords");
        Set<String> names = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            String name = part.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("POSTGRES_MULTIPLE_DATABASES names " + name + " twice");
            }
        }
        if (names.isEmpty()) {
            throw new IllegalArgumentException("POSTGRES_MULTIPLE_DATABASES names no database (expected e.g. keycloak,backend)");
        }
        List<ServiceDatabase> services = new ArrayList<>();
        for (String name : names) {
            Builder service = builder(name);
            passwords.apply(name).ifPresent(service::password);
            services.add(service.build());
        }
        return List.copyOf(services);
    }

    /** The database name. */
    public String database() {
        return database;
    }

    /** The login role that owns the database. */
    public String owner() {
        return owner;
    }

    /** The role's password; empty means an existing password is left alone and a new role gets none. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** The role's connection limit; empty means it is left as it is ({@code -1}, no limit, for a new role). */
    public OptionalInt connectionLimit() {
        return connectionLimit == null ? OptionalInt.empty() : OptionalInt.of(connectionLimit);
    }

    /** Extensions created in the database, in order. */
    public List<String> extensions() {
        return extensions;
    }

    /** Schemas created in the database and owned by the role, in order. */
    public List<String> schemas() {
        return schemas;
    }

    /** The encoding of a new database (from {@code template0}); empty means the server's default via template1. */
    public Optional<String> encoding() {
        return Optional.ofNullable(encoding);
    }

    /** LC_COLLATE and LC_CTYPE of a new database (from {@code template0}); empty means the server's default. */
    public Optional<String> locale() {
        return Optional.ofNullable(locale);
    }

    /** The database a new database is copied from; empty means {@code template1} (or {@code template0}, see above). */
    public Optional<String> template() {
        return Optional.ofNullable(template);
    }

    /** How a new database is copied from its template; {@link CopyStrategy#SERVER_DEFAULT} unless set. */
    public CopyStrategy strategy() {
        return strategy;
    }

    /** The comment set on the role and the database when they are created; empty means none. */
    public Optional<String> comment() {
        return Optional.ofNullable(comment);
    }

    /**
     * Whether the service has roles by duty: the {@link #owner()} owns the schema and runs the migrations, and the
     * pool logs in as the {@link #applicationRole() application role}. False (the default) when one role does all.
     */
    public boolean rolesByDuty() {
        return applicationPassword != null;
    }

    /**
     * The application role, {@code <owner>_app}: may read and write the rows of every table the owner creates
     * ({@code SELECT, INSERT, UPDATE, DELETE}) and use its sequences ({@code USAGE}), granted as default privileges
     * of the owner so that tables of later migrations are covered; it may not create, alter or drop anything. It is
     * also the pool's first login; see {@link #applicationLogins()}. Empty without roles by duty.
     */
    public Optional<String> applicationRole() {
        return rolesByDuty() ? Optional.of(owner + APPLICATION_SUFFIX) : Optional.empty();
    }

    /**
     * The two logins the pool alternates between when its password is rotated: the {@link #applicationRole()}
     * itself and {@code <owner>_app_2}, a member of it that inherits its rights. At rest one of them may log in; during
     * a rotation both can, each with its own password. Empty without roles by duty.
     */
    public List<String> applicationLogins() {
        return rolesByDuty() ? List.of(owner + APPLICATION_SUFFIX, owner + SECOND_LOGIN_SUFFIX) : List.of();
    }

    /** The application role's password, for the login that is active; empty without roles by duty. */
    public Optional<Secret> applicationPassword() {
        return Optional.ofNullable(applicationPassword);
    }

    /**
     * The read-only role, {@code <owner>_ro}: may read every table the owner creates ({@code SELECT}), nothing more;
     * for dashboards and monitoring. Empty unless asked for with {@link Builder#readOnlyRole(Secret)}.
     */
    public Optional<String> readOnlyRole() {
        return readOnlyPassword != null ? Optional.of(owner + READ_ONLY_SUFFIX) : Optional.empty();
    }

    /** The read-only role's password; empty when there is no read-only role. */
    public Optional<Secret> readOnlyPassword() {
        return Optional.ofNullable(readOnlyPassword);
    }

    /** The roles besides the owner that this service has, in the order they are made: application, second login, read-only. */
    List<String> dutyRoles() {
        List<String> roles = new ArrayList<>(applicationLogins());
        readOnlyRole().ifPresent(roles::add);
        return roles;
    }

    /** The password asked for the role {@code role} of this service, owner or by duty; empty when none is. */
    Optional<Secret> passwordOf(String role) {
        if (role.equals(owner)) {
            return password();
        }
        if (applicationLogins().contains(role)) {
            return applicationPassword();
        }
        return readOnlyRole().filter(role::equals).flatMap(ignored -> readOnlyPassword());
    }

    /**
     * Refuses services whose roles collide: one service's owner, application role, second login or read-only role
     * that is also a role of another, as {@code backend} with roles by duty ({@code backend_app}) and a service whose
     * owner is {@code backend_app}. Nothing is sent to a server.
     *
     * @throws IllegalArgumentException naming the role and both services
     */
    public static void requireDistinctRoles(List<ServiceDatabase> services) {
        Map<String, ServiceDatabase> byRole = new HashMap<>();
        for (ServiceDatabase service : services) {
            List<String> roles = new ArrayList<>(List.of(service.owner()));
            roles.addAll(service.dutyRoles());
            for (String role : roles) {
                ServiceDatabase before = byRole.putIfAbsent(role, service);
                if (before != null && before != service) {
                    throw new IllegalArgumentException("role " + role + " would serve both database "
                            + before.database() + " and database " + service.database()
                            + "; give one of them another owner (role) name");
                }
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("ServiceDatabase[database=").append(database).append(", owner=").append(owner);
        if (password != null) {
            text.append(", password=***");
        }
        if (connectionLimit != null) {
            text.append(", connectionLimit=").append(connectionLimit);
        }
        if (!extensions.isEmpty()) {
            text.append(", extensions=").append(extensions);
        }
        if (!schemas.isEmpty()) {
            text.append(", schemas=").append(schemas);
        }
        if (encoding != null) {
            text.append(", encoding=").append(encoding);
        }
        if (locale != null) {
            text.append(", locale=").append(locale);
        }
        if (template != null) {
            text.append(", template=").append(template);
        }
        if (strategy != CopyStrategy.SERVER_DEFAULT) {
            text.append(", strategy=").append(strategy);
        }
        if (comment != null) {
            text.append(", comment=").append(comment);
        }
        applicationRole().ifPresent(role -> text.append(", applicationRole=").append(role).append(" password=***"));
        readOnlyRole().ifPresent(role -> text.append(", readOnlyRole=").append(role).append(" password=***"));
        return text.append(']').toString();
    }

    /** Collects the parts of a {@link ServiceDatabase}; not thread-safe. Each setter validates its argument. */
    public static final class Builder {

        private final String database;
        private String owner;
        private Secret password;
        private Integer connectionLimit;
        private final Set<String> extensions = new LinkedHashSet<>();
        private final Set<String> schemas = new LinkedHashSet<>();
        private String encoding;
        private String locale;
        private String template;
        private CopyStrategy strategy = CopyStrategy.SERVER_DEFAULT;
        private String comment;
        private Secret applicationPassword;
        private Secret readOnlyPassword;

        private Builder(String database) {
            this.database = Identifiers.requireValid(database, "database name");
        }

        /** The owner role's name; default the database name. PostgreSQL reserves {@code pg_*}, public and none. */
        public Builder owner(String role) {
            this.owner = Identifiers.requireValidRole(role);
            return this;
        }

        /** The owner role's password, set with client-side SCRAM hashing so the server never sees it in clear. */
        public Builder password(Secret password) {
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /**
         * The most connections the role may hold at once: {@code -1} for no limit, {@code 0} for none (the role
         * cannot connect), a positive number for that many.
         *
         * @throws IllegalArgumentException below -1
         */
        public Builder connectionLimit(int limit) {
            if (limit < -1) {
                throw new IllegalArgumentException("connectionLimit must be -1 (no limit), 0 or positive, was " + limit);
            }
            this.connectionLimit = limit;
            return this;
        }

        /** Extensions to create in the database ({@code CREATE EXTENSION IF NOT EXISTS}), added to any before. */
        public Builder extensions(String... names) {
            for (String name : names) {
                extensions.add(Identifiers.requireValid(name, "extension name"));
            }
            return this;
        }

        /** Schemas to create in the database, owned by the role, added to any before. */
        public Builder schemas(String... names) {
            for (String name : names) {
                String schema = Identifiers.requireValid(name, "schema name");
                if (schema.startsWith("pg_")) {
                    throw new IllegalArgumentException("schema name " + schema + " starts with pg_, which PostgreSQL reserves");
                }
                schemas.add(schema);
            }
            return this;
        }

        /** The encoding of a new database, such as {@code UTF8}; the database is then copied from template0. */
        public Builder encoding(String encoding) {
            this.encoding = requireLocaleWord(encoding, "encoding");
            return this;
        }

        /** LC_COLLATE and LC_CTYPE of a new database, such as {@code C.UTF-8}; copied from template0. */
        public Builder locale(String locale) {
            this.locale = requireLocaleWord(locale, "locale");
            return this;
        }

        /**
         * The database a new database is copied from ({@code CREATE DATABASE ... TEMPLATE}), such as a template that
         * holds a migrated schema. It must exist and have no other connections while the copy is made; with
         * {@link #encoding} or {@link #locale} it must have that encoding and locale. An existing database is left
         * as it is.
         */
        public Builder template(String database) {
            this.template = Identifiers.requireValid(database, "template database name");
            return this;
        }

        /** How a new database is copied from its template; see {@link CopyStrategy}. Default the server's own. */
        public Builder strategy(CopyStrategy strategy) {
            this.strategy = Objects.requireNonNull(strategy, "strategy");
            return this;
        }

        /**
         * A comment set on the role and on the database when provisioning creates them ({@code COMMENT ON ROLE},
         * {@code COMMENT ON DATABASE}), such as who made them and why; existing ones keep theirs. The role's comment
         * is set in the transaction that creates the role, so the role never exists without it.
         *
         * @throws IllegalArgumentException when it contains a NUL character
         */
        public Builder comment(String text) {
            Objects.requireNonNull(text, "comment");
            if (text.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("a comment must not contain a NUL character");
            }
            this.comment = text;
            return this;
        }

        /**
         * Turns on roles by duty: the owner keeps the schema and runs the migrations, and an application role
         * {@code <owner>_app} with this password gets the data rights and is what the pool logs in as. See
         * {@link ServiceDatabase#applicationRole()}.
         */
        public Builder applicationRole(Secret password) {
            this.applicationPassword = Objects.requireNonNull(password, "application role password");
            return this;
        }

        /** Adds a read-only role {@code <owner>_ro} with this password; see {@link ServiceDatabase#readOnlyRole()}. */
        public Builder readOnlyRole(Secret password) {
            this.readOnlyPassword = Objects.requireNonNull(password, "read-only role password");
            return this;
        }

        private static String requireLocaleWord(String value, String what) {
            Objects.requireNonNull(value, what);
            if (!LOCALE_OR_ENCODING.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " may hold only letters, digits and _ . @ -, was: " + value);
            }
            return value;
        }

        /**
         * The finished value.
         *
         * @throws IllegalArgumentException when the owner defaults to a database name that PostgreSQL reserves for
         *                                  roles ({@code pg_*}, public, none), or when a role by duty made from the
         *                                  owner's name and a suffix would be over 63 bytes
         */
        public ServiceDatabase build() {
            return new ServiceDatabase(this);
        }
    }
}
