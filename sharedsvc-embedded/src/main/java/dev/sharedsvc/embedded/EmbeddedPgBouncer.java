package dev.sharedsvc.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debian's PgBouncer ({@code apt-get install pgbouncer}) in front of a PostgreSQL server, on a loopback port, in
 * transaction pooling mode unless told otherwise: the deployment shape of a shared server with a pooler.
 *
 * <pre>{@code
 * try (EmbeddedPgBouncer bouncer = EmbeddedPgBouncer.builder(postgres.settings()).start()) {
 *     PostgresSettings pooled = bouncer.settings();   // same administrator, the pooler's port
 * }
 * }</pre>
 *
 * <p>Every database of the server is reachable through it ({@code * = host=... port=...}). Logins are checked
 * with SCRAM: the administrator's password is in the pooler's {@code auth_file}, every other role's secret is looked
 * up with {@code auth_query} in {@code pg_shadow} as the administrator, so roles a test creates can log in through
 * it at once. The files, written in a temporary directory readable by the pooler's user only, hold the
 * administrator's password; nothing goes on a command line. Run as root, the pooler switches to {@code nobody}, as
 * it refuses to run as root.
 *
 * <p>Thread-safe: start, stop and close are serialized on the instance.
 */
public final class EmbeddedPgBouncer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPgBouncer.class);

    private final PostgresSettings server;
    private final int port;
    private final Map<String, String> settings;
    private final Path directory;
    private final Duration startupTimeout;
    private final String connectQuery;

    private Process process;
    private boolean closed;

    private EmbeddedPgBouncer(Builder builder) {
        this.server = builder.server;
        this.port = builder.port == 0 ? Ports.freePort() : builder.port;
        this.settings = Map.copyOf(builder.settings);
        this.directory = Path.of(System.getProperty("java.io.tmpdir"), "embedded-pgbouncer", "sharedsvc-" + UUID.randomUUID());
        this.startupTimeout = builder.startupTimeout;
        this.connectQuery = builder.connectQuery;
    }

    /**
     * A builder for a pooler in front of {@code server}, whose user must be a superuser (it reads
     * {@code pg_shadow}).
     */
    public static Builder builder(PostgresSettings server) {
        return new Builder(server);
    }

    /**
     * Starts {@code pgbouncer} and returns once it accepts TCP connections.
     *
     * @throws EmbeddedServerException when pgbouncer is not installed or does not start within the timeout
     */
    public synchronized EmbeddedPgBouncer start() {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
        if (process != null) {
            throw new IllegalStateException("already running: " + this);
        }
        try {
            Path binary = Executables.find("pgbouncer", "pgbouncer");
            Files.createDirectories(directory);
            Path config = writeFiles();
            process = new ProcessBuilder(binary.toString(), config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            awaitListening();
            LOG.info("Started PgBouncer on 127.0.0.1:{} in front of {}:{}", port, server.host(), server.port());
            return this;
        } catch (IOException | RuntimeException e) {
            stop();
            throw new EmbeddedServerException("PgBouncer on port " + port + " did not start; see its log " + logFile(), e);
        }
    }

    private Path writeFiles() throws IOException {
        Path users = directory.resolve("userlist.txt");
        writePrivate(users, quote(server.user()) + " " + quote(server.password()) + "\n");
        Map<String, String> all = new LinkedHashMap<>();
        all.put("listen_addr", "127.0.0.1");
        all.put("listen_port", Integer.toString(port));
        all.put("unix_socket_dir", "");
        all.put("auth_type", "scram-sha-256");
        all.put("auth_file", users.toString());
        all.put("auth_user", server.user());
        all.put("auth_query", "SELECT usename, passwd FROM pg_shadow WHERE usename=$1");
        all.put("pool_mode", "transaction");
        all.put("logfile", "");
        all.put("pidfile", "");
        all.put("admin_users", server.user());
        all.put("ignore_startup_parameters", "extra_float_digits,options");
        all.put("server_login_retry", "1");
        if (Executables.runningAsRoot()) {
            all.put("user", "nobody");
        }
        all.putAll(settings);
        StringBuilder text = new StringBuilder("; Written by sharedsvc-embedded\n[databases]\n* = host=")
                .append(server.host()).append(" port=").append(server.port());
        if (connectQuery != null) {
            text.append(" connect_query='").append(connectQuery.replace("'", "''")).append('\'');
        }
        text.append("\n[pgbouncer]\n");
        all.forEach((name, value) -> text.append(name).append(" = ").append(value).append('\n'));
        Path config = directory.resolve("pgbouncer.ini");
        writePrivate(config, text.toString());
        return config;
    }

    /** Writes a file that only the pooler's user can read (root hands it to {@code nobody}). */
    private static void writePrivate(Path file, String text) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        if (Executables.runningAsRoot()) {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IOException("pgbouncer exited with code " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("not listening after " + startupTimeout, e);
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for PgBouncer", e);
            }
        }
    }

    /** Stops the pooler (SIGTERM, then SIGKILL after 10 s); {@link #start()} brings it back on the same port. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            ChildProcesses.stop(process);
        } finally {
            process = null;
        }
    }

    /** The administrator's settings through the pooler: the server's user and password, the pooler's port. */
    public PostgresSettings settings() {
        return new PostgresSettings("127.0.0.1", port, server.database(), server.user(), server.password());
    }

    /** The loopback TCP port, fixed for the life of this instance. */
    public int port() {
        return port;
    }

    /** The file that receives the pooler's log output. */
    public Path logFile() {
        return directory.resolveSibling(directory.getFileName() + ".log");
    }

    /** Stops the pooler and deletes its files and log. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        FileTrees.deleteQuietly(directory);
        FileTrees.deleteQuietly(logFile());
    }

    @Override
    public String toString() {
        return "EmbeddedPgBouncer[port=" + port + ", server=" + server.host() + ":" + server.port() + "]";
    }

    /** Settings for an {@link EmbeddedPgBouncer}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private final PostgresSettings server;
        private int port;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private String connectQuery;

        private Builder(PostgresSettings server) {
            this.server = Objects.requireNonNull(server, "server");
        }

        /** The loopback port; 0 (the default) picks a free one when the instance is built. */
        public Builder port(int port) {
            Ports.requireValid(port);
            this.port = port;
            return this;
        }

        /**
         * A {@code [pgbouncer]} setting, such as {@code pool_mode session}, {@code default_pool_size 2} or
         * {@code query_wait_timeout 5}; it replaces the default of the same name.
         */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * A query the pooler runs on each server connection it opens, before any client uses it (the databases'
         * {@code connect_query}), such as {@code SET app.via = 'pgbouncer'}: a test can then tell a session that
         * came through the pooler from one that did not.
         */
        public Builder connectQuery(String sql) {
            this.connectQuery = Objects.requireNonNull(sql, "sql");
            return this;
        }

        /** How long {@link EmbeddedPgBouncer#start()} waits for the port; positive, default 30 seconds. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Arguments.requirePositive(timeout, "startupTimeout");
            return this;
        }

        /** An instance with these settings, not started. */
        public EmbeddedPgBouncer build() {
            return new EmbeddedPgBouncer(this);
        }

        /** Builds and starts the instance. */
        public EmbeddedPgBouncer start() {
            return build().start();
        }
    }
}
