package dev.sharedsvc.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hot standby of an {@link EmbeddedPostgres}, kept up to date by streaming replication: the deployment shape of
 * a primary with a replica (Patroni, CloudNativePG, a managed cloud), without Docker.
 *
 * <pre>{@code
 * try (EmbeddedPostgres primary = EmbeddedPostgres.builder().start();
 *      EmbeddedStandby standby = EmbeddedStandby.of(primary)) {
 *     standby.settings();   // read-only: pg_is_in_recovery() is true
 *     standby.promote();    // now a primary of its own
 * }
 * }</pre>
 *
 * <p>The base copy is taken while the primary is briefly stopped (a clean shutdown is a consistent copy), so
 * {@link #of} restarts the primary once; it also allows replication logins from 127.0.0.1 in the primary's
 * {@code pg_hba.conf}. The standby's connection to the primary, password included, is written to its
 * {@code postgresql.auto.conf}, never to a command line. The standby has the primary's superuser and password.
 *
 * <p>Thread-safe as {@link EmbeddedPostgres} is. {@link #close()} stops the standby and deletes its data.
 */
public final class EmbeddedStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStandby.class);
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");

    private final EmbeddedPostgres standby;
    private final Path dataDirectory;

    private EmbeddedStandby(EmbeddedPostgres standby, Path dataDirectory) {
        this.standby = standby;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Copies the running {@code primary} and starts the copy as its streaming standby on a free port.
     *
     * @throws EmbeddedServerException when the copy or either start fails
     */
    public static EmbeddedStandby of(EmbeddedPostgres primary) {
        Objects.requireNonNull(primary, "primary");
        PostgresSettings source = primary.settings();
        Path copy = primary.dataDirectory().resolveSibling(primary.dataDirectory().getFileName() + "-standby-"
                + UUID.randomUUID());
        try {
            primary.stop();
            allowReplication(primary.dataDirectory());
            copyTree(primary.dataDirectory(), copy);
            primary.start();
            Files.writeString(copy.resolve("standby.signal"), "");
            String conninfo = "host=127.0.0.1 port=" + source.port() + " user=" + conninfoQuote(source.user())
                    + " password=" + conninfoQuote(source.password()) + " application_name=sharedsvc_standby";
            Files.writeString(copy.resolve("postgresql.auto.conf"), "primary_conninfo = '"
                    + conninfo.replace("\\", "\\\\").replace("'", "''") + "'\nhot_standby = on\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            EmbeddedPostgres started = EmbeddedPostgres.builder()
                    .version(primary.majorVersion())
                    .dataDirectory(copy)
                    .superuserPassword(source.password())
                    .start();
            LOG.info("Started a streaming standby of 127.0.0.1:{} on 127.0.0.1:{}", source.port(), started.port());
            return new EmbeddedStandby(started, copy);
        } catch (IOException | RuntimeException e) {
            if (!primary.isRunning()) {
                primary.start();
            }
            FileTrees.deleteQuietly(copy);
            throw new EmbeddedServerException("could not start a standby of " + primary, e);
        }
    }

    /** A libpq connection-string value in single quotes, its quotes and backslashes escaped. */
    private static String conninfoQuote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static void allowReplication(Path data) throws IOException {
        Path hba = data.resolve("pg_hba.conf");
        String line = "host replication all 127.0.0.1/32 scram-sha-256";
        if (!Files.readAllLines(hba).contains(line)) {
            Files.writeString(hba, line + "\n", StandardOpenOption.APPEND);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(from)) {
            paths = walk.filter(path -> !NOT_COPIED.contains(path.getFileName().toString())).toList();
        }
        for (Path path : paths) {
            Path target = to.resolve(from.relativize(path).toString());
            if (Files.isDirectory(path)) {
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            } else {
                Files.copy(path, target);
            }
        }
    }

    /** The standby server (stop and start it like any other). */
    public EmbeddedPostgres server() {
        return standby;
    }

    /** The superuser's settings on the standby (the primary's user and password, the standby's port). */
    public PostgresSettings settings() {
        return standby.settings();
    }

    /** Whether the standby replays the primary's changes ({@code pg_is_in_recovery()}); false once promoted. */
    public boolean inRecovery() {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT pg_is_in_recovery()")) {
            row.next();
            return row.getBoolean(1);
        } catch (SQLException e) {
            throw new EmbeddedServerException("could not ask the standby on port " + standby.port() + " whether it is in recovery", e);
        }
    }

    /** Makes the standby a primary ({@code pg_promote()}, waiting up to 60 s) — a failover without the old primary. */
    public void promote() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_promote(true, 60)");
            LOG.info("Promoted the standby on 127.0.0.1:{}", standby.port());
        } catch (SQLException e) {
            throw new EmbeddedServerException("could not promote the standby on port " + standby.port(), e);
        }
    }

    private Connection connect() throws SQLException {
        PostgresSettings settings = standby.settings();
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    /** Stops the standby and deletes its data directory and log. */
    @Override
    public void close() {
        standby.close();
        FileTrees.deleteQuietly(dataDirectory);
        FileTrees.deleteQuietly(standby.serverLog());
    }

    @Override
    public String toString() {
        return "EmbeddedStandby[port=" + standby.port() + "]";
    }
}
