package dev.sharedsvc.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.config.Setting;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;

class SharedServicesConfigurationTest {

    @Test
    void mapsEveryCoreSettingAndItsSecretFileUnderQuarkusSharedsvcAndNothingElseButTheHealthTimeout() {
        Set<String> expected = new TreeSet<>();
        for (Setting setting : Setting.values()) {
            // A prefix (sharedsvc.flyway.<property>) is a map, whose keys SmallRye lists as *.
            expected.add(QuarkusSettings.QUARKUS_PREFIX + setting.property() + (setting == Setting.FLYWAY ? ".*" : ""));
            setting.fileProperty().ifPresent(file -> expected.add(QuarkusSettings.QUARKUS_PREFIX + file));
        }
        expected.add("quarkus.sharedsvc.health.timeout");

        Set<String> mapped = new TreeSet<>(
                ConfigMappings.getProperties(ConfigClass.configClass(SharedServicesConfiguration.class)).keySet());

        assertThat(mapped).isEqualTo(expected);
    }
}
