package dev.sharedsvc.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisLayoutTest {

    static final String SEED_TABLE =
            "prod.broker=0, prod.cache=1, staging.broker=2, staging.cache=3, dev.broker=4, dev.cache=5";

    @Test
    void theSeedTableReadsFromOneLine() {
        RedisLayout layout = RedisLayout.parse(SEED_TABLE);

        assertThat(layout.resolve("prod", "cache").database()).isEqualTo(1);
        assertThat(layout.resolve("staging", "broker").database()).isEqualTo(2);
        assertThat(layout.resolve("dev", "cache").database()).isEqualTo(5);
        assertThat(layout.environments()).containsExactly("prod", "staging", "dev");
        assertThat(layout.purposes()).containsExactly("broker", "cache");
        assertThat(layout.databases()).isEqualTo(16);
        assertThat(layout).hasToString(SEED_TABLE);
    }

    @Test
    void propertiesYamlAndCodeFormsGiveTheSameLayout() {
        RedisLayout oneLine = RedisLayout.parse(SEED_TABLE);
        RedisLayout lines = RedisLayout.parse("\n  prod.broker = 0\n  prod.cache = 1;\nstaging.broker=2;staging.cache=3\r\n"
                + "dev.broker=4,\n dev.cache=5,\n");
        RedisLayout built = RedisLayout.builder()
                .assign("prod", "broker", 0).assign("prod", "cache", 1)
                .assign("staging", "broker", 2).assign("staging", "cache", 3)
                .assign("dev", "broker", 4).assign("dev", "cache", 5)
                .build();

        assertThat(lines).isEqualTo(oneLine).isEqualTo(built).hasSameHashCodeAs(oneLine);
    }

    @Test
    void cacheIsEvictableAndEveryOtherPurposeDurableUnlessDeclared() {
        RedisLayout layout = RedisLayout.parse("prod.broker=0, prod.cache=1, prod.sessions=2, prod.thumbnails=3,"
                + " thumbnails=evictable");

        assertThat(layout.resolve("prod", "broker").durability()).isEqualTo(Durability.DURABLE);
        assertThat(layout.resolve("prod", "sessions").durability()).isEqualTo(Durability.DURABLE);
        assertThat(layout.resolve("prod", "cache").durability()).isEqualTo(Durability.EVICTABLE);
        assertThat(layout.resolve("prod", "thumbnails").durability()).isEqualTo(Durability.EVICTABLE);
        assertThat(RedisLayout.parse("prod.cache=1, cache=durable").resolve("prod", "cache").durability())
                .isEqualTo(Durability.DURABLE);
    }

    @Test
    void declaringTheDefaultDurabilityChangesNothing() {
        assertThat(RedisLayout.parse("prod.cache=1, prod.broker=0, cache=evictable, broker=durable"))
                .isEqualTo(RedisLayout.parse("prod.cache=1, prod.broker=0"))
                .hasToString("prod.cache=1, prod.broker=0");
    }

    @Test
    void aSharedIndexNeedsEveryPairOnItMarkedShared() {
        RedisLayout shared = RedisLayout.parse("dev.cache=5 shared, test.cache=5 shared, dev.broker=4");
        assertThat(shared.resolve("test", "cache").database()).isEqualTo(5);
        assertThat(shared).hasToString("dev.cache=5 shared, test.cache=5 shared, dev.broker=4");

        assertThatThrownBy(() -> RedisLayout.parse("dev.cache=5 shared, test.cache=5"))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessageContaining("database 5 is assigned to dev.cache (shared), test.cache")
                .hasMessageContaining("mark every pair on it 'shared'");
        assertThatThrownBy(() -> RedisLayout.builder().assign("prod", "cache", 1).assign("staging", "cache", 1).build())
                .isInstanceOf(RedisLayoutException.class)
                .hasMessageContaining("database 1 is assigned to prod.cache, staging.cache");
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheKnownOnes() {
        RedisLayout layout = RedisLayout.parse(SEED_TABLE);
        assertThatThrownBy(() -> layout.resolve("qa", "cache"))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessage("Unknown Redis environment 'qa': the layout knows prod, staging, dev");
        assertThatThrownBy(() -> layout.targets("qa"))
                .hasMessage("Unknown Redis environment 'qa': the layout knows prod, staging, dev");
    }

    @Test
    void anUnknownPurposeIsNamedWithThePurposesOfItsEnvironment() {
        RedisLayout layout = RedisLayout.parse("prod.broker=0, prod.cache=1, dev.sessions=2");
        assertThatThrownBy(() -> layout.resolve("prod", "sessions"))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessage("No Redis purpose 'sessions' in environment 'prod': it has broker, cache"
                        + " (purposes in the whole layout: broker, cache, sessions)");
    }

    @Test
    void targetsOfAnEnvironmentComeInLayoutOrderOrAsAsked() {
        RedisLayout layout = RedisLayout.parse(SEED_TABLE);
        assertThat(layout.targets("staging")).extracting(RedisTarget::pair)
                .containsExactly("staging.broker", "staging.cache");
        assertThat(layout.targets("dev", "cache", "broker")).extracting(RedisTarget::database).containsExactly(5, 4);
        assertThat(layout.targets()).hasSize(6);
    }

    @Test
    void indexesMustBeNonNegativeAndBelowTheDatabaseCount() {
        assertThatThrownBy(() -> RedisLayout.builder().assign("prod", "cache", -1).build())
                .hasMessageContaining("prod.cache: index -1 is negative");
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=16"))
                .hasMessageContaining("prod.cache: index 16 is not below databases=16 (indexes 0 to 15)");
        assertThat(RedisLayout.parse("prod.cache=16, databases=32").resolve("prod", "cache").database()).isEqualTo(16);
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=0, databases=0"))
                .hasMessageContaining("databases=0 must be at least 1");
    }

    @Test
    void malformedEntriesAreQuoted() {
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=1, prod.broker"))
                .hasMessageContaining("entry 'prod.broker' has no '='");
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=one"))
                .hasMessageContaining("entry 'prod.cache=one': 'one' is not a database index");
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=1 sharde"))
                .hasMessageContaining("'1 sharde' is not a database index");
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=99999999999"))
                .hasMessageContaining("'99999999999' is not a database index");
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=1, cache=volatile"))
                .hasMessageContaining("entry 'cache=volatile' is not understood");
    }

    @Test
    void namesAreLowerCaseLettersDigitsDashAndUnderscore() {
        assertThat(RedisLayout.parse("eu-prod_2.celery-broker=0").resolve("eu-prod_2", "celery-broker").database())
                .isZero();
        assertThatThrownBy(() -> RedisLayout.parse("Prod.cache=1"))
                .hasMessageContaining("environment 'Prod' in Prod.cache is not a valid name");
        assertThatThrownBy(() -> RedisLayout.parse("prod.ca:che=1"))
                .hasMessageContaining("purpose 'ca:che' in prod.ca:che is not a valid name");
        assertThatThrownBy(() -> RedisLayout.parse("prod.=1"))
                .hasMessageContaining("purpose '' in prod. is not a valid name");
        assertThatThrownBy(() -> RedisLayout.parse("prod." + "c".repeat(33) + "=1"))
                .hasMessageContaining("use 1 to 32 lower-case letters");
    }

    @Test
    void aPairAssignedTwiceIsRejected() {
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=1, prod.cache=2"))
                .hasMessageContaining("prod.cache is assigned twice (1 and 2); keep one entry");
    }

    @Test
    void aDurabilityForAPurposeNoPairUsesIsRejected() {
        assertThatThrownBy(() -> RedisLayout.parse("prod.sessions=0, prod.cache=1, sesions=durable"))
                .hasMessageContaining("purpose 'sesions' is declared durable but no pair uses it;"
                        + " the purposes are cache, sessions");
    }

    @Test
    void anEmptyLayoutIsRejected() {
        assertThatThrownBy(() -> RedisLayout.parse(" , ;\n"))
                .hasMessage("Invalid Redis layout: it assigns no database; expected entries such as prod.cache=1");
    }

    @Test
    void everyProblemIsListedAtOnce() {
        assertThatThrownBy(() -> RedisLayout.parse("prod.cache=1, staging.cache=1, QA.cache=2, dev.cache=x"))
                .isInstanceOf(RedisLayoutException.class)
                .hasMessageContaining("'x' is not a database index")
                .hasMessageContaining("environment 'QA'")
                .hasMessageContaining("database 1 is assigned to prod.cache, staging.cache");
    }
}
