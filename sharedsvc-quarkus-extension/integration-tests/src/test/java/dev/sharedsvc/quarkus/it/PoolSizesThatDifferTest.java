package dev.sharedsvc.quarkus.it;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/** The two keys of the pool's size disagree: the start is refused naming both, before anything is made. */
@QuarkusMainTest
@TestProfile(PoolSizesThatDifferTest.Profile.class)
class PoolSizesThatDifferTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("pool_differ", "quarkus.sharedsvc.postgres.pool-size=3", FrameworkKeys.AGROAL_SIZE + "=7");
        }
    }

    @Test
    void refusedNamingBothKeys(QuarkusMainLauncher launcher) throws SQLException {
        FrameworkKeys.assertRefused(launcher, "pool_differ", "sharedsvc.postgres.pool-size", FrameworkKeys.AGROAL_SIZE);
    }
}
