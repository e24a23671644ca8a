package dev.sharedsvc.quarkus.it;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * Quarkus's Flyway locations are fixed when the application is built (here Quarkus's default, db/migration); a
 * {@code sharedsvc.postgres.migrations} that names others cannot be forwarded and is refused naming both keys.
 */
@QuarkusMainTest
@TestProfile(MigrationsThatDifferFromTheBuildTest.Profile.class)
class MigrationsThatDifferFromTheBuildTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("mig_differ", "quarkus.sharedsvc.postgres.migrations=db/farewells");
        }
    }

    @Test
    void refusedNamingBothKeys(QuarkusMainLauncher launcher) throws SQLException {
        FrameworkKeys.assertRefused(launcher, "mig_differ", "sharedsvc.postgres.migrations",
                FrameworkKeys.FLYWAY_LOCATIONS);
    }
}
