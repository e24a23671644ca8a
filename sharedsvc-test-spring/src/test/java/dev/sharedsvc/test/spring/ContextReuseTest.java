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
 * test, one after another or in parallel.
 */
class ContextReuseTest {

    static final Set<String> DATABASES = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void forget() {
        DATABASES.clear();
    }

    @Test
    void classesShareOneContextStartedOnceAndEachTestHasItsOwnTenant() {
        int before = NotesApplication.STARTS.get();

        EngineExecutionResults results = Kit.run(new Class<?>[] {First.class, Second.class, Third.class});

        Kit.assertSucceeded(results, 15);
        assertThat(NotesApplication.STARTS.get() - before).isEqualTo(1);
        assertThat(DATABASES).hasSize(15);
    }

    @Test
    void parallelClassesAndMethodsEachHaveTheirOwnTenant() {
        EngineExecutionResults results = Kit.run(new Class<?>[] {First.class, Second.class, Third.class},
                "junit.jupiter.execution.parallel.enabled=true",
                "junit.jupiter.execution.parallel.mode.default=concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default=concurrent",
                "junit.jupiter.execution.parallel.config.strategy=fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism=4");

        Kit.assertSucceeded(results, 15);
        assertThat(DATABASES).hasSize(15);
    }

    /** Writes a row and checks it is the only one: what fails if two tests ever share a tenant. */
    abstract static class Writer {

        @Autowired
        JdbcClient database;

        @RepeatedTest(5)
        void writesTheOnlyRow() {
            database.sql("INSERT INTO note (text) VALUES ('mine')").update();
            assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
            String current = database.sql("SELECT current_database()").query(String.class).single();
            assertThat(DATABASES.add(current)).as("no other test had %s", current).isTrue();
            IntStream.range(0, 3).forEach(i -> database.sql("SELECT pg_sleep(0.01)").query().listOfRows());
            assertThat(database.sql("SELECT count(*) FROM note").query(Long.class).single()).isEqualTo(1);
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

}
