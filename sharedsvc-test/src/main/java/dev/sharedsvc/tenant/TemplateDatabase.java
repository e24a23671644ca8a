package dev.sharedsvc.tenant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * The template database of one {@link TenantTemplate} on one server, found by its key or built once.
 *
 * <p>The database and its owner role share the name {@code sharedsvc_template_<16 hex digits of the key>}. The
 * build runs under a session advisory lock on the key, so of several JVMs starting at once one builds and the
 * others wait and reuse: provisioning creates the role (with a password that exists only for the build) and the
 * database, and the extensions as administrator; Flyway migrates as the role, so every object belongs to it; then
 * the role loses its login, the database goes to the administrator and is marked
 * {@code IS_TEMPLATE true ALLOW_CONNECTIONS false}, and its marker says ready. A build that failed or was killed is dropped by the next builder, under the same lock.
 *
 * @param name    the database, and its owner role
 * @param key     the full key, hexadecimal SHA-256
 * @param built   whether this call built it (rather than found it)
 * @param elapsed how long finding or building it took, lock waits included
 */
record TemplateDatabase(String name, String key, boolean built, Duration elapsed) {

    private static final Logger LOG = LoggerFactory.getLogger(TemplateDatabase.class);

    /** Advisory locks {@code (TEMPLATE_LOCKS, first 32 bits of the key)}: one per template being built. */
    private static final int TEMPLATE_LOCKS = 0x7376_7470; // "svtp"
    /** Raise it when what a template holds changes in a way its key does not show. */
    private static final int FORMAT = 1;
    private static final String NAME_PREFIX = "sharedsvc_template_";
    /** A schema-history table that exists nowhere, so that Flyway lists every migration as pending. */
    private static final String NO_HISTORY = "sharedsvc_template_key_probe";

    /**
     * Finds the template of {@code template} on the server, or builds it.
     *
     * @param lockTimeout how long to wait for another JVM's build of the same template
     * @throws TenantException when a migration fails (nothing is left on the server), the lock is not had in
     *                         time, or a database of the template's name exists that is not a template
     */
    static TemplateDatabase prepare(AdminLogin login, TenantTemplate template, RunLock run, Duration lockTimeout) {
        long start = System.nanoTime();
        try (PostgresAdmin admin = login.admin(lockTimeout); Connection connection = login.maintenance()) {
            String key = key(template, login, admin.serverVersion());
            String name = NAME_PREFIX + key.substring(0, 16);
            lock(connection, key, lockTimeout, login);
            Optional<Marker> marker = readMarker(connection, name, key, login);
            if (marker.isPresent() && marker.get().kind() == Marker.Kind.TEMPLATE_READY) {
                TemplateDatabase found = new TemplateDatabase(name, key, false, since(start));
                LOG.info("Reusing template {} for {} on {}", name, template, login.describe());
                return found;
            }
            if (marker.isPresent()) {
                if (!marker.get().lock().equals(run.database())) {
                    throw new TenantException("template " + name + " on " + login.describe() + " is being built by a"
                            + " run that locks in database " + marker.get().lock() + ", not " + run.database()
                            + "; give every run the same maintenance database in its URL");
                }
                LOG.info("Dropping template {} left unfinished by run {}", name, Marker.runText(marker.get().run()));
                drop(connection, name);
            }
            build(admin, connection, login, template, name,
                    Marker.template(Marker.Kind.TEMPLATE_BUILDING, key, run.run(), run.database()));
            TemplateDatabase built = new TemplateDatabase(name, key, true, since(start));
            LOG.info("Built template {} for {} on {} in {} ms", name, template, login.describe(),
                    built.elapsed().toMillis());
            return built;
        } catch (SQLException e) {
            throw new TenantException("could not prepare the template for " + template + " on " + login.describe()
                    + " as " + login.user() + ": " + e.getMessage(), e);
        } catch (ProvisioningException e) {
            throw new TenantException("could not prepare the template for " + template + ": " + e.getMessage(), e);
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * SHA-256 of the format, the server's major version, the administrator, the extensions, the Flyway settings and
     * every migration (version, description, script, checksum, and for a Java migration without a checksum its
     * class file). The administrator is part of it because one that is not a superuser can hand over only what
     * roles it made own ({@code REASSIGN OWNED}), so it cannot use a template another administrator built.
     */
    static String key(TenantTemplate template, AdminLogin login, int serverVersion) {
        StringBuilder text = new StringBuilder("format ").append(FORMAT)
                .append("\nserver ").append(serverVersion / 10_000)
                .append("\nadministrator ").append(login.user());
        template.extensions().forEach(extension -> text.append("\nextension ").append(extension));
        template.keyedSettings().forEach((name, value) -> text.append("\nsetting ").append(name).append('=').append(value));
        MessageDigest digest = sha256();
        for (MigrationInfo migration : migrations(template, login)) {
            text.append("\nmigration ").append(migration.getType()).append(' ').append(migration.getVersion())
                    .append(' ').append(migration.getDescription()).append(' ').append(migration.getScript())
                    .append(' ').append(migration.getChecksum());
            if (migration.getChecksum() == null) {
                text.append(' ').append(classFileHash(template.classLoader(), migration.getScript(), digest));
            }
        }
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** The migrations Flyway resolves, read against a history table that exists nowhere so that none is applied. */
    private static List<MigrationInfo> migrations(TenantTemplate template, AdminLogin login) {
        if (template.migrations().isEmpty()) {
            return List.of();
        }
        try {
            return List.of(template.flyway().table(NO_HISTORY)
                    .dataSource(login.server().jdbcUrl(), login.user(), login.password().reveal())
                    .load().info().all());
        } catch (FlywayException e) {
            throw new TenantException("could not list the migrations of " + template + ": " + e.getMessage(), e);
        }
    }

    private static String classFileHash(ClassLoader classLoader, String className, MessageDigest digest) {
        try (InputStream in = classLoader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in == null ? "" : HexFormat.of().formatHex(digest.digest(in.readAllBytes()));
        } catch (IOException e) {
            throw new TenantException("could not read the class file of migration " + className, e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void lock(Connection connection, String key, Duration timeout, AdminLogin login) throws SQLException {
        Sql.execute(connection, "SET lock_timeout = " + Math.max(1, timeout.toMillis()));
        try {
            Sql.execute(connection, "SELECT pg_advisory_lock(" + TEMPLATE_LOCKS + ", " + keyLock(key) + ")");
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                throw new TenantException("another run held the lock of template " + key.substring(0, 16) + " on "
                        + login.describe() + " for longer than " + timeout + " (building it, or stuck); wait longer,"
                        + " or look for the session in pg_locks (locktype advisory, classid " + TEMPLATE_LOCKS + ")", e);
            }
            throw e;
        }
        Sql.execute(connection, "RESET lock_timeout");
    }

    private static int keyLock(String key) {
        return Integer.parseUnsignedInt(key.substring(0, 8), 16);
    }

    /** The marker of the template's database (or, when only the role was made, of the role), if it has one. */
    private static Optional<Marker> readMarker(Connection connection, String name, String key, AdminLogin login)
            throws SQLException {
        List<String> row = Sql.queryRows(connection, "SELECT d.oid IS NOT NULL, shobj_description(d.oid, 'pg_database'),"
                + " r.oid IS NOT NULL, shobj_description(r.oid, 'pg_authid')"
                + " FROM (VALUES (1)) AS one LEFT JOIN pg_database d ON d.datname = ? LEFT JOIN pg_roles r ON r.rolname = ?",
                name, name).get(0);
        boolean database = "t".equals(row.get(0));
        boolean role = "t".equals(row.get(2));
        if (!database && !role) {
            return Optional.empty();
        }
        Optional<Marker> marker = Marker.parse(database ? row.get(1) : row.get(3))
                .filter(found -> found.key().equals(key));
        if (marker.isEmpty()) {
            throw new TenantException("a " + (database ? "database" : "role") + " named " + name + " exists on "
                    + login.describe() + " but is not a sharedsvc template of this key; drop it, or find who made it");
        }
        return marker;
    }

    private static void build(PostgresAdmin admin, Connection connection, AdminLogin login, TenantTemplate template,
                              String name, Marker marker) throws SQLException {
        Secret password = Passwords.random();
        try {
            admin.ensure(ServiceDatabase.builder(name).password(password)
                    .extensions(template.extensions().toArray(String[]::new))
                    .comment(marker.toString()).build());
            if (!template.migrations().isEmpty()) {
                template.flyway().dataSource(login.server().withDatabase(name).jdbcUrl(), name, password.reveal()).load().migrate();
            }
        } catch (RuntimeException e) {
            try {
                drop(connection, name);
            } catch (SQLException dropFailure) {
                e.addSuppressed(dropFailure);
                throw e;
            }
            if (e instanceof FlywayException) {
                throw new TenantException("migrating the template for " + template + " on " + login.describe()
                        + " failed, and the template was dropped; fix the migration and run again: " + e.getMessage(), e);
            }
            throw e;
        }
        seal(connection, name, marker.as(Marker.Kind.TEMPLATE_READY));
    }

    /**
     * No more logins, no more connections, marked as a template and as ready. The database itself goes to the
     * administrator: {@code REASSIGN OWNED} in a copy also moves the databases its role owns, the template included.
     */
    private static void seal(Connection connection, String name, Marker ready) throws SQLException {
        String quoted = Sql.quote(connection, name);
        String comment = Sql.literal(connection, ready.toString());
        Sql.execute(connection, "ALTER ROLE " + quoted + " NOLOGIN PASSWORD NULL");
        Sql.execute(connection, "ALTER DATABASE " + quoted + " OWNER TO CURRENT_USER");
        Sql.execute(connection, "ALTER DATABASE " + quoted + " ALLOW_CONNECTIONS false");
        terminateSessions(connection, name);
        Sql.execute(connection, "ALTER DATABASE " + quoted + " IS_TEMPLATE true");
        Sql.execute(connection, "COMMENT ON DATABASE " + quoted + " IS " + comment);
        Sql.execute(connection, "COMMENT ON ROLE " + quoted + " IS " + comment);
    }

    private static void terminateSessions(Connection connection, String database) throws SQLException {
        Sql.queryRows(connection, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ?"
                + " AND pid <> pg_backend_pid()", database);
    }

    /** Drops the template's database and role, whichever exist; the caller holds the template's lock. */
    private static void drop(Connection connection, String name) throws SQLException {
        if (Sql.queryString(connection, "SELECT datname FROM pg_database WHERE datname = ?", name) != null) {
            Sql.execute(connection, "ALTER DATABASE " + Sql.quote(connection, name) + " IS_TEMPLATE false");
        }
        Cloner.drop(connection, name);
    }

}
