package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.EmbeddedRedis;
import dev.sharedsvc.embedded.RedisSettings;
import dev.sharedsvc.embedded.TestServers;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisTarget.Isolation;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/** A service's own Redis user, on the test server (bundled 6.2, or Debian's 7 with -Dsharedsvc.test.redis.binary=path). */
class RedisAclTest {

    static final RedisLayout SEED = RedisLayout.parse(RedisLayoutTest.SEED_TABLE);
    private static final String PASSWORD = "Redis-Plain-Marker-9c2e";

    private final List<String> users = new ArrayList<>();
    private final List<EmbeddedRedis> servers = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        withConnection(admin(), connection -> users.forEach(user -> connection.sync().aclDeluser(user)));
        servers.forEach(EmbeddedRedis::close);
    }

    private static RedisURI admin() {
        return RedisURI.create(TestServers.redis().uri());
    }

    private RedisServiceUser user(String environment, Isolation isolation, String... purposes) {
        String service = "svc-" + UUID.randomUUID().toString().substring(0, 8);
        users.add(service + "@" + environment);
        List<RedisTarget> targets = new ArrayList<>();
        for (String purpose : purposes) {
            targets.add(SEED.resolve(environment, purpose).withIsolation(isolation));
        }
        return RedisServiceUser.of(service, Secret.of(PASSWORD), SEED, targets);
    }

    static void withConnection(RedisURI uri, Consumer<StatefulRedisConnection<String, String>> work) {
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(uri)) {
            work.accept(connection);
        } finally {
            client.shutdown();
        }
    }

    static String refusal(Runnable command) {
        try {
            command.run();
            return "allowed";
        } catch (RedisCommandExecutionException e) {
            return e.getMessage().split(" ")[0];
        }
    }

    @Test
    void ensureMakesTheUserOnceAndTheSecondEnsureChangesNothing() {
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "broker", "cache");

        RedisAcl.Result first = RedisAcl.ensure(admin(), user);
        RedisAcl.Result second = RedisAcl.ensure(admin(), user);

        assertThat(first.nodes()).extracting(RedisAcl.Node::outcome).containsExactly(RedisAcl.Outcome.CREATED);
        assertThat(second.nodes()).extracting(RedisAcl.Node::outcome).containsExactly(RedisAcl.Outcome.IN_PLACE);
        assertThat(RedisAcl.check(admin(), user).inPlace()).isTrue();
        assertThat(first.toString()).contains("Redis user " + user.name()).contains("created")
                .contains("not persisted").doesNotContain(PASSWORD);
        assertThat(user.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void theUserReachesOnlyItsPrefixesAndNoDangerousCommand() {
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "broker", "cache");
        RedisAcl.ensure(admin(), user);

        withConnection(user.uri(admin()), connection -> {
            RedisCommands<String, String> commands = connection.sync();
            commands.set("prod:broker:job", "1");
            commands.set("prod:cache:page", "2");
            commands.publish("prod:broker:events", "hello");
            assertThat(refusal(() -> commands.get("staging:broker:job"))).isEqualTo("NOPERM");
            assertThat(refusal(() -> commands.set("other", "x"))).isEqualTo("NOPERM");
            assertThat(refusal(() -> commands.publish("staging:broker:events", "x"))).isEqualTo("NOPERM");
            assertThat(refusal(commands::flushall)).isEqualTo("NOPERM");
            assertThat(refusal(commands::flushdb)).isEqualTo("NOPERM");
            assertThat(refusal(() -> commands.configGet("*"))).isEqualTo("NOPERM");
            assertThat(refusal(() -> commands.keys("*"))).isEqualTo("NOPERM");
            assertThat(refusal(commands::aclList)).isEqualTo("NOPERM");
            // Redis 7 refuses DEBUG to everyone before the ACL is asked (enable-debug-command no): ERR there.
            assertThat(refusal(() -> commands.debugObject("prod:cache:x"))).isIn("NOPERM", "ERR");
            // Lettuce's shutdown() waits for no reply, so send it raw to see the refusal.
            assertThat(refusal(() -> commands.dispatch(io.lettuce.core.protocol.CommandType.SHUTDOWN,
                    new io.lettuce.core.output.StatusOutput<>(io.lettuce.core.codec.StringCodec.UTF8),
                    new io.lettuce.core.protocol.CommandArgs<>(io.lettuce.core.codec.StringCodec.UTF8).add("NOSAVE"))))
                    .isEqualTo("NOPERM");
            assertThat(refusal(commands::bgsave)).isEqualTo("NOPERM");
            commands.del("prod:broker:job", "prod:cache:page");
        });
    }

    @Test
    void aCacheWithADatabaseOfItsOwnMayFlushItAndABrokerMayNot() {
        RedisServiceUser cache = user("dev", Isolation.DATABASE, "cache");
        RedisServiceUser broker = user("dev", Isolation.DATABASE, "broker");
        assertThat(cache.mayFlushDatabase()).isTrue();
        assertThat(broker.mayFlushDatabase()).isFalse();
        assertThat(cache.keysLimited()).as("no per-database ACL in Redis").isFalse();
        RedisAcl.ensure(admin(), cache);
        RedisAcl.ensure(admin(), broker);

        withConnection(cache.targets().get(0).uri(cache.uri(admin())), connection -> {
            assertThat(connection.sync().flushdb()).isEqualTo("OK");
            assertThat(refusal(connection.sync()::flushall)).isEqualTo("NOPERM");
        });
        withConnection(broker.targets().get(0).uri(broker.uri(admin())),
                connection -> assertThat(refusal(connection.sync()::flushdb)).isEqualTo("NOPERM"));
    }

    @Test
    void driftIsReportedAndSetRight() {
        RedisServiceUser user = user("staging", Isolation.KEY_PREFIX, "cache");
        RedisAcl.ensure(admin(), user);
        withConnection(admin(), connection -> connection.sync().aclSetuser(user.name(),
                io.lettuce.core.AclSetuserArgs.Builder.addCommand(io.lettuce.core.protocol.CommandType.CONFIG)
                        .keyPattern("*")));

        RedisAcl.Result checked = RedisAcl.check(admin(), user);
        RedisAcl.Result ensured = RedisAcl.ensure(admin(), user);

        assertThat(checked.inPlace()).isFalse();
        assertThat(checked.nodes().get(0).drift()).anySatisfy(drift -> assertThat(drift).startsWith("commands: "))
                .anySatisfy(drift -> assertThat(drift).startsWith("keys: "));
        assertThat(ensured.nodes()).extracting(RedisAcl.Node::outcome).containsExactly(RedisAcl.Outcome.UPDATED);
        assertThat(ensured.toString()).contains("drift: commands");
        withConnection(user.uri(admin()), connection -> {
            assertThat(refusal(() -> connection.sync().configGet("*"))).isEqualTo("NOPERM");
            assertThat(refusal(() -> connection.sync().get("anything"))).isEqualTo("NOPERM");
        });
    }

    @Test
    void thePlaintextPasswordReachesNeitherMonitorNorAclList() throws Exception {
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "cache");
        RedisSettings server = TestServers.redis();
        List<String> monitored = new ArrayList<>();
        try (Socket socket = new Socket(server.host(), server.port())) {
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            send(out, "AUTH", server.password());
            assertThat(in.readLine()).isEqualTo("+OK");
            send(out, "MONITOR");
            assertThat(in.readLine()).isEqualTo("+OK");
            Thread reader = new Thread(() -> {
                try {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        synchronized (monitored) {
                            monitored.add(line);
                        }
                    }
                } catch (IOException closed) {
                    // the socket closes when the test is done
                }
            });
            reader.start();
            RedisAcl.ensure(admin(), user);
            withConnection(user.uri(admin()), connection -> connection.sync().set("prod:cache:k", "v"));
            withConnection(admin(), connection -> connection.sync().ping());
            // MONITOR shows commands in order: once the last PING is there, everything before it is too.
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (monitored) {
                    if (monitored.stream().anyMatch(line -> line.contains("\"PING\""))) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            socket.close();
            reader.join(5_000);
        }
        String all;
        synchronized (monitored) {
            all = String.join("\n", monitored);
        }
        // Redis keeps ACL commands out of MONITOR altogether, and shows AUTH and HELLO redacted.
        assertThat(all).contains("\"SET\" \"prod:cache:k\"").contains("(redacted)").doesNotContain("SETUSER")
                .doesNotContain(PASSWORD);
        withConnection(admin(), connection -> assertThat(String.join("\n", connection.sync().aclList()))
                .contains(user.name()).doesNotContain(PASSWORD));
    }

    private static void send(OutputStream out, String... words) throws IOException {
        StringBuilder command = new StringBuilder("*").append(words.length).append("\r\n");
        for (String word : words) {
            byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
            command.append('$').append(bytes.length).append("\r\n").append(word).append("\r\n");
        }
        out.write(command.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void withAnAclFileTheUserIsSavedAndSurvivesARestart() throws IOException {
        Path directory = Files.createTempDirectory("sharedsvc-acl");
        Path aclFile = directory.resolve("users.acl");
        Files.writeString(aclFile, "user default on nopass ~* &* +@all\n");
        EmbeddedRedis redis = EmbeddedRedis.builder().executable(TestServers.redisBinary())
                .setting("aclfile", aclFile.toString()).build();
        servers.add(redis);
        RedisURI server = RedisURI.create(redis.start().settings().uri());
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "cache");

        RedisAcl.Result result = RedisAcl.ensure(server, user);

        assertThat(result.nodes().get(0).persisted()).isTrue();
        assertThat(result.toString()).contains("saved to the ACL file");
        assertThat(Files.readString(aclFile)).contains("user " + user.name() + " on").doesNotContain(PASSWORD);
        redis.stop();
        redis.start();
        assertThat(RedisAcl.ensure(server, user).nodes()).extracting(RedisAcl.Node::outcome)
                .containsExactly(RedisAcl.Outcome.IN_PLACE);
    }

    @Test
    void aServerWithAclRenamedAwayGivesAClearErrorAndNoFallback() {
        EmbeddedRedis redis = EmbeddedRedis.builder().executable(TestServers.redisBinary())
                .setting("rename-command", "ACL \"\"").build();
        servers.add(redis);
        RedisURI server = RedisURI.create(redis.start().settings().uri());
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "cache");

        assertThatThrownBy(() -> RedisAcl.ensure(server, user))
                .isInstanceOf(RedisAclException.class)
                .hasMessageContaining("Redis at 127.0.0.1:" + server.getPort() + " cannot make a service's own user")
                .hasMessageContaining("ACL is renamed or disabled")
                .hasMessageContaining("not connected with the shared password instead");
    }

    @Test
    void aLoginThatMayNotRunAclIsToldSo() {
        RedisServiceUser user = user("prod", Isolation.KEY_PREFIX, "cache");
        RedisAcl.ensure(admin(), user);

        assertThatThrownBy(() -> RedisAcl.ensure(user.uri(admin()), user(("prod"), Isolation.KEY_PREFIX, "broker")))
                .isInstanceOf(RedisAclException.class)
                .hasMessageContaining("NOPERM").hasMessageContaining("may not run ACL");
    }
}
