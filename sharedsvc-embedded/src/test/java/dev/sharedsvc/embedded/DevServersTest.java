package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServersTest {

    @TempDir
    Path home;

    private final int postgresPort = Ports.freePort();
    private final int redisPort = Ports.freePort();
    private final List<DevServers> started = new ArrayList<>();

    @AfterEach
    void stopWhatWasStarted() {
        started.forEach(DevServers::stop);
    }

    private DevServers servers(Duration idle) {
        DevServers servers = DevServers.builder().directory(home.resolve("dev")).postgresPort(postgresPort)
                .redisPort(redisPort).idleTimeout(idle).build();
        started.add(servers);
        return servers;
    }

    @Test
    void secondStartJoinsTheRunningServersAndFindsTheData() throws SQLException, IOException {
        DevServers servers = servers(Duration.ZERO);
        DevServers.Status first = servers.startOrJoin();
        execute(first.postgres(), "CREATE DATABASE kept_across_joins");
        redis(first.redis(), "SET", "kept", "yes");

        DevServers.Status second = servers(Duration.ZERO).startOrJoin();

        assertThat(first.startedNow()).isTrue();
        assertThat(second.startedNow()).isFalse();
        assertThat(second.postgres()).isEqualTo(first.postgres());
        assertThat(databases(second.postgres())).contains("kept_across_joins");
        assertThat(redis(second.redis(), "GET", "kept")).isEqualTo("yes");
        assertThat(servers.status()).contains(second);
    }

    @Test
    void passwordsAreGeneratedOnceOwnerOnlyAndNeverOnACommandLineOrInALog() throws IOException {
        DevServers.Status status = servers(Duration.ofMinutes(5)).startOrJoin();
        String pgPassword = status.postgres().password();
        String redisPassword = status.redis().password();

        assertThat(pgPassword).hasSizeGreaterThanOrEqualTo(30).isNotEqualTo(redisPassword);
        assertThat(Files.readString(status.postgresPasswordFile()).trim()).isEqualTo(pgPassword);
        assertThat(Files.getPosixFilePermissions(status.postgresPasswordFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(status.redisPasswordFile()))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(status.directory()))
                .isEqualTo(PosixFilePermissions.fromString("rwx------"));
        List<String> commandLines = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(process -> process.info().commandLine().ifPresent(commandLines::add));
        assertThat(commandLines).anyMatch(line -> line.contains(DevServersWatchdog.class.getName()));
        assertThat(commandLines).noneMatch(line -> line.contains(pgPassword) || line.contains(redisPassword));
        for (String log : List.of("postgres.log", "redis.log", "watchdog.log")) {
            Path file = status.directory().resolve(log);
            if (Files.exists(file)) {
                assertThat(Files.readString(file)).doesNotContain(pgPassword).doesNotContain(redisPassword);
            }
        }
        assertThat(status.toString()).doesNotContain(pgPassword).doesNotContain(redisPassword);

        servers(Duration.ZERO).stop();
        assertThat(servers(Duration.ZERO).startOrJoin().postgres().password()).isEqualTo(pgPassword);
    }

    @Test
    void twoJvmsStartingAtTheSameInstantStartOnePair() throws Exception {
        List<Process> jvms = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            jvms.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DevServersStartOrJoin.class.getName(),
                    home.resolve("dev").toString(), Integer.toString(postgresPort), Integer.toString(redisPort))
                    .redirectErrorStream(true).start());
        }
        started.add(servers(Duration.ZERO));
        List<String> outputs = new ArrayList<>();
        for (Process jvm : jvms) {
            String output = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jvm.waitFor()).as(output).isZero();
            outputs.add(output.lines().reduce((a, b) -> b).orElse(""));
        }

        assertThat(outputs).containsExactlyInAnyOrder("started " + postgresPort + " " + redisPort,
                "joined " + postgresPort + " " + redisPort);
        assertThat(countProcesses("postgres", home.resolve("dev").toString())).isEqualTo(1);
    }

    @Test
    void serversKilledWithSigkillAreRecognisedAndStartedAgainOnTheirData() throws Exception {
        DevServers servers = servers(Duration.ZERO);
        DevServers.Status first = servers.startOrJoin();
        execute(first.postgres(), "CREATE DATABASE survives_sigkill");
        long postmaster = pid(first.directory().resolve("postgres/postmaster.pid"));
        long redis = pid(first.directory().resolve("redis/redis.pid"));

        for (long pid : List.of(postmaster, redis)) {
            ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
            process.destroyForcibly();
            process.onExit().get();
        }
        assertThat(first.directory().resolve("postgres/postmaster.pid")).exists();
        assertThat(servers.status()).isEmpty();

        DevServers.Status again = servers.startOrJoin();

        assertThat(again.startedNow()).isTrue();
        assertThat(pid(again.directory().resolve("postgres/postmaster.pid"))).isNotEqualTo(postmaster);
        assertThat(databases(again.postgres())).contains("survives_sigkill");
        assertThat(redis(again.redis(), "PING")).isEqualTo("PONG");
    }

    @Test
    void aPortHeldByAnotherProgramIsNamedWithTheSettingThatMovesItAndNothingStarts() throws IOException {
        try (ServerSocket other = new ServerSocket()) {
            other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), postgresPort));

            assertThatThrownBy(() -> servers(Duration.ZERO).startOrJoin())
                    .isInstanceOf(DevServersException.class)
                    .hasMessageContaining("port " + postgresPort)
                    .hasMessageContaining("sharedsvc.dev-services.postgres-port (SHAREDSVC_DEV_SERVICES_POSTGRES_PORT)")
                    .satisfies(e -> assertThat(((DevServersException) e).setting())
                            .contains(DevServers.POSTGRES_PORT));
        }
        assertThat(home.resolve("dev/redis/redis.pid")).doesNotExist();
        assertThat(home.resolve("dev/postgres")).doesNotExist();
    }

    @Test
    void aDataDirectoryOfAnotherMajorVersionIsRefusedAndKept() throws IOException {
        Path data = Files.createDirectories(home.resolve("dev/postgres"));
        Files.writeString(data.resolve("PG_VERSION"), "13\n");
        Files.writeString(data.resolve("base-data"), "precious");

        assertThatThrownBy(() -> servers(Duration.ZERO).startOrJoin())
                .isInstanceOf(DevServersException.class)
                .hasMessageContaining("made by PostgreSQL 13")
                .hasMessageContaining("run PostgreSQL " + EmbeddedPostgres.builder().build().majorVersion())
                .hasMessageContaining(DevServers.POSTGRES_VERSION)
                .hasMessageContaining("never deleted");
        assertThat(Files.readString(data.resolve("base-data"))).isEqualTo("precious");
        assertThat(Files.readString(data.resolve("PG_VERSION"))).isEqualTo("13\n");
        assertThat(home.resolve("dev/redis/redis.pid")).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsReportedOnceNamingTheSetting() throws IOException {
        Path file = Files.writeString(home.resolve("not-a-directory"), "x");
        DevServers servers = DevServers.builder().directory(file.resolve("dev")).postgresPort(postgresPort)
                .redisPort(redisPort).build();

        assertThatThrownBy(servers::startOrJoin)
                .isInstanceOf(DevServersException.class)
                .hasMessageContaining(file.resolve("dev").toString())
                .hasMessageContaining("sharedsvc.dev-services.directory (SHAREDSVC_DEV_SERVICES_DIRECTORY)");
        assertThat(countProcesses("redis-server", Integer.toString(redisPort))).isZero();
    }

    @Test
    void idleServersStopThemselvesAndAConnectedClientKeepsThemRunning() throws Exception {
        DevServers servers = servers(Duration.ofSeconds(2));
        DevServers.Status status = servers.startOrJoin();
        long postmaster = pid(status.directory().resolve("postgres/postmaster.pid"));
        try (Connection client = connect(status.postgres())) {
            Thread.sleep(4_000);
            assertThat(ProcessHandle.of(postmaster)).isPresent();
            assertThat(client.isValid(1)).isTrue();
        }
        ProcessHandle.of(postmaster).orElseThrow().onExit().get();
        waitUntil(() -> servers.status().isEmpty());
        // The watchdog exits just after it stopped the servers.
        waitUntil(() -> countProcesses(DevServersWatchdog.class.getName(), status.directory().toString()) == 0);
    }

    @Test
    void stopStopsBothAndTheWatchdogAndSaysWhetherAnythingRan() throws Exception {
        DevServers servers = servers(Duration.ofMinutes(5));
        DevServers.Status status = servers.startOrJoin();
        long redis = pid(status.directory().resolve("redis/redis.pid"));

        assertThat(servers.stop()).isTrue();

        assertThat(ProcessHandle.of(redis)).isEmpty();
        assertThat(servers.status()).isEmpty();
        waitUntil(() -> countProcesses(DevServersWatchdog.class.getName(), status.directory().toString()) == 0);
        assertThat(servers.stop()).isFalse();
    }

    @Test
    void badSettingsNameTheProperty() {
        assertThatThrownBy(() -> DevServers.builder().postgresPort(0))
                .hasMessageContaining("sharedsvc.dev-services.postgres-port");
        assertThatThrownBy(() -> DevServers.builder().idleTimeout(Duration.ofMillis(10)))
                .hasMessageContaining("sharedsvc.dev-services.idle-timeout");
        assertThatThrownBy(() -> DevServers.builder().postgresVersion(9))
                .hasMessageContaining("sharedsvc.dev-services.postgres-version");
    }

    /** Waits for {@code condition}, failing the test after a minute rather than hanging it. */
    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not come true within a minute");
            }
            Thread.sleep(50);
        }
    }

    private static long countProcesses(String command, String argument) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(l -> l.contains(command) && l.contains(argument)).orElse(false))
                .count();
    }

    private static long pid(Path pidFile) throws IOException {
        OptionalLong pid = OptionalLong.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
        return pid.getAsLong();
    }

    private static Connection connect(PostgresSettings settings) throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
    }

    private static void execute(PostgresSettings settings, String sql) throws SQLException {
        try (Connection connection = connect(settings); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> databases(PostgresSettings settings) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = connect(settings); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String redis(RedisSettings settings, String... command) throws IOException {
        try (RespConnection connection = new RespConnection(settings.host(), settings.port(), Duration.ofSeconds(2))) {
            connection.call("AUTH", settings.password());
            return connection.call(command);
        }
    }
}
