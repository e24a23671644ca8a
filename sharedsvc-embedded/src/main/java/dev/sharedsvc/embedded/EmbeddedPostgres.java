package dev.sharedsvc.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

/**
 * A real PostgreSQL server (zonky's binaries, no Docker) on a loopback port, with SCRAM password authentication.
 *
 * <pre>{@code
 * try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().version(16).start()) {
 *     PostgresSettings admin = postgres.settings();   // jdbcUrl(), user(), password()
 * }
 * }</pre>
 *
 * <p>The port is fixed when the instance is built, so a server can be {@link #stop() stopped} and
 * {@link #start() started} again at the same address with its data kept, which is what readiness tests need.
 * {@link #close()} stops the server and deletes its data directory unless the builder was given one.
 *
 * <p>Thread-safe: start, stop and close are serialized on the instance.
 */
public final class EmbeddedPostgres implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
    private static final String SUPERUSER = "postgres";
    private static final String INITIALIZED_MARKER = "sharedsvc-initialized";

    private final int majorVersion;
    private final int port;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final String superuserPassword;
    private final Map<String, String> serverSettings;
    private final Duration startupTimeout;
    private final Path serverLog;
    private final boolean outliveJvm;

    private io.zonky.test.db.postgres.embedded.EmbeddedPostgres running;
    private boolean closed;

    private EmbeddedPostgres(Builder builder) {
        this.majorVersion = builder.majorVersion;
        this.port = builder.port == 0 ? Ports.freePort() : builder.port;
        this.deleteOnClose = builder.dataDirectory == null;
        this.dataDirectory = builder.dataDirectory != null ? builder.dataDirectory
                : Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg", "sharedsvc-" + UUID.randomUUID());
        this.superuserPassword = builder.superuserPassword != null ? builder.superuserPassword
                : UUID.randomUUID().toString();
        this.serverSettings = Map.copyOf(builder.serverSettings);
        this.startupTimeout = builder.startupTimeout;
        this.serverLog = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
        this.outliveJvm = builder.outliveJvm;
    }

    /** A builder with the defaults: the newest bundled major version, a free port, a temporary data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** The major versions this module can start (13 to 18). */
    public static Set<Integer> supportedVersions() {
        return PostgresBinaries.supportedMajorVersions();
    }

    /**
     * Starts the server, running {@code initdb} first when the data directory is new. Returns when it accepts
     * password logins.
     *
     * @return this instance
     * @throws EmbeddedServerException when the binaries cannot be had or the server does not start within the
     *                                 startup timeout; the message names the server log
     * @throws IllegalStateException   when the instance is closed or already running
     */
    public synchronized EmbeddedPostgres start() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
        if (running != null) {
            throw new IllegalStateException("already running: " + this);
        }
        try {
            Files.createDirectories(dataDirectory);
            boolean initialized = Files.exists(dataDirectory.resolve(INITIALIZED_MARKER));
            io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder zonky =
                    io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                            .setPort(port)
                            .setDataDirectory(dataDirectory)
                            .setCleanDataDirectory(false)
                            .setRegisterShutdownHook(!outliveJvm)
                            .setPGStartupWait(startupTimeout)
                            .setConnectConfig("password", superuserPassword)
                            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()))
                            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(serverLog.toFile()));
            PgBinaryResolver resolver = PostgresBinaries.resolverFor(majorVersion);
            if (resolver != null) {
                zonky.setPgBinaryResolver(resolver);
            }
            serverSettings.forEach(zonky::setServerConfig);
            running = zonky.start();
            if (!initialized) {
                requirePasswords();
                Files.writeString(dataDirectory.resolve(INITIALIZED_MARKER), "scram\n");
            }
            LOG.info("Started embedded PostgreSQL {} on 127.0.0.1:{} (data {})", majorVersion, port, dataDirectory);
            return this;
        } catch (IOException | SQLException | RuntimeException e) {
            stopQuietly();
            throw new EmbeddedServerException("embedded PostgreSQL " + majorVersion + " on port " + port
                    + " did not start; see its log " + serverLog, e);
        }
    }

    /** Sets the superuser's password (hashed on the client) and switches every login to SCRAM. */
    private void requirePasswords() throws SQLException, IOException {
        Properties login = new Properties();
        login.setProperty("user", SUPERUSER);
        login.setProperty("password", superuserPassword);
        try (Connection connection = DriverManager.getConnection(settings().jdbcUrl(), login);
             Statement statement = connection.createStatement()) {
            statement.execute("ALTER SYSTEM SET password_encryption = 'scram-sha-256'");
            connection.unwrap(PGConnection.class)
                    .alterUserPassword(SUPERUSER, superuserPassword.toCharArray(), "scram-sha-256");
            Path hba = dataDirectory.resolve("pg_hba.conf");
            Files.writeString(hba, String.join("\n",
                    "# Written by sharedsvc-embedded: every login needs a SCRAM password.",
                    "local all all scram-sha-256",
                    "host all all 127.0.0.1/32 scram-sha-256",
                    "host all all ::1/128 scram-sha-256",
                    ""), StandardCharsets.UTF_8);
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /** Stops the server (fast shutdown) and keeps its data; {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (running == null) {
            return;
        }
        try {
            running.close();
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop embedded PostgreSQL on port " + port, e);
        } finally {
            running = null;
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop embedded PostgreSQL on port {}", port, e);
        }
    }

    /** Whether the server was started and not stopped since. */
    public synchronized boolean isRunning() {
        return running != null;
    }

    /** The superuser's connection settings for the {@code postgres} database; valid whether or not it runs. */
    public PostgresSettings settings() {
        return new PostgresSettings("127.0.0.1", port, "postgres", SUPERUSER, superuserPassword);
    }

    /** The major version of the server, 13 to 18. */
    public int majorVersion() {
        return majorVersion;
    }

    /** The loopback TCP port, fixed for the life of this instance. */
    public int port() {
        return port;
    }

    /** The data directory. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The file that receives the server's log output (including statements when {@code log_statement} is set). */
    public Path serverLog() {
        return serverLog;
    }

    /** Stops the server and, when the builder chose the data directory, deletes it and the log. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly();
        if (deleteOnClose) {
            FileTrees.deleteQuietly(dataDirectory);
            FileTrees.deleteQuietly(serverLog);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgres[version=" + majorVersion + ", port=" + port + ", data=" + dataDirectory + "]";
    }

    /** Settings for an {@link EmbeddedPostgres}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private int majorVersion = PostgresBinaries.defaultMajorVersion();
        private int port;
        private Path dataDirectory;
        private String superuserPassword;
        private final Map<String, String> serverSettings = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);
        private boolean outliveJvm;

        private Builder() {
            serverSettings.put("password_encryption", "scram-sha-256");
        }

        /** The PostgreSQL major version, 13 to 18; default the newest. Other than the default, it is fetched once. */
        public Builder version(int majorVersion) {
            if (!PostgresBinaries.supportedMajorVersions().contains(majorVersion)) {
                throw new IllegalArgumentException("PostgreSQL " + majorVersion + " is not available embedded; choose one of "
                        + PostgresBinaries.supportedMajorVersions());
            }
            this.majorVersion = majorVersion;
            return this;
        }

        /** The loopback port; 0 (the default) picks a free one when the instance is built. */
        public Builder port(int port) {
            Ports.requireValid(port);
            this.port = port;
            return this;
        }

        /** A data directory to use and keep after {@link EmbeddedPostgres#close()}; default a temporary one. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
            return this;
        }

        /** The superuser's password; default a random one, readable through {@link EmbeddedPostgres#settings()}. */
        public Builder superuserPassword(String password) {
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("the superuser password must not be empty");
            }
            this.superuserPassword = password;
            return this;
        }

        /** A {@code postgresql.conf} setting passed to the server at start, such as {@code log_statement=all}. */
        public Builder serverSetting(String name, String value) {
            serverSettings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long {@link EmbeddedPostgres#start()} waits for the server; positive, default 60 seconds. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Arguments.requirePositive(timeout, "startupTimeout");
            return this;
        }

        /**
         * Leaves the server running when the JVM exits (no shutdown hook); the postmaster runs in a session of its
         * own, so a Ctrl+C at the terminal does not reach it either. Whoever uses this stops it: {@link #stop()}
         * from this JVM, or a signal to the pid in {@code postmaster.pid} from any other. Default: the server
         * stops with the JVM.
         */
        public Builder outliveJvm() {
            this.outliveJvm = true;
            return this;
        }

        /** An instance with these settings, not started. */
        public EmbeddedPostgres build() {
            return new EmbeddedPostgres(this);
        }

        /** Builds and starts the instance. */
        public EmbeddedPostgres start() {
            return build().start();
        }
    }
}
