package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;

class PostgresReleasesTest {

    @Test
    void eachSupportedMajorEndsOnTheDayOfItsFinalRelease() {
        assertThat(PostgresReleases.endOfLife(13)).contains(LocalDate.of(2025, 11, 13));
        assertThat(PostgresReleases.endOfLife(14)).contains(LocalDate.of(2026, 11, 12));
        assertThat(PostgresReleases.endOfLife(15)).contains(LocalDate.of(2027, 11, 11));
        assertThat(PostgresReleases.endOfLife(16)).contains(LocalDate.of(2028, 11, 9));
        assertThat(PostgresReleases.endOfLife(17)).contains(LocalDate.of(2029, 11, 8));
        assertThat(PostgresReleases.endOfLife(18)).contains(LocalDate.of(2030, 11, 14));
    }

    @Test
    void aMajorIsPastItsEndOfLifeTheDayAfterAndThenWarned() {
        LocalDate last = LocalDate.of(2026, 11, 12);

        assertThat(PostgresReleases.warning(14, last)).isEmpty();
        assertThat(PostgresReleases.warning(14, last.plusDays(1))).hasValueSatisfying(warning -> assertThat(warning)
                .startsWith("PostgreSQL 14 reached its community end of life on 2026-11-12"));
        assertThat(PostgresReleases.describe(14, last.plusDays(1))).isEqualTo("end of life since 2026-11-12");
        assertThat(PostgresReleases.describe(18, last)).isEqualTo("community support until 2030-11-14");
        assertThat(PostgresReleases.pastEndOfLife(12, last)).isTrue();
        assertThat(PostgresReleases.pastEndOfLife(19, last)).isFalse();
    }
}
