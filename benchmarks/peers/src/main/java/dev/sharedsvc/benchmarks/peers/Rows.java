package dev.sharedsvc.benchmarks.peers;

import org.springframework.jdbc.core.simple.JdbcClient;

/** The body of every test of every side: write a row, and check it is the only one. */
final class Rows {

    /** Every side's test class has this many tests. */
    static final int TESTS = 200;

    private Rows() {
    }

    static void writeTheOnlyRow(JdbcClient database) {
        database.sql("INSERT INTO audit_log (actor, action) VALUES ('test', 'write')").update();
        long rows = database.sql("SELECT count(*) FROM audit_log").query(Long.class).single();
        if (rows != 1) {
            throw new AssertionError("expected the test's row alone, found " + rows + " rows");
        }
    }
}
