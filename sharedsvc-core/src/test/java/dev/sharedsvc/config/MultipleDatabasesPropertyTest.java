package dev.sharedsvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * {@code POSTGRES_MULTIPLE_DATABASES} means the same to a service's configuration, to the command line and to
 * {@link ServiceDatabase#fromMultipleDatabases}: the same databases in the same order, or a refusal from both.
 */
class MultipleDatabasesPropertyTest {

    @Property(tries = 300)
    void theConfigurationReadsTheListAsTheOldScriptDid(@ForAll("lists") String value) {
        Map<String, String> env = Map.of("POSTGRES_MULTIPLE_DATABASES", value);
        Throwable configRefusal = catchThrowable(() -> SettingSource.from(env::get, name -> null).otherDatabases());
        Throwable specRefusal = catchThrowable(() -> ServiceDatabase.fromMultipleDatabases(value));

        assertThat(configRefusal == null).as("both accept or both refuse '%s'", value).isEqualTo(specRefusal == null);
        if (configRefusal == null) {
            assertThat(names(SettingSource.from(env::get, name -> null).otherDatabases()))
                    .isEqualTo(names(ServiceDatabase.fromMultipleDatabases(value)));
        } else {
            assertThat(configRefusal).isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("POSTGRES_MULTIPLE_DATABASES");
        }
    }

    @Provide
    Arbitrary<String> lists() {
        Arbitrary<String> name = Arbitraries.of("keycloak", "backend", "analytics", "a", "x".repeat(64), "pg_x");
        Arbitrary<String> separator = Arbitraries.of(",", " , ", ",,", ", ", " ");
        // A blank value counts as unset, as for every setting; a value of separators only is a list of nothing.
        return Arbitraries.oneOf(Arbitraries.of(",", " , ", ",,"),
                name.list().ofMinSize(1).ofMaxSize(4).flatMap(names -> separator.list().ofSize(names.size())
                        .map(separators -> join(names, separators))));
    }

    private static String join(List<String> names, List<String> separators) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(names.get(i)).append(i < names.size() - 1 ? separators.get(i) : "");
        }
        return text.toString();
    }

    private static List<String> names(List<ServiceDatabase> databases) {
        return databases.stream().map(ServiceDatabase::database).toList();
    }
}
