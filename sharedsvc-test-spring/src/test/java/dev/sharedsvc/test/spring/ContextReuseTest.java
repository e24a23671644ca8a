package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test classes with the same configuration share one application context, started once, and still get a tenant per
 * test, one after another or in parallel. A tenant's database may come back to a later test after a reset, never to
 * two tests at once, and always empty.
 */
class ContextReuseTest {

    /** The databases tests hold right now. */
    static final Set<String> IN_USE = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void forget() {
        IN_USE.clear();
    }

    @Test
    void classesShareOneContextStartedOnceAndEachTestHasItsOwnTenant() {
        int before = NotesApplication.STARTS.get();

        EngineExecutionResults results = Kit.run(new Class<?>[] {First.class, Second.class, Third.class});

        Kit.assertSucceeded(results, 15);
        assertThat(NotesApplication.STARTS.get() - before).isEqualTo(1);
    }

    @Test
    void parallelClassesAndMethodsEachHaveTheirOwnTenant() {
        EngineExecutionResults results = Kit.run(new Class<?>[] {First.class, Second.class, Third.class,
                OtherContext.class},
                "junit.jupiter.execution.parallel.enabled=true",
                "junit.jupiter.execution.parallel.mode.default=concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default=concurrent",
                "junit.jupiter.execution.parallel.config.strategy=fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism=4");

        Kit.assertSucceeded(results, 20);
    }

    /** Writes a row and checks it is the only one: what fails if two tests ever share a tenant. */
    abstract static class Writer {

        @Autowired
        JdbcClient database;

        @RepeatedTest(5)
        void writesTheOnlyRow() {
            String current = database.sql("SELECT current_database()").query(String.class).single();
            assertThat(IN_USE.add(current)).as("no other test holds %s now", current).isTrue();
            try {
                assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isZero();
                database.sql("INSERT INTO note (text) VALUES ('mine')").update();
                IntStream.range(0, 3).forEach(i -> database.sql("SELECT pg_sleep(0.01)").query().listOfRows());
                assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
            } finally {
                IN_USE.remove(current);
            }
        }
    }

    @Kit.Only
    @SpringBootTest(classes = NotesApplication.class, properties = "reuse=1")
    @AutoConfigureTenants
    static class First extends Writer {
    }

    @Kit.Only
    @SpringBootTest(classes = NotesApplication.class, properties = "reuse=1")
    @AutoConfigureTenants
    static class Second extends Writer {
    }

    @Kit.Only
    @SpringBootTest(classes = NotesApplication.class, properties = "reuse=1")
    @AutoConfigureTenants
    static class Third extends Writer {
    }

    /** A context of its own, whose tenants come from the same pool as the others'. */
    @Kit.Only
    @SpringBootTest(classes = NotesApplication.class, properties = "reuse=2")
    @AutoConfigureTenants
    static class OtherContext extends Writer {
    }

}
