package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresStatusTest {

    @Test
    void passwordLiteralsInQueryTextsAreHiddenEvenWhenTheTextWasCut() {
        assertThat(PostgresStatus.queryText("ALTER ROLE app WITH\n  PASSWORD 'it''s-Secret'  LOGIN"))
                .isEqualTo("ALTER ROLE app WITH PASSWORD '***' LOGIN");
        assertThat(PostgresStatus.queryText("create role x encrypted password E'abc"))
                .isEqualTo("create role x encrypted password '***'");
        assertThat(PostgresStatus.queryText("SELECT 'password' FROM t")).isEqualTo("SELECT 'password' FROM t");
    }

    @Test
    void longTextsAreCutTo200Characters() {
        assertThat(PostgresStatus.queryText("SELECT " + "x".repeat(500))).hasSize(200).endsWith("...");
    }

    @Test
    void settingUnitsAreReadAsBytes() {
        assertThat(PostgresStatus.unitBytes("8kB")).isEqualTo(8192);
        assertThat(PostgresStatus.unitBytes("kB")).isEqualTo(1024);
        assertThat(PostgresStatus.unitBytes(null)).isEqualTo(1);
        assertThat(Sizes.setting(128L << 20)).isEqualTo("128MB");
        assertThat(Sizes.setting(64)).isEqualTo("64B");
        assertThat(Sizes.parse("4MB")).isEqualTo(4L << 20);
        assertThat(Sizes.human(7_654_321)).isEqualTo("7.3 MB");
    }
}
