package dev.sharedsvc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresStatusTest {

    @Test
    void aQueryThatMentionsAPasswordIsHiddenWholeHoweverItQuotesIt() {
        for (String query : new String[] {
                "ALTER ROLE app WITH\n  PASSWORD 'it''s-Secret'  LOGIN",
                "create role x encrypted password E'abc",
                "ALTER ROLE a PASSWORD $$s3cret$$",
                "ALTER ROLE a PASSWORD E'ab\\'s3cret'",
                "SELECT dblink_connect('host=h password=s3cret')"}) {
            assertThat(PostgresStatus.queryText(query)).isEqualTo("(hidden: the query mentions a password)");
        }
        assertThat(PostgresStatus.queryText("SELECT  1\n FROM t")).isEqualTo("SELECT 1 FROM t");
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
