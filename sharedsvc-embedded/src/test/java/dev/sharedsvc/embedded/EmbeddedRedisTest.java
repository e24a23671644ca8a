package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedRedisTest {

    @Test
    void serverRequiresItsPassword() throws IOException {
        RedisSettings settings = TestServers.redis();
        try (RespConnection connection = new RespConnection(settings.host(), settings.port(), Duration.ofSeconds(2))) {
            assertThat(connection.call("PING")).startsWith("-NOAUTH");
            assertThat(connection.call("AUTH", settings.password())).isEqualTo("OK");
            assertThat(connection.call("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void passwordIsNotOnTheCommandLine() throws IOException {
        try (EmbeddedRedis redis = EmbeddedRedis.builder().executable(TestServers.redisBinary()).password("hidden-pw").start()) {
            String commandLine = Files.readString(Path.of("/proc", Long.toString(redis.pid().orElseThrow()), "cmdline"))
                    .replace('\0', ' ');
            assertThat(commandLine).contains("redis");
            assertThat(commandLine).doesNotContain("hidden-pw");
            assertThat(redis.toString()).doesNotContain("hidden-pw");
            assertThat(redis.settings().toString()).doesNotContain("hidden-pw");
        }
    }

    @Test
    void stopKeepsTheDataDirectoryAndStartReloadsSavedData() throws IOException {
        try (EmbeddedRedis redis = EmbeddedRedis.builder().executable(TestServers.redisBinary()).setting("save", "3600 1").start()) {
            call(redis, "SET", "kept", "yes");
            call(redis, "SAVE");
            redis.stop();
            assertThat(Files.exists(redis.dataDirectory().resolve("dump.rdb"))).isTrue();
            redis.start();
            assertThat(call(redis, "GET", "kept")).isEqualTo("yes");
        }
    }

    @Test
    void aBadSettingFailsWithTheLogNamed() {
        EmbeddedRedis redis = EmbeddedRedis.builder().executable(TestServers.redisBinary()).setting("no-such-directive", "1").build();
        try (redis) {
            assertThatThrownBy(redis::start)
                    .isInstanceOf(EmbeddedServerException.class)
                    .hasMessageContaining(redis.logFile().toString());
        }
    }

    @Test
    void settingsRoundTripThroughTheUri() {
        RedisSettings settings = new RedisSettings("127.0.0.1", 6390, "app", "p@ss:w/rd");
        assertThat(RedisSettings.fromUri(settings.uri())).isEqualTo(settings);
        assertThat(settings.toString()).doesNotContain("p@ss");
    }

    private static String call(EmbeddedRedis redis, String... command) throws IOException {
        try (RespConnection connection = new RespConnection("127.0.0.1", redis.port(), Duration.ofSeconds(5))) {
            return connection.call(command);
        }
    }
}
