package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * {@code sharedsvc.postgres.migrations} set, {@code quarkus.flyway.locations} not: the application was built with
 * Quarkus's default location, db/migration, and a sharedsvc value equal to it is accepted.
 */
@QuarkusTest
@TestProfile(MigrationsAtQuarkusDefaultTest.Profile.class)
class MigrationsAtQuarkusDefaultTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("mig_default", "quarkus.sharedsvc.postgres.migrations=db/migration");
        }
    }

    @Test
    void quarkusFlywayRanTheDefaultLocationAsTheServicesRole() throws SQLException {
        String service = FrameworkKeys.service("mig_default");
        assertThat(FrameworkKeys.migratedTables(service)).isEqualTo("greetings:" + service);
    }
}
