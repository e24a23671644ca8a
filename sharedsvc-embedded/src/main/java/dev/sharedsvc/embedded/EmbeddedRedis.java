package dev.sharedsvc.embedded;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import redis.embedded.core.ExecutableProvider;

/**
 * A real Redis server ({@code redis-server} as a child process, no Docker) on a loopback port.
 *
 * <pre>{@code
 * try (EmbeddedRedis redis = EmbeddedRedis.builder().password("secret").start()) {
 *     RedisSettings settings = redis.settings();   // uri() for a client
 * }
 * }</pre>
 *
 * <p>The binary is the one bundled with this module (Redis 6.2) unless {@link Builder#executable(String)} says
 * otherwise; {@code "path"} takes {@code redis-server} from the {@code PATH}, as Debian's package installs it.
 * All settings, the password included, go into a configuration file in the data directory (readable by the owner
 * only), never onto the command line. Persistence is off unless a setting turns it on.
 *
 * <p>The port is fixed when the instance is built, so the server can be {@link #stop() stopped} and
 * {@link #start() started} again at the same address with its data directory kept. Thread-safe.
 */
public final class EmbeddedRedis implements AutoCloseable {

    /** The system property that chooses the binary when the builder does not: {@code bundled}, {@code path} or a file. */
    public static final String BINARY_PROPERTY = "sharedsvc.embedded.redis.binary";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedis.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(500);

    private final int port;
    private final String password;
    private final String executable;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private final Map<String, String> settings;
    private final Duration startupTimeout;
    private final boolean outliveJvm;

    private Process process;
    private boolean closed;

    private EmbeddedRedis(Builder builder) {
        this.port = builder.port == 0 ? Ports.freePort() : builder.port;
        this.password = builder.password;
        this.executable = builder.executable;
        this.deleteOnClose = builder.dataDirectory == null;
        this.dataDirectory = builder.dataDirectory != null ? builder.dataDirectory
                : Path.of(System.getProperty("java.io.tmpdir"), "embedded-redis", "sharedsvc-" + UUID.randomUUID());
        this.settings = Map.copyOf(builder.settings);
        this.startupTimeout = builder.startupTimeout;
        this.outliveJvm = builder.outliveJvm;
    }

    /** A builder with the defaults: the bundled binary, a free port, no password, a temporary data directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts {@code redis-server} and returns once it answers PING (after loading its data set, if any).
     *
     * @throws EmbeddedServerException when the binary cannot be found or the server is not up within the timeout
     * @throws IllegalStateException   when the instance is closed or already running
     */
    public synchronized EmbeddedRedis start() {
        return start(true);
    }

    /**
     * Starts {@code redis-server} and returns as soon as the process runs, without waiting until it serves; for
     * tests that need to see a server that is still loading.
     */
    public synchronized EmbeddedRedis startWithoutWaiting() {
        return start(false);
    }

    private EmbeddedRedis start(boolean waitUntilReady) {
        if (closed) {
            throw new IllegalStateException("closed: " + this);
        }
        if (process != null) {
            throw new IllegalStateException("already running: " + this);
        }
        try {
            Files.createDirectories(dataDirectory);
            // A pid file left by a server killed with SIGKILL names a dead process (or, later, someone else's): the
            // new server writes its own, and only that one may be read.
            Files.deleteIfExists(pidFile());
            Path config = writeConfig();
            File binary = resolveBinary(executable);
            process = new ProcessBuilder(binary.getAbsolutePath(), config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .start();
            if (outliveJvm) {
                awaitDaemon();
            }
            if (waitUntilReady) {
                awaitReady();
            }
            LOG.info("Started embedded Redis ({}) on 127.0.0.1:{}", binary, port);
            return this;
        } catch (IOException | RuntimeException e) {
            stop();
            throw new EmbeddedServerException("embedded Redis on port " + port + " did not start; see its log "
                    + logFile(), e);
        }
    }

    private Path writeConfig() throws IOException {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("port", Integer.toString(port));
        all.put("bind", "127.0.0.1");
        all.put("dir", dataDirectory.toString());
        all.put("daemonize", outliveJvm ? "yes" : "no");
        if (outliveJvm) {
            all.put("pidfile", quote(pidFile().toString()));
            all.put("logfile", quote(logFile().toString()));
        }
        all.put("save", "\"\"");
        all.put("appendonly", "no");
        if (!password.isEmpty()) {
            all.put("requirepass", quote(password));
        }
        all.putAll(settings);
        StringBuilder text = new StringBuilder("# Written by sharedsvc-embedded\n");
        all.forEach((name, value) -> text.append(name).append(' ').append(value).append('\n'));
        Path config = dataDirectory.resolve("redis.conf");
        Files.deleteIfExists(config);
        Files.createFile(config);
        try {
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("File permissions not supported for {}", config);
        }
        Files.writeString(config, text, StandardCharsets.UTF_8);
        return config;
    }

    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** With {@code daemonize yes} the launched process forks the server into a session of its own and exits. */
    private void awaitDaemon() throws IOException {
        try {
            if (!process.waitFor(startupTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException("redis-server did not detach within " + startupTimeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while redis-server detached", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("redis-server exited with code " + process.exitValue());
        }
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        while (readPid().isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("redis-server wrote no pid file " + pidFile() + " within " + startupTimeout);
            }
            sleep(10);
        }
        process = ProcessHandle.of(readPid().getAsLong()).map(DetachedProcess::new).orElseThrow(
                () -> new IOException("redis-server exited after detaching"));
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + startupTimeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited" + (outliveJvm ? "" : " with code " + process.exitValue()));
            }
            try (RespConnection connection = new RespConnection("127.0.0.1", port, PROBE_TIMEOUT)) {
                if (!password.isEmpty()) {
                    connection.call("AUTH", password);
                }
                last = connection.call("PING");
                if ("PONG".equals(last)) {
                    return;
                }
            } catch (IOException e) {
                last = e.getMessage();
            }
            sleep(20);
        }
        throw new IOException("not ready after " + startupTimeout + ": " + last);
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s) and keeps its data directory. */
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

    /** Whether the server process runs. */
    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The process id of the running server, for tests that signal it; empty when it is not running. */
    public synchronized OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    /**
     * The file a server built with {@link Builder#outliveJvm()} writes its process id to, so that another JVM can
     * find it; the server removes it when it stops.
     */
    public Path pidFile() {
        return dataDirectory.resolve("redis.pid");
    }

    private OptionalLong readPid() {
        try {
            String text = Files.readString(pidFile(), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Connection settings; valid whether or not it runs. */
    public RedisSettings settings() {
        return new RedisSettings("127.0.0.1", port, "", password);
    }

    /** The loopback TCP port, fixed for the life of this instance. */
    public int port() {
        return port;
    }

    /** The data directory ({@code dir}), where RDB and AOF files go when persistence is turned on. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The file that receives the server's log output. */
    public Path logFile() {
        return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
    }

    /** Stops the server and, when the builder chose the data directory, deletes it. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        if (deleteOnClose) {
            FileTrees.deleteQuietly(dataDirectory);
            FileTrees.deleteQuietly(logFile());
        }
    }

    @Override
    public String toString() {
        return "EmbeddedRedis[port=" + port + ", data=" + dataDirectory + "]";
    }

    private static File resolveBinary(String choice) throws IOException {
        if (choice.equals("bundled")) {
            return BundledBinary.get();
        }
        if (choice.equals("path")) {
            return ExecutableProvider.newExecutableInPath("redis-server").get();
        }
        File file = new File(choice);
        if (!file.canExecute()) {
            throw new IOException("redis-server binary " + file + " does not exist or is not executable");
        }
        return file;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServerException("interrupted while waiting for embedded Redis", e);
        }
    }

    /** A daemonized server seen through {@link Process}, so that waiting and stopping work as for a child. */
    private static final class DetachedProcess extends Process {

        private final ProcessHandle handle;

        DetachedProcess(ProcessHandle handle) {
            this.handle = handle;
        }

        @Override
        public java.io.OutputStream getOutputStream() {
            return java.io.OutputStream.nullOutputStream();
        }

        @Override
        public java.io.InputStream getInputStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public java.io.InputStream getErrorStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public int waitFor() throws InterruptedException {
            while (handle.isAlive()) {
                Thread.sleep(10);
            }
            return 0;
        }

        @Override
        public int exitValue() {
            if (handle.isAlive()) {
                throw new IllegalThreadStateException("running");
            }
            return 0;
        }

        @Override
        public void destroy() {
            handle.destroy();
        }

        @Override
        public Process destroyForcibly() {
            handle.destroyForcibly();
            return this;
        }

        @Override
        public boolean isAlive() {
            return handle.isAlive();
        }

        @Override
        public long pid() {
            return handle.pid();
        }
    }

    /** The bundled binary, written out of the jar once per JVM. */
    private static final class BundledBinary {

        private static File binary;

        static synchronized File get() throws IOException {
            if (binary == null || !binary.canExecute()) {
                binary = ExecutableProvider.newJarResourceProvider().get();
            }
            return binary;
        }
    }

    /** Settings for an {@link EmbeddedRedis}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private int port;
        private String password = "";
        private String executable = System.getProperty(BINARY_PROPERTY, "bundled");
        private Path dataDirectory;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(30);
        private boolean outliveJvm;

        private Builder() {
        }

        /** The loopback port; 0 (the default) picks a free one when the instance is built. */
        public Builder port(int port) {
            Ports.requireValid(port);
            this.port = port;
            return this;
        }

        /** The password clients must give ({@code requirepass}); empty (the default) means none. */
        public Builder password(String password) {
            Objects.requireNonNull(password, "password");
            if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("the password must not contain a line break");
            }
            this.password = password;
            return this;
        }

        /**
         * Which {@code redis-server} to run: {@code "bundled"} (the default, Redis 6.2 shipped with this module),
         * {@code "path"} (the one on the {@code PATH}), or the path of a binary. The system property
         * {@value #BINARY_PROPERTY} sets the default.
         */
        public Builder executable(String choice) {
            this.executable = Objects.requireNonNull(choice, "choice");
            return this;
        }

        /** A data directory to use and keep after {@link EmbeddedRedis#close()}; default a temporary one. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory").toAbsolutePath();
            return this;
        }

        /** A {@code redis.conf} directive, such as {@code maxmemory-policy allkeys-lru} or {@code cluster-enabled yes}. */
        public Builder setting(String name, String value) {
            settings.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long {@link EmbeddedRedis#start()} waits for PONG; positive, default 30 seconds. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Arguments.requirePositive(timeout, "startupTimeout");
            return this;
        }

        /**
         * Leaves the server running when the JVM exits: it is started with {@code daemonize yes}, in a session of
         * its own (so a Ctrl+C at the terminal does not reach it), writes its pid to {@link EmbeddedRedis#pidFile()}
         * and its log to {@link EmbeddedRedis#logFile()}. {@link EmbeddedRedis#stop()} still stops it from this JVM;
         * another JVM signals the pid. Default: an ordinary child process.
         */
        public Builder outliveJvm() {
            this.outliveJvm = true;
            return this;
        }

        /** An instance with these settings, not started. */
        public EmbeddedRedis build() {
            return new EmbeddedRedis(this);
        }

        /** Builds and starts the instance. */
        public EmbeddedRedis start() {
            return build().start();
        }
    }
}
