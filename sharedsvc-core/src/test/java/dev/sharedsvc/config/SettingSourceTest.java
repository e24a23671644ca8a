package dev.sharedsvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;

/** Reading single settings without a service, as the command line does, with the configuration's rules. */
class SettingSourceTest {

    @TempDir
    Path files;

    private static SettingSource source(Map<String, String> env, Map<String, String> properties) {
        return SettingSource.from(env::get, properties::get);
    }

    @Test
    void theOldScriptsVariablesAreReadWithoutAService() throws IOException {
        Path backendPassword = Files.writeString(files.resolve("backend"), "backend-Secret-1\n");
        SettingSource source = source(Map.of("POSTGRES_USER", "admin", "POSTGRES_PASSWORD", "admin-Secret-1",
                "POSTGRES_MULTIPLE_DATABASES", "keycloak, my-app", "KEYCLOAK_PASSWORD", "kc-Secret-1",
                "MY_APP_PASSWORD_FILE", backendPassword.toString()), Map.of());

        List<ServiceDatabase> databases = source.otherDatabases();

        assertThat(source.text(Setting.POSTGRES_ADMIN_USER)).contains("admin");
        assertThat(source.secret(Setting.POSTGRES_ADMIN_PASSWORD)).contains(Secret.of("admin-Secret-1"));
        assertThat(databases).extracting(ServiceDatabase::database).containsExactly("keycloak", "my-app");
        assertThat(databases.get(0).password()).contains(Secret.of("kc-Secret-1"));
        assertThat(databases.get(1).password()).contains(Secret.of("backend-Secret-1"));
        assertThat(source.passwordOf("other")).isEmpty();
        assertThat(source.text(Setting.SERVICE)).isEmpty();
    }

    @Test
    void typedValuesFollowTheConfigurationsRulesAndNameTheSetting() {
        SettingSource source = source(Map.of("SHAREDSVC_WAIT_TIMEOUT", "90s", "SHAREDSVC_WAIT_STABLE_COUNT", "0",
                "SHAREDSVC_REDIS_URL", "redis://:r-Secret-1@cache:6380/2"),
                Map.of("sharedsvc.redis.without-databases", "Key-Prefix", "sharedsvc.postgres.extensions", "a, b,"));

        assertThat(source.duration(Setting.WAIT_TIMEOUT)).contains(Duration.ofSeconds(90));
        assertThat(source.constant(Setting.REDIS_WITHOUT_DATABASES, Fallback.values())).contains(Fallback.KEY_PREFIX);
        assertThat(source.list(Setting.POSTGRES_EXTENSIONS)).containsExactly("a", "b");
        assertThat(source.redisUrl()).hasValueSatisfying(url -> assertThat(url.toString())
                .isEqualTo("SHAREDSVC_REDIS_URL=redis://cache:6380/2"));
        assertThatThrownBy(() -> source.integer(Setting.WAIT_STABLE_COUNT, 1))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("sharedsvc.wait.stable-count (SHAREDSVC_WAIT_STABLE_COUNT): must be a whole number from 1,"
                        + " was '0'");
        assertThatThrownBy(() -> source.text(Setting.REDIS_URL)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOtherDatabaseNamedTwiceOrBadlyIsNamed() {
        assertThatThrownBy(() -> source(Map.of("POSTGRES_MULTIPLE_DATABASES", "a,a"), Map.of()).otherDatabases())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("names a twice")
                .hasMessageContaining("(read from POSTGRES_MULTIPLE_DATABASES)");
    }
}
