package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.RedisSettings;

/** {@code sharedsvc-cli redis}, run as the built jar against the test Redis. */
class RedisCommandIT {

    private static final String LAYOUT = "prod.broker=0, prod.cache=1, staging.broker=2, staging.cache=3";

    @Test
    void printsEachPurposesDatabaseAndMaskedUriAndChecksTheServer() {
        RedisSettings redis = Servers.redis();
        String address = redis.host() + ":" + redis.port();

        Cli.Run run = Cli.run(env("SHAREDSVC_REDIS_URL", redis.uri(), "SHAREDSVC_REDIS_LAYOUT", LAYOUT),
                "redis", "--environment", "staging");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out())
                .contains("server: redis://:***@" + address + " (from SHAREDSVC_REDIS_URL)")
                .containsPattern("staging\\.broker +durable +2 +- +redis://:\\*\\*\\*@" + address + "/2")
                .containsPattern("staging\\.cache +evictable +3 +- +redis://:\\*\\*\\*@" + address + "/3")
                .contains("Redis " + address + ": Redis", "0 errors, 0 warnings")
                .doesNotContainPattern("(?m)^ *prod\\.");
    }

    @Test
    void anIndexBeyondTheServersDatabasesIsAnErrorWithExitCodeOne() {
        RedisSettings redis = Servers.redis();

        Cli.Run run = Cli.run(env("REDIS_URL", redis.uri()), "redis",
                "--layout", "prod.cache=1, prod.broker=99, databases=100", "--environment", "prod", "--purposes", "broker");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.out()).contains("(from REDIS_URL)", "ERROR: prod.broker: database 99 does not exist");
    }

    @Test
    void offlineResolvesWithoutAServerAndAnUnknownEnvironmentIsNamed() {
        Cli.Run offline = Cli.run(env("SHAREDSVC_REDIS_LAYOUT", LAYOUT), "redis", "--environment", "prod",
                "--purposes", "cache", "--offline");
        Cli.Run unknown = Cli.run(env("SHAREDSVC_REDIS_LAYOUT", LAYOUT), "redis", "--environment", "qa", "--offline");

        assertThat(offline.exitCode()).as(offline.output()).isZero();
        assertThat(offline.out()).containsPattern("prod\\.cache +evictable +1 +- +-");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).isEqualTo("redis: sharedsvc.environment (SHAREDSVC_ENVIRONMENT): Unknown Redis"
                + " environment 'qa': the layout knows prod, staging (given as --environment)\n");
    }
}
