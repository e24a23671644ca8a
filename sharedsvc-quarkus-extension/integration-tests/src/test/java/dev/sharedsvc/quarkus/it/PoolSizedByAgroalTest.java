package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.bootstrap.SharedServices;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/** Only Quarkus's key sizes the pool: Agroal keeps that size, and the budget is checked for it. */
@QuarkusTest
@TestProfile(PoolSizedByAgroalTest.Profile.class)
class PoolSizedByAgroalTest {

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("pool_agroal", FrameworkKeys.AGROAL_SIZE + "=4");
        }
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SharedServices sharedServices;

    @Test
    void agroalKeepsItsSizeAndTheBudgetIsCheckedForIt() {
        assertThat(dataSource.getConfiguration().connectionPoolConfiguration().maxSize()).isEqualTo(4);
        assertThat(sharedServices.report().toString())
                .contains("up to 4 connections as " + FrameworkKeys.service("pool_agroal"));
    }
}
