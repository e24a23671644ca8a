package dev.sharedsvc.quarkus;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigValue;

/** A configuration being built, as the test gives it: every value from one source of the given name and ordinal. */
final class MapContext implements ConfigSourceContext {

    private final Map<String, String> values;
    private final String source;
    private final int ordinal;

    MapContext(Map<String, String> values) {
        this(values, "application.properties", 250);
    }

    MapContext(Map<String, String> values, String source, int ordinal) {
        this.values = new HashMap<>(values);
        this.source = source;
        this.ordinal = ordinal;
    }

    @Override
    public ConfigValue getValue(String name) {
        ConfigValue.ConfigValueBuilder value = ConfigValue.builder().withName(name);
        if (values.containsKey(name)) {
            value.withValue(values.get(name)).withConfigSourceName(source).withConfigSourceOrdinal(ordinal);
        }
        return value.build();
    }

    @Override
    public Iterator<String> iterateNames() {
        return values.keySet().iterator();
    }
}
