package dev.sharedsvc.benchmarks.peers;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedsvc.test.FromTenant;
import dev.sharedsvc.test.IsolatedTenants;

/** Side 1: sharedsvc in plain JUnit, a tenant per test. */
@IsolatedTenants(migrations = "classpath:db/benchmark")
class SharedsvcPlainTests {

    @FromTenant
    DataSource dataSource;

    @RepeatedTest(value = Rows.TESTS, name = "{currentRepetition}")
    void writesTheOnlyRow() {
        Rows.writeTheOnlyRow(JdbcClient.create(dataSource));
    }
}
