package dev.sharedsvc.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One embedded PostgreSQL and one embedded Redis per machine user, shared by every service started for
 * development: the first {@link #startOrJoin()} starts them, every later one (from any JVM, or the command line)
 * joins them. They outlive the JVM that started them and stop on {@link #stop()} or after
 * {@linkplain Builder#idleTimeout(Duration) an idle period}.
 *
 * <pre>{@code
 * DevServers.Status servers = DevServers.ofDefaults().startOrJoin();
 * servers.postgres();   // administrator settings: jdbcUrl(), user(), password()
 * servers.redis();      // uri() for a client
 * }</pre>
 *
 * <p><b>Where things are.</b> Everything lives in {@linkplain Builder#directory(Path) one directory} (default
 * {@code ~/.sharedsvc/dev}, owner-only): {@code postgres/} and {@code redis/} hold the data, {@code postgres.log},
 * {@code redis.log} and {@code watchdog.log} the logs, {@code postgres-admin-password} and {@code redis-password}
 * the passwords (generated once, mode 0600; never on a command line or in a log), {@code watchdog.pid} the idle
 * watchdog, {@code lock} the file lock that makes two simultaneous starts start one pair.
 *
 * <p><b>Recovery.</b> A server whose process is gone (killed with SIGKILL, the machine rebooted) is started again
 * on its data; a lock held by a JVM that died is released by the operating system. A port held by another program,
 * a data directory of another PostgreSQL major version, or a directory that cannot be written gives a
 * {@link DevServersException} at once, naming the port or path and the setting that moves it; nothing is deleted
 * and nothing is retried.
 *
 * <p>Linux and macOS (the servers are detached with {@code setsid}/{@code daemonize}). Thread-safe; instances are
 * immutable and cheap.
 */
public final class DevServers {

    /** The property that turns the development servers on or off. */
    public static final String ENABLED = "sharedsvc.dev-services.enabled";
    /** The property of the PostgreSQL port. */
    public static final String POSTGRES_PORT = "sharedsvc.dev-services.postgres-port";
    /** The property of the Redis port. */
    public static final String REDIS_PORT = "sharedsvc.dev-services.redis-port";
    /** The property of the directory. */
    public static final String DIRECTORY = "sharedsvc.dev-services.directory";
    /** The property of the idle timeout. */
    public static final String IDLE_TIMEOUT = "sharedsvc.dev-services.idle-timeout";
    /** The property of the PostgreSQL major version. */
    public static final String POSTGRES_VERSION = "sharedsvc.dev-services.postgres-version";

    /** The default PostgreSQL port: 5432 with a 9 appended, far from the common ones. */
    public static final int DEFAULT_POSTGRES_PORT = 54329;
    /** The default Redis port: 6379 with a 9 appended. */
    public static final int DEFAULT_REDIS_PORT = 63799;
    /** The default idle timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);

    static final String ADMIN_USER = "postgres";
    static final String LAST_JOIN_FILE = "last-join";

    private static final Logger LOG = LoggerFactory.getLogger(DevServers.class);
    private static final Object JVM_LOCK = new Object();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final int postgresPort;
    private final int redisPort;
    private final Path directory;
    private final Duration idleTimeout;
    private final int postgresVersion;
    private final Duration startupTimeout;

    private DevServers(Builder builder) {
        this.postgresPort = builder.postgresPort;
        this.redisPort = builder.redisPort;
        this.directory = builder.directory;
        this.idleTimeout = builder.idleTimeout;
        this.postgresVersion = builder.postgresVersion;
        this.startupTimeout = builder.startupTimeout;
    }

    /** Development servers with every default: ports 54329 and 63799, {@code ~/.sharedsvc/dev}, 30 minutes idle. */
    public static DevServers ofDefaults() {
        return builder().build();
    }

    /** A builder with the defaults of {@link #ofDefaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** {@code ~/.sharedsvc/dev}. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".sharedsvc", "dev");
    }

    /**
     * Joins the servers when they run, else starts them (both, or the one that is missing), and returns where
     * they are. Two calls at the same instant, from two threads or two JVMs, start one pair: the second waits for
     * the first and joins.
     *
     * @throws DevServersException when a port is held by a program that is not ours, the data directory belongs to
     *                             another PostgreSQL major version, the directory cannot be written, or a server
     *                             does not start within the startup timeout; the message names the setting or log
     */
    public Status startOrJoin() {
        return locked(() -> {
            Passwords passwords = Passwords.in(directory);
            OptionalInt runningPostgres = runningPostgresPort(passwords);
            OptionalInt runningRedis = runningRedisPort(passwords);
            warnWhenMoved(runningPostgres, postgresPort, POSTGRES_PORT);
            warnWhenMoved(runningRedis, redisPort, REDIS_PORT);
            if (runningPostgres.isEmpty()) {
                requireVersion();
                requireFree(postgresPort, "PostgreSQL", POSTGRES_PORT);
            }
            if (runningRedis.isEmpty()) {
                requireFree(redisPort, "Redis", REDIS_PORT);
            }
            if (runningPostgres.isEmpty()) {
                startPostgres(passwords);
            }
            if (runningRedis.isEmpty()) {
                startRedis(passwords);
            }
            boolean started = runningPostgres.isEmpty() || runningRedis.isEmpty();
            Status status = status(runningPostgres.orElse(postgresPort), runningRedis.orElse(redisPort), passwords,
                    started);
            if (started) {
                DevServersWatchdog.launch(directory, idleTimeout);
                LOG.info("Started the shared development servers: PostgreSQL {} on 127.0.0.1:{}, Redis on 127.0.0.1:{}"
                        + " (data in {}; idle timeout {})", status.postgresVersion(), status.postgres().port(),
                        status.redis().port(), directory, describe(idleTimeout));
            } else {
                LOG.info("Joined the shared development servers: PostgreSQL {} on 127.0.0.1:{}, Redis on 127.0.0.1:{}",
                        status.postgresVersion(), status.postgres().port(), status.redis().port());
            }
            touch(directory.resolve(LAST_JOIN_FILE));
            return status;
        });
    }

    /** Where the servers are when both run, without starting anything; empty when either is not running. */
    public Optional<Status> status() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        return locked(() -> {
            Passwords passwords = Passwords.in(directory);
            OptionalInt postgres = runningPostgresPort(passwords);
            OptionalInt redis = runningRedisPort(passwords);
            return postgres.isPresent() && redis.isPresent()
                    ? Optional.of(status(postgres.getAsInt(), redis.getAsInt(), passwords, false)) : Optional.empty();
        });
    }

    /**
     * Stops both servers (PostgreSQL after closing its sessions, Redis after saving its data) and the idle
     * watchdog; the data stays for the next start.
     *
     * @return whether a server was running
     */
    public boolean stop() {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        return locked(() -> stopLocked(null));
    }

    /** Stops the servers unless a service joined after {@code idleSince}; for the watchdog. */
    boolean stopIfIdleSince(Instant idleSince) {
        return locked(() -> stopLocked(idleSince));
    }

    private boolean stopLocked(Instant idleSince) throws IOException {
        if (idleSince != null && lastJoin(directory).isAfter(idleSince)) {
            return false;
        }
        Passwords passwords = Passwords.in(directory);
        boolean any = false;
        OptionalLong postmaster = livePid(postgresData().resolve("postmaster.pid"), "postgres");
        if (postmaster.isPresent()) {
            postmasterPort().ifPresent(port -> closeSessions(port, passwords));
            any |= terminate(postmaster.getAsLong(), "PostgreSQL");
        }
        OptionalLong redis = livePid(redisData().resolve("redis.pid"), "redis");
        if (redis.isPresent()) {
            any |= terminate(redis.getAsLong(), "Redis");
        }
        if (idleSince == null) {
            DevServersWatchdog.stop(directory);
        }
        if (any) {
            LOG.info("Stopped the shared development servers in {}", directory);
        }
        return any;
    }

    private static void closeSessions(int port, Passwords passwords) {
        try (Connection connection = adminConnection(port, passwords);
             Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
        } catch (SQLException e) {
            LOG.debug("Could not close the sessions before stopping PostgreSQL: {}", e.getMessage());
        }
    }

    private static boolean terminate(long pid, String server) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return false;
        }
        process.get().destroy();
        try {
            process.get().onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DevServersException("interrupted while stopping " + server + " (pid " + pid + ")", null, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DevServersException(server + " (pid " + pid + ") did not stop within " + STOP_TIMEOUT
                    + "; stop it with kill " + pid, null, e);
        }
        return true;
    }

    private Status status(int pgPort, int rdPort, Passwords passwords, boolean startedNow) throws IOException {
        RedisSettings redis = new RedisSettings("127.0.0.1", rdPort, "", passwords.redis());
        Path redisUrlFile = directory.resolve("redis-url");
        if (!Files.exists(redisUrlFile) || !Files.readString(redisUrlFile, StandardCharsets.UTF_8).trim().equals(redis.uri())) {
            Passwords.writePrivate(redisUrlFile, redis.uri());
        }
        return new Status(
                new PostgresSettings("127.0.0.1", pgPort, "postgres", ADMIN_USER, passwords.postgres()), redis,
                Integer.parseInt(Files.readString(postgresData().resolve("PG_VERSION"), StandardCharsets.US_ASCII).trim()),
                directory, passwords.postgresFile, passwords.redisFile, redisUrlFile, startedNow);
    }

    // ---- PostgreSQL

    private Path postgresData() {
        return directory.resolve("postgres");
    }

    /** Line 4 of {@code postmaster.pid} is the port, as PostgreSQL documents. */
    private OptionalInt postmasterPort() {
        try {
            List<String> lines = Files.readAllLines(postgresData().resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return lines.size() > 3 ? OptionalInt.of(Integer.parseInt(lines.get(3).trim())) : OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The port of our running PostgreSQL; empty when its postmaster is gone (stopped, killed, rebooted). */
    private OptionalInt runningPostgresPort(Passwords passwords) {
        OptionalLong pid = livePid(postgresData().resolve("postmaster.pid"), "postgres");
        OptionalInt port = postmasterPort();
        if (pid.isEmpty() || port.isEmpty()) {
            return OptionalInt.empty();
        }
        try (Connection connection = adminConnection(port.getAsInt(), passwords)) {
            return connection.isValid(1) ? port : OptionalInt.empty();
        } catch (SQLException e) {
            throw new DevServersException("the shared development PostgreSQL (pid " + pid.getAsLong() + ", port "
                    + port.getAsInt() + ") does not accept the administrator password in " + passwords.postgresFile
                    + " (" + e.getMessage() + "). Restore that file, or stop that server and move " + postgresData()
                    + " away to start afresh", null, e);
        }
    }

    static Connection adminConnection(int port, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", ADMIN_USER);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", Long.toString(PROBE_TIMEOUT.toSeconds()));
        login.setProperty("ApplicationName", "sharedsvc-dev");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", login);
    }

    private static Connection adminConnection(int port, Passwords passwords) throws SQLException {
        return adminConnection(port, passwords.postgres());
    }

    private void requireVersion() throws IOException {
        Path versionFile = postgresData().resolve("PG_VERSION");
        if (!Files.exists(versionFile)) {
            return;
        }
        String found = Files.readString(versionFile, StandardCharsets.US_ASCII).trim();
        if (!found.equals(Integer.toString(postgresVersion))) {
            throw new DevServersException("the data directory " + postgresData() + " was made by PostgreSQL " + found
                    + ", but the development servers run PostgreSQL " + postgresVersion + ". Set "
                    + names(POSTGRES_VERSION) + " to " + found + " to keep using it, or move the directory away"
                    + " (it is never deleted; pg_dump it with the old version first if its data matters)",
                    POSTGRES_VERSION, null);
        }
    }

    private void startPostgres(Passwords passwords) {
        try {
            // Left by a postmaster or a JVM that died: ours, since no live postmaster owns this directory.
            Files.deleteIfExists(postgresData().resolve("epg-lock"));
            Files.deleteIfExists(postgresData().resolve("postmaster.pid"));
        } catch (IOException e) {
            throw unwritable(postgresData(), e);
        }
        EmbeddedPostgres.builder()
                .version(postgresVersion)
                .port(postgresPort)
                .dataDirectory(postgresData())
                .superuserPassword(passwords.postgres())
                .startupTimeout(startupTimeout)
                .outliveJvm()
                .start();
    }

    // ---- Redis

    private Path redisData() {
        return directory.resolve("redis");
    }

    /** The port of our running Redis, from the configuration it was started with; empty when it is gone. */
    private OptionalInt runningRedisPort(Passwords passwords) throws IOException {
        OptionalLong pid = livePid(redisData().resolve("redis.pid"), "redis");
        if (pid.isEmpty()) {
            return OptionalInt.empty();
        }
        int port = configuredRedisPort();
        try (RespConnection connection = new RespConnection("127.0.0.1", port, PROBE_TIMEOUT)) {
            if (!"OK".equals(connection.call("AUTH", passwords.redis()))) {
                throw new DevServersException("the shared development Redis (pid " + pid.getAsLong() + ", port "
                        + port + ") does not accept the password in " + passwords.redisFile
                        + "; restore that file, or stop that Redis", null, null);
            }
            return "PONG".equals(connection.call("PING")) ? OptionalInt.of(port) : OptionalInt.empty();
        } catch (IOException e) {
            return OptionalInt.empty();
        }
    }

    private int configuredRedisPort() throws IOException {
        return Files.readAllLines(redisData().resolve("redis.conf"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("port "))
                .mapToInt(line -> Integer.parseInt(line.substring(5).trim()))
                .findFirst().orElse(0);
    }

    private void startRedis(Passwords passwords) {
        EmbeddedRedis.builder()
                .port(redisPort)
                .password(passwords.redis())
                .dataDirectory(redisData())
                .setting("save", "60 1")
                .startupTimeout(startupTimeout)
                .outliveJvm()
                .start();
    }

    // ---- shared

    private static void requireFree(int port, String server, String setting) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            throw new DevServersException("port " + port + " on 127.0.0.1, where the shared development " + server
                    + " should run, is taken by another program (not a sharedsvc development server). Set "
                    + names(setting) + " to a free port, or stop that program", setting, e);
        }
    }

    private static void warnWhenMoved(OptionalInt running, int configured, String setting) {
        if (running.isPresent() && running.getAsInt() != configured) {
            LOG.warn("A shared development server runs on port {}, not on the {} that {} gives; joined it there."
                    + " Stop the servers (sharedsvc-cli dev down) to move them", running.getAsInt(), configured, setting);
        }
    }

    private <T> T locked(LockedAction<T> action) {
        synchronized (JVM_LOCK) {
            try {
                createPrivateDirectory(directory);
            } catch (IOException e) {
                throw unwritable(directory, e);
            }
            try (FileChannel channel = FileChannel.open(directory.resolve("lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                return action.run();
            } catch (OverlappingFileLockException e) {
                throw new IllegalStateException("the lock of " + directory + " is already held in this JVM", e);
            } catch (IOException e) {
                throw unwritable(directory, e);
            }
        }
    }

    private static DevServersException unwritable(Path path, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileAlreadyExistsException ? "a file is where a directory is expected"
                : String.valueOf(e.getMessage());
        return new DevServersException("cannot use " + path + " for the shared development servers (" + reason
                + "). Make it writable, free some disk space, or set " + names(DIRECTORY)
                + " to another directory", DIRECTORY, e);
    }

    static void createPrivateDirectory(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Files.createDirectories(directory);
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            LOG.debug("File permissions not supported for {}", directory);
        }
    }

    /**
     * The pid on the first line of {@code file} when that process lives and its command contains {@code command};
     * a pid file left by a killed server, or whose pid now belongs to another program, gives empty.
     */
    static OptionalLong livePid(Path file, String command) {
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(file, StandardCharsets.US_ASCII).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
        return ProcessHandle.of(pid)
                .filter(process -> process.info().command().map(c -> c.contains(command)).orElse(true))
                .map(process -> OptionalLong.of(process.pid()))
                .orElse(OptionalLong.empty());
    }

    static Instant lastJoin(Path directory) {
        try {
            return Files.getLastModifiedTime(directory.resolve(LAST_JOIN_FILE)).toInstant();
        } catch (IOException e) {
            return Instant.EPOCH;
        }
    }

    private static void touch(Path file) throws IOException {
        Files.writeString(file, Instant.now().toString() + "\n", StandardCharsets.US_ASCII);
    }

    /** A property and its environment variable, as messages name a setting. */
    static String names(String property) {
        return property + " (" + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ")";
    }

    private static String describe(Duration idle) {
        return idle.isZero() ? "none" : idle.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    /**
     * Client sessions on both servers now, not counting the one that asks: PostgreSQL client backends plus Redis
     * connected clients; -1 when a server does not answer.
     */
    int connectedClients() {
        try {
            Passwords passwords = Passwords.in(directory);
            OptionalInt pgPort = postmasterPort();
            int redisPort = configuredRedisPort();
            int count = 0;
            try (Connection connection = adminConnection(pgPort.orElseThrow(), passwords);
                 Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity"
                         + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()")) {
                rows.next();
                count += rows.getInt(1);
            }
            try (RespConnection connection = new RespConnection("127.0.0.1", redisPort, PROBE_TIMEOUT)) {
                connection.call("AUTH", passwords.redis());
                String info = connection.call("INFO", "clients");
                for (String line : info.split("\r?\n")) {
                    if (line.startsWith("connected_clients:")) {
                        count += Integer.parseInt(line.substring("connected_clients:".length()).trim()) - 1;
                    }
                }
            }
            return count;
        } catch (SQLException | IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Whether a postmaster or a Redis of this directory still runs. */
    boolean anyRunning() {
        return livePid(postgresData().resolve("postmaster.pid"), "postgres").isPresent()
                || livePid(redisData().resolve("redis.pid"), "redis").isPresent();
    }

    @Override
    public String toString() {
        return "DevServers[postgres=127.0.0.1:" + postgresPort + " (PostgreSQL " + postgresVersion + "), redis=127.0.0.1:"
                + redisPort + ", directory=" + directory + ", idleTimeout=" + describe(idleTimeout) + "]";
    }

    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /**
     * Where the running servers are.
     *
     * @param postgres            the administrator's settings ({@code postgres} superuser, maintenance database)
     * @param redis               the Redis settings, with its password
     * @param postgresVersion     the PostgreSQL major version that runs
     * @param directory           the directory of data, logs and password files
     * @param postgresPasswordFile the file holding the administrator's password (mode 0600)
     * @param redisPasswordFile   the file holding the Redis password (mode 0600)
     * @param redisUrlFile        the file holding the {@code redis://} URI with the password (mode 0600)
     * @param startedNow          whether this call started a server (else it joined running ones)
     */
    public record Status(PostgresSettings postgres, RedisSettings redis, int postgresVersion, Path directory,
                         Path postgresPasswordFile, Path redisPasswordFile, Path redisUrlFile, boolean startedNow) {

        public Status {
            Objects.requireNonNull(postgres, "postgres");
            Objects.requireNonNull(redis, "redis");
            Objects.requireNonNull(directory, "directory");
        }

        /**
         * The file holding the password of a service's login role on these servers ({@code services/<name>} in the
         * directory, mode 0600), made with a random password the first time a service asks, so that a service in
         * development needs no password of its own and keeps the one its role got.
         *
         * @param service the service (or role) name; characters other than letters, digits, {@code _} and {@code -}
         *                are written as {@code _}
         */
        public Path servicePasswordFile(String service) {
            Objects.requireNonNull(service, "service");
            String name = service.replaceAll("[^A-Za-z0-9_-]", "_");
            Path file = directory.resolve("services").resolve(name.isEmpty() ? "_" : name);
            try {
                createPrivateDirectory(file.getParent());
                Passwords.createOnce(file);
            } catch (IOException e) {
                throw unwritable(file, e);
            }
            return file;
        }

        /** The {@code redis://} URI without the password, for printing. */
        public String redisAddress() {
            return "redis://" + redis.host() + ":" + redis.port();
        }

        @Override
        public String toString() {
            return "DevServers.Status[postgres=" + postgres.jdbcUrl() + " (PostgreSQL " + postgresVersion + "), redis="
                    + redisAddress() + ", directory=" + directory + (startedNow ? ", started now" : ", joined") + "]";
        }
    }

    /** The two password files, created once with a random password and mode 0600. */
    private record Passwords(Path postgresFile, Path redisFile) {

        private static final SecureRandom RANDOM = new SecureRandom();

        static Passwords in(Path directory) throws IOException {
            Passwords passwords = new Passwords(directory.resolve("postgres-admin-password"),
                    directory.resolve("redis-password"));
            createOnce(passwords.postgresFile);
            createOnce(passwords.redisFile);
            return passwords;
        }

        private static void createOnce(Path file) throws IOException {
            if (!Files.exists(file)) {
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
                synchronized (JVM_LOCK) {
                    try (FileChannel channel = FileChannel.open(file.resolveSibling(".password-lock"),
                            StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                         FileLock ignored = channel.lock()) {
                        if (!Files.exists(file)) {
                            writePrivate(file, password);
                        }
                    }
                }
            }
        }

        /** Writes {@code text} and a line break to a new file readable by the owner only, atomically. */
        static void writePrivate(Path file, String text) throws IOException {
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".new");
            try {
                Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------"));
                Files.writeString(partial, text + "\n", StandardCharsets.UTF_8);
                Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
        }

        String postgres() {
            return read(postgresFile);
        }

        String redis() {
            return read(redisFile);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (IOException e) {
                throw unwritable(file, e);
            }
        }
    }

    /** Settings of {@link DevServers}; not thread-safe, use it from one thread. */
    public static final class Builder {

        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int redisPort = DEFAULT_REDIS_PORT;
        private Path directory = defaultDirectory();
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int postgresVersion = PostgresBinaries.defaultMajorVersion();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** The loopback port of PostgreSQL, 1 to 65535; default {@value DevServers#DEFAULT_POSTGRES_PORT}. */
        public Builder postgresPort(int port) {
            this.postgresPort = requirePort(port, POSTGRES_PORT);
            return this;
        }

        /** The loopback port of Redis, 1 to 65535; default {@value DevServers#DEFAULT_REDIS_PORT}. */
        public Builder redisPort(int port) {
            this.redisPort = requirePort(port, REDIS_PORT);
            return this;
        }

        /** The directory of data, logs and passwords; default {@code ~/.sharedsvc/dev}. */
        public Builder directory(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
            return this;
        }

        /**
         * How long the servers run with no client connected and no service joining before they stop themselves:
         * zero means never (stop them with {@link DevServers#stop()}); positive, at least one second; default 30
         * minutes. Applies when this instance starts them.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            Objects.requireNonNull(idleTimeout, "idleTimeout");
            if (idleTimeout.isNegative() || (!idleTimeout.isZero() && idleTimeout.compareTo(Duration.ofSeconds(1)) < 0)) {
                throw new IllegalArgumentException(names(IDLE_TIMEOUT) + " must be 0 (never) or at least 1s, was "
                        + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** The PostgreSQL major version, one of {@link EmbeddedPostgres#supportedVersions()}; default the newest. */
        public Builder postgresVersion(int majorVersion) {
            if (!PostgresBinaries.supportedMajorVersions().contains(majorVersion)) {
                throw new IllegalArgumentException(names(POSTGRES_VERSION) + " must be one of "
                        + PostgresBinaries.supportedMajorVersions() + ", was " + majorVersion);
            }
            this.postgresVersion = majorVersion;
            return this;
        }

        /** How long a start waits for each server; positive, default 60 seconds. */
        public Builder startupTimeout(Duration timeout) {
            this.startupTimeout = Arguments.requirePositive(timeout, "startupTimeout");
            return this;
        }

        private static int requirePort(int port, String setting) {
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException(names(setting) + " must be 1 to 65535, was " + port);
            }
            return port;
        }

        /** The development servers with these settings; nothing starts until {@link DevServers#startOrJoin()}. */
        public DevServers build() {
            return new DevServers(this);
        }
    }
}
