package dev.sharedsvc.quarkus.it;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;

/**
 * {@code pool-size=0} means "no pool", which contradicts Agroal's pool: refused, instead of Agroal running at its
 * own default size with the connection budget left unchecked.
 */
@QuarkusMainTest
@TestProfile(PoolSizeZeroTest.Profile.class)
class PoolSizeZeroTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("pool_zero", "quarkus.sharedsvc.postgres.pool-size=0");
        }
    }

    @Test
    void refusedNamingTheKey(QuarkusMainLauncher launcher) throws SQLException {
        FrameworkKeys.assertRefused(launcher, "pool_zero", "sharedsvc.postgres.pool-size", "is 0");
    }
}
