package dev.sharedsvc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.embedded.DevServers;

class DevServicesTest {

    private static SettingSource properties(Map<String, String> properties) {
        return SettingSource.from(name -> null, properties::get);
    }

    @Test
    void theyStartInADevelopmentRunOrWhenEnabledAndNeverWithAUrlOrWhenDisabled() {
        assertThat(DevServices.wanted(properties(Map.of()), true)).isTrue();
        assertThat(DevServices.wanted(properties(Map.of()), false)).isFalse();
        assertThat(DevServices.wanted(properties(Map.of("sharedsvc.dev-services.enabled", "true")), false)).isTrue();
        assertThat(DevServices.wanted(properties(Map.of("sharedsvc.dev-services.enabled", "FALSE")), true)).isFalse();
        assertThat(DevServices.wanted(properties(Map.of("sharedsvc.dev-services.enabled", "true",
                "sharedsvc.postgres.url", "jdbc:postgresql://db/postgres")), true)).isFalse();
    }

    @Test
    void malformedValuesNameTheSetting() {
        assertThatThrownBy(() -> DevServices.from(properties(Map.of("sharedsvc.dev-services.enabled", "yes"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sharedsvc.dev-services.enabled");
        assertThatThrownBy(() -> DevServices.from(properties(Map.of("sharedsvc.dev-services.idle-timeout", "30"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sharedsvc.dev-services.idle-timeout");
        assertThatThrownBy(() -> DevServices.from(properties(Map.of("sharedsvc.dev-services.postgres-port", "0"))))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("sharedsvc.dev-services.postgres-port");
    }

    @Test
    void valuesAreReadAndTheHomeDirectoryExpanded() {
        DevServices read = DevServices.from(properties(Map.of("sharedsvc.dev-services.directory", "~/dev-servers",
                "sharedsvc.dev-services.idle-timeout", "0s", "sharedsvc.dev-services.redis-port", "7000")));

        assertThat(read.directory()).contains(Path.of(System.getProperty("user.home"), "dev-servers"));
        assertThat(read.idleTimeout()).contains(Duration.ZERO);
        assertThat(read.redisPort()).contains(7000);
        assertThat(read.postgresPort()).isEmpty();
    }

    @Test
    void aServiceGetsTheServersAndFilesButKeepsWhatItSetsItself() {
        Path admin = Path.of("/dev/admin");
        Path redis = Path.of("/dev/redis-url");
        Map<Setting, String> bare = DevServices.serviceSettings(properties(Map.of("sharedsvc.service", "orders")),
                "jdbc:postgresql://127.0.0.1:54329/postgres", "postgres", admin, redis, role -> Path.of("/dev", role));
        Map<Setting, String> own = DevServices.serviceSettings(properties(Map.of("sharedsvc.service", "orders",
                        "sharedsvc.postgres.role", "orders_app", "sharedsvc.postgres.password", "mine",
                        "sharedsvc.redis.url", "redis://cache:6379")),
                "jdbc:postgresql://127.0.0.1:54329/postgres", "postgres", admin, redis, role -> Path.of("/dev", role));

        assertThat(bare).containsEntry(Setting.POSTGRES_URL, "jdbc:postgresql://127.0.0.1:54329/postgres")
                .containsEntry(Setting.POSTGRES_ADMIN_USER, "postgres")
                .containsEntry(Setting.POSTGRES_ADMIN_PASSWORD, "/dev/admin")
                .containsEntry(Setting.REDIS_URL, "/dev/redis-url")
                .containsEntry(Setting.POSTGRES_PASSWORD, "/dev/orders");
        assertThat(own).doesNotContainKeys(Setting.POSTGRES_PASSWORD, Setting.REDIS_URL);
        assertThat(DevServices.property(Setting.POSTGRES_ADMIN_PASSWORD))
                .isEqualTo("sharedsvc.postgres.admin-password-file");
        assertThat(DevServices.environmentVariable(Setting.REDIS_URL)).isEqualTo("SHAREDSVC_REDIS_URL_FILE");
        assertThat(DevServices.property(Setting.POSTGRES_URL)).isEqualTo("sharedsvc.postgres.url");
    }

    @Test
    void theServersUseTheKeysAndDefaultsOfTheSettingTable() {
        assertThat(DevServers.ENABLED).isEqualTo(Setting.DEV_SERVICES_ENABLED.property());
        assertThat(DevServers.POSTGRES_PORT).isEqualTo(Setting.DEV_SERVICES_POSTGRES_PORT.property());
        assertThat(DevServers.REDIS_PORT).isEqualTo(Setting.DEV_SERVICES_REDIS_PORT.property());
        assertThat(DevServers.DIRECTORY).isEqualTo(Setting.DEV_SERVICES_DIRECTORY.property());
        assertThat(DevServers.IDLE_TIMEOUT).isEqualTo(Setting.DEV_SERVICES_IDLE_TIMEOUT.property());
        assertThat(DevServers.POSTGRES_VERSION).isEqualTo(Setting.DEV_SERVICES_POSTGRES_VERSION.property());
        assertThat(Setting.DEV_SERVICES_POSTGRES_PORT.defaultValue()).isEqualTo("`" + DevServers.DEFAULT_POSTGRES_PORT + "`");
        assertThat(Setting.DEV_SERVICES_REDIS_PORT.defaultValue()).isEqualTo("`" + DevServers.DEFAULT_REDIS_PORT + "`");
        assertThat(Setting.DEV_SERVICES_IDLE_TIMEOUT.defaultValue()).isEqualTo("`30m`");
        assertThat(DevServers.DEFAULT_IDLE_TIMEOUT).isEqualTo(Duration.ofMinutes(30));
        assertThat(Setting.DEV_SERVICES_POSTGRES_VERSION.defaultValue())
                .isEqualTo("`" + dev.sharedsvc.embedded.EmbeddedPostgres.builder().build().majorVersion() + "`");
    }
}
