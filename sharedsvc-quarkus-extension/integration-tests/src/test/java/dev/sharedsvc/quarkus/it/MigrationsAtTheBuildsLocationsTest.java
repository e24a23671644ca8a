package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code sharedsvc.postgres.migrations} equal to the locations the application was built with
 * ({@code quarkus.flyway.locations}, a build-time key): Quarkus's Flyway runs exactly those, as the service's role.
 */
@QuarkusTest
@TestProfile(MigrationsAtTheBuildsLocationsTest.Profile.class)
class MigrationsAtTheBuildsLocationsTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("mig_equal", FrameworkKeys.FLYWAY_LOCATIONS + "=db/farewells",
                    "quarkus.sharedsvc.postgres.migrations=db/farewells");
        }
    }

    @Test
    void quarkusFlywayRanThoseLocationsAsTheServicesRole() throws SQLException {
        String service = FrameworkKeys.service("mig_equal");
        assertThat(FrameworkKeys.migratedTables(service)).isEqualTo("farewells:" + service);
    }
}
