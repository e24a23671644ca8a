package dev.sharedsvc.benchmarks.peers;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.sharedsvc.test.spring.AutoConfigureTenants;

/** Side 3: sharedsvc in a Spring Boot test, the tenant swapped under the context's DataSource per test. */
@SpringBootTest(classes = BenchmarkApplication.class, properties = {
        "spring.flyway.locations=classpath:db/benchmark", "spring.main.banner-mode=off" })
@AutoConfigureTenants
class SharedsvcSpringTests {

    @Autowired
    JdbcClient database;

    @RepeatedTest(value = Rows.TESTS, name = "{currentRepetition}")
    void writesTheOnlyRow() {
        Rows.writeTheOnlyRow(database);
    }
}
