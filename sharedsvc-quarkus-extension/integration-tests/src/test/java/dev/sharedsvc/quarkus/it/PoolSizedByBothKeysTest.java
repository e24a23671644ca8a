package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.SharedServices;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Both keys state the same size: one pool of that size, checked against the budget. */
@QuarkusTest
@TestProfile(PoolSizedByBothKeysTest.Profile.class)
class PoolSizedByBothKeysTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("pool_both", "quarkus.sharedsvc.postgres.pool-size=3", FrameworkKeys.AGROAL_SIZE + "=3");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SharedServices sharedServices;

    @Test
    void onePoolOfThatSize() {
        assertThat(dataSource.getConfiguration().connectionPoolConfiguration().maxSize()).isEqualTo(3);
        assertThat(sharedServices.report().toString())
                .contains("up to 3 connections as " + FrameworkKeys.service("pool_both"));
    }
}
