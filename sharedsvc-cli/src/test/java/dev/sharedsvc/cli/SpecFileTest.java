package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

class SpecFileTest {

    @TempDir
    Path files;

    private Path spec(String... lines) throws IOException {
        return Files.writeString(files.resolve("spec.properties"), String.join("\n", lines));
    }

    private static SettingSource environment(Map<String, String> variables) {
        return SettingSource.from(variables::get, name -> null);
    }

    @Test
    void servicesComeInTheListedOrderWithTheirKeysAndSharedSettings() throws IOException {
        Path password = Files.writeString(files.resolve("app-password"), "app-Secret-1\n");
        SpecFile spec = SpecFile.read(spec(
                "postgres.url=jdbc:postgresql://db:5432/postgres",
                "services = keycloak, my.app",
                "service.my.app.postgres.database=app",
                "service.my.app.postgres.password-file=" + password,
                "service.my.app.postgres.extensions=pgcrypto, citext",
                "service.keycloak.postgres.connection-limit=50"));

        List<ServiceDatabase> databases = spec.databases(environment(Map.of("KEYCLOAK_PASSWORD", "kc-Secret-1")));

        assertThat(spec.services()).containsExactly("keycloak", "my.app");
        assertThat(spec.shared(Setting.POSTGRES_URL.property())).isEqualTo("jdbc:postgresql://db:5432/postgres");
        assertThat(spec.sets(Setting.POSTGRES_URL)).isTrue();
        assertThat(databases.get(0).database()).isEqualTo("keycloak");
        assertThat(databases.get(0).connectionLimit()).hasValue(50);
        assertThat(databases.get(0).password()).contains(Secret.of("kc-Secret-1"));
        assertThat(databases.get(1).database()).isEqualTo("app");
        assertThat(databases.get(1).owner()).isEqualTo("app");
        assertThat(databases.get(1).password()).contains(Secret.of("app-Secret-1"));
        assertThat(databases.get(1).extensions()).containsExactly("pgcrypto", "citext");
    }

    @Test
    void withoutAListTheServicesAreTheConfiguredOnesByName() throws IOException {
        SpecFile spec = SpecFile.read(spec("service.b.postgres.schemas=app", "service.a.postgres.role=a_owner"));

        assertThat(spec.services()).containsExactly("a", "b");
        assertThat(spec.databases(environment(Map.of())).get(0).password()).isEqualTo(Optional.empty());
    }

    @Test
    void mistakesAreOneLineNamingTheFileAndTheKey() throws IOException {
        assertThatThrownBy(() -> SpecFile.read(spec("service.a.postgres.admin-password=x")))
                .isInstanceOf(UsageException.class).hasMessageContaining("unknown key service.a.postgres.admin-password"
                        + " (a spec file holds no secret").hasMessageNotContaining("\n");
        assertThatThrownBy(() -> SpecFile.read(spec("postgres.password=x")))
                .hasMessageContaining("unknown key postgres.password (a spec file holds no secret");
        assertThatThrownBy(() -> SpecFile.read(spec("services=a", "service.b.postgres.role=x")))
                .hasMessageContaining("service.b.* configures a service that services does not list (a)");
        assertThatThrownBy(() -> SpecFile.read(spec("services=a,a")))
                .hasMessageContaining("services names a twice");
        assertThatThrownBy(() -> SpecFile.read(spec("# nothing")))
                .hasMessageContaining("lists no service");
        assertThatThrownBy(() -> SpecFile.read(spec("service.a.postgres.role=pg_admin")).databases(environment(Map.of())))
                .hasMessageContaining("service a: ").hasMessageContaining("pg_");
        assertThatThrownBy(() -> SpecFile.read(spec("service.a.postgres.password-file=" + files.resolve("none")))
                .databases(environment(Map.of())))
                .hasMessageStartingWith("spec file " + files.resolve("spec.properties") + ": service.a.postgres.password:")
                .hasMessageContaining("cannot be read");
    }
}
