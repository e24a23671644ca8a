package dev.sharedsvc.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A JPA slice: {@code @DataJpaTest} would put an in-memory database in the DataSource's place; with tenants, Hibernate
 * validates its mapping against the tenant the application's migrations made, and each test's repository writes land
 * in a tenant of its own. The writes are committed (no test-managed transaction), so only a fresh tenant per test
 * leaves the second repetition with its own row alone.
 */
@DataJpaTest(properties = {"spring.autoconfigure.exclude=", "spring.jpa.hibernate.ddl-auto=validate"})
@Transactional(propagation = Propagation.NOT_SUPPORTED)
@AutoConfigureTenants
class JpaSliceTest {

    @Autowired
    private NoteRepository notes;

    @Autowired
    private DataSource dataSource;

    @RepeatedTest(2)
    void eachTestOfTheJpaSliceHasItsOwnMigratedTenant() {
        notes.save(new Note("mine"));

        assertThat(notes.findAll()).extracting(Note::text).containsExactly("mine");
        JdbcClient database = JdbcClient.create(dataSource);
        assertThat(database.sql("SELECT text FROM note").query(String.class).list()).isEqualTo(List.of("mine"));
        assertThat(database.sql("SELECT current_user").query(String.class).single())
                .isEqualTo(((TenantDataSource) dataSource).currentTenant().user());
    }
}
