package dev.sharedsvc.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

/** The generated configuration metadata documents every key the core reads, under its property name. */
class SharedServicesPropertiesTest {

    @Test
    void everyKeyIsDocumentedForIdes() throws Exception {
        Map<String, Object> metadata;
        try (InputStream json = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(json).as("spring-configuration-metadata.json generated").isNotNull();
            @SuppressWarnings("unchecked")
            Map<String, Object> read = JsonMapper.builder().build().readValue(json, Map.class);
            metadata = read;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
        List<String> names = new ArrayList<>();
        for (Map<String, Object> property : properties) {
            names.add((String) property.get("name"));
            assertThat((String) property.get("description")).as("description of %s", property.get("name"))
                    .isNotBlank();
        }
        assertThat(names).containsExactlyInAnyOrderElementsOf(OnSharedServicesCondition.KEYS);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.get("hints");
        assertThat(hints).extracting(hint -> hint.get("name"))
                .contains("sharedsvc.mode", "sharedsvc.redis.eviction-risk");
    }
}
