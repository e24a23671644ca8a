package dev.sharedsvc.benchmarks.peers;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.zonky.test.db.AutoConfigureEmbeddedDatabase;

/** Side 4: zonky embedded-database-spring-test, a new database under the context's DataSource after each test. */
@SpringBootTest(classes = BenchmarkApplication.class, properties = {
        "spring.flyway.locations=classpath:db/benchmark", "spring.main.banner-mode=off" })
@AutoConfigureEmbeddedDatabase(type = AutoConfigureEmbeddedDatabase.DatabaseType.POSTGRES,
        provider = AutoConfigureEmbeddedDatabase.DatabaseProvider.ZONKY,
        refresh = AutoConfigureEmbeddedDatabase.RefreshMode.AFTER_EACH_TEST_METHOD)
class ZonkySpringTests {

    @Autowired
    JdbcClient database;

    @RepeatedTest(value = Rows.TESTS, name = "{currentRepetition}")
    void writesTheOnlyRow() {
        Rows.writeTheOnlyRow(database);
    }
}
