package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ServiceDatabaseTest {

    @Test
    void databaseAndOwnerDefaultToTheServiceName() {
        ServiceDatabase service = ServiceDatabase.builder("keycloak").build();

        assertThat(service.database()).isEqualTo("keycloak");
        assertThat(service.owner()).isEqualTo("keycloak");
        assertThat(service.password()).isEmpty();
        assertThat(service.connectionLimit()).isEmpty();
    }

    @Test
    void multipleDatabasesSeedFormatGivesOneServicePerName() {
        assertThat(ServiceDatabase.fromMultipleDatabases("keycloak,backend"))
                .extracting(ServiceDatabase::database).containsExactly("keycloak", "backend");
        assertThat(ServiceDatabase.fromMultipleDatabases(" keycloak , backend ,, analytics "))
                .extracting(ServiceDatabase::owner).containsExactly("keycloak", "backend", "analytics");
    }

    @Test
    void multipleDatabasesRefusesEmptyAndRepeatedLists() {
        assertThatThrownBy(() -> ServiceDatabase.fromMultipleDatabases(" , "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no database");
        assertThatThrownBy(() -> ServiceDatabase.fromMultipleDatabases("a,b,a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names a twice");
    }

    @Test
    void reservedRoleNamesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ServiceDatabase.builder("pg_stats").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pg_");
        assertThatThrownBy(() -> ServiceDatabase.builder("app").owner("public"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved");
        assertThat(ServiceDatabase.builder("Public").build().owner()).isEqualTo("Public");
    }

    @Test
    void emptyNamesAndBadSettingsAreRefused() {
        assertThatThrownBy(() -> ServiceDatabase.builder("")).hasMessageContaining("database name must not be empty");
        assertThatThrownBy(() -> ServiceDatabase.builder("a").connectionLimit(-2)).hasMessageContaining("connectionLimit");
        assertThatThrownBy(() -> ServiceDatabase.builder("a").locale("C'; DROP")).hasMessageContaining("locale");
        assertThatThrownBy(() -> ServiceDatabase.builder("a").schemas("pg_x")).hasMessageContaining("pg_");
    }

    @Test
    void toStringNeverShowsThePassword() {
        ServiceDatabase service = ServiceDatabase.builder("app").password(Secret.of("hunter2-secret"))
                .extensions("pgcrypto").build();

        assertThat(service.toString()).contains("password=***").doesNotContain("hunter2");
        assertThat(Secret.of("hunter2-secret").toString()).isEqualTo("***");
    }

    @Test
    void templateStrategyAndCommentAreShownAndACommentWithNulIsRefused() {
        ServiceDatabase service = ServiceDatabase.builder("app").template("base").strategy(CopyStrategy.FILE_COPY)
                .comment("made by tests").build();

        assertThat(service.toString()).contains("template=base, strategy=FILE_COPY, comment=made by tests");
        assertThat(ServiceDatabase.builder("app").build().strategy()).isEqualTo(CopyStrategy.SERVER_DEFAULT);
        assertThatThrownBy(() -> ServiceDatabase.builder("app").comment("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> ServiceDatabase.builder("app").template("")).hasMessageContaining("template database name");
    }

    @Test
    void extensionsAndSchemasKeepTheirOrderWithoutRepeats() {
        ServiceDatabase service = ServiceDatabase.builder("app").extensions("b", "a").extensions("b")
                .schemas("s2", "s1").build();

        assertThat(service.extensions()).isEqualTo(List.of("b", "a"));
        assertThat(service.schemas()).isEqualTo(List.of("s2", "s1"));
    }
}
