package dev.sharedsvc.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class QuarkusSettingsTest {

    @Test
    void quarkusSharedsvcWinsOverPlainSharedsvc() {
        QuarkusSettings settings = new QuarkusSettings(new MapContext(Map.of(
                "quarkus.sharedsvc.service", "orders",
                "sharedsvc.service", "ignored",
                "sharedsvc.environment", "dev")));

        assertThat(settings.property("sharedsvc.service")).isEqualTo("orders");
        assertThat(settings.property("sharedsvc.environment")).isEqualTo("dev");
        assertThat(settings.property("sharedsvc.mode")).isNull();
    }

    @Test
    void variablesAreLookedUpByTheirExactName() {
        QuarkusSettings settings = new QuarkusSettings(new MapContext(Map.of("POSTGRES_PASSWORD", "secret")));

        assertThat(settings.variable("POSTGRES_PASSWORD")).isEqualTo("secret");
        assertThat(settings.variable("KEYCLOAK_PASSWORD")).isNull();
    }

    @Test
    void quarkusDefaultsAreNotValuesSomeoneSet() {
        Map<String, String> maxSize = Map.of("quarkus.datasource.jdbc.max-size", "20");

        assertThat(new QuarkusSettings(new MapContext(maxSize, "DefaultValuesConfigSource", Integer.MIN_VALUE))
                .userValue("quarkus.datasource.jdbc.max-size")).isEmpty();
        assertThat(new QuarkusSettings(new MapContext(maxSize)).userValue("quarkus.datasource.jdbc.max-size"))
                .hasValueSatisfying(value -> assertThat(value.getSourceName()).isEqualTo("application.properties"));
    }
}
