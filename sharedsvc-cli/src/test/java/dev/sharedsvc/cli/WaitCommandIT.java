package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;

/** {@code sharedsvc-cli wait}, run as the built jar: its exit codes against running, stopped and late servers. */
class WaitCommandIT {

    @Test
    void runningServersAreReadyAndTheExitCodeIsZero() {
        PostgresSettings postgres = Servers.postgres();
        RedisSettings redis = Servers.redis();

        Cli.Run run = Cli.run(env("SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl(), "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(), "REDIS_URL", redis.uri()), "wait", "--timeout", "30s");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("2 of 2 services ready", "postgresql " + postgres.host() + ":" + postgres.port(),
                "redis " + redis.host() + ":" + redis.port() + ": READY");
    }

    @Test
    void aServiceWithAPooledUrlIsAwaitedThroughThePoolerAndDirectly() throws Exception {
        String name = "cli_wait_pooled";
        PostgresSettings postgres = Servers.postgres();
        // The same server under another name stands in for a pooler: wait must ask both endpoints.
        String pooledHost = postgres.host().equals("localhost") ? "127.0.0.1" : "localhost";
        Map<String, String> env = Servers.oldScript("");
        env.put("SHAREDSVC_POSTGRES_PASSWORD", Cli.secret("pooled-Wait-1"));
        try {
            Cli.Run ensured = Cli.run(env, "ensure", "--service", name);
            assertThat(ensured.exitCode()).as(ensured.output()).isZero();
            env.remove("POSTGRES_PASSWORD"); // no administrator: wait asks as the service's role

            Cli.Run run = Cli.run(env, "wait", "--service", name, "--pooled-url", "jdbc:postgresql://" + pooledHost
                    + ":" + postgres.port() + "/postgres", "--timeout", "30s");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.out()).contains("2 of 2 services ready",
                    "postgresql " + pooledHost + ":" + postgres.port() + "/" + name + ": READY",
                    "postgresql " + postgres.host() + ":" + postgres.port() + "/" + name + ": READY");

            Cli.Run refused = Cli.run(env, "wait", "--service", name, "--pooled-url", "jdbc:postgresql://"
                    + pooledHost + ":" + postgres.port() + "/postgres?password=" + Cli.secret("in-Url-2"));
            assertThat(refused.exitCode()).as(refused.output()).isEqualTo(ExitCode.USAGE);
            assertThat(refused.err()).contains("sharedsvc.postgres.pooled-url", "carries password=...")
                    .doesNotContain("in-Url-2");
        } finally {
            Servers.drop(name);
        }
    }

    @Test
    void aStoppedServerMakesTheDeadlinePassWithExitCodeOne() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }

        Cli.Run run = Cli.run(env("POSTGRES_PASSWORD", Cli.secret("stopped-Secret-1")), "wait", "--postgres-url",
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "--timeout", "2s");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(ExitCode.FAILED);
        assertThat(run.err()).contains("not ready within 2.000 s", "NO_RESPONSE");
    }

    @Test
    void rejectedCredentialsExitWithThreeWithoutWaitingForTheDeadline() {
        PostgresSettings postgres = Servers.postgres();
        RedisSettings redis = Servers.redis();

        Cli.Run postgresRun = Cli.run(env("SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl(), "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", Cli.secret("wrong-Secret-1")), "wait", "--timeout", "60s");
        Cli.Run redisRun = Cli.run(env("SHAREDSVC_REDIS_URL", "redis://:" + Cli.secret("wrong-Secret-2") + "@"
                + redis.host() + ":" + redis.port()), "wait", "--timeout", "60s");

        assertThat(postgresRun.exitCode()).as(postgresRun.output()).isEqualTo(ExitCode.CREDENTIALS_REJECTED);
        assertThat(postgresRun.err()).contains("credentials rejected", "CREDENTIALS_REJECTED");
        assertThat(redisRun.exitCode()).as(redisRun.output()).isEqualTo(ExitCode.CREDENTIALS_REJECTED);
    }

    @Test
    void aServerStartedAfterTheCommandIsWaitedFor() throws Exception {
        try (EmbeddedPostgres late = EmbeddedPostgres.builder().superuserPassword(Cli.secret("late-Secret-1")).build()) {
            late.start(); // initdb now, so that the start below is a restart of a few hundred milliseconds
            late.stop();
            PostgresSettings settings = late.settings();
            Map<String, String> env = env("SHAREDSVC_POSTGRES_URL", settings.jdbcUrl(),
                    "SHAREDSVC_POSTGRES_ADMIN_USER", settings.user(), "SHAREDSVC_POSTGRES_ADMIN_PASSWORD",
                    settings.password());

            Process waiting = Cli.start(env, "wait", "--timeout", "90s", "--stable-count", "2");
            Thread.sleep(2_000); // pacing only: what proves the late start is the attempt count below
            assertThat(waiting.isAlive()).as("still waiting for the stopped server").isTrue();
            late.start();
            Cli.Run run = Cli.finish(waiting);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.out()).contains("1 of 1 services ready", "READY");
            // Two stable READY attempts plus at least one that found nothing listening: the command really
            // started before the server did, however slowly its JVM came up.
            Matcher attempts = Pattern.compile("(\\d+) attempts").matcher(run.out());
            assertThat(attempts.find()).as(run.out()).isTrue();
            assertThat(Integer.parseInt(attempts.group(1))).as(run.out()).isGreaterThanOrEqualTo(3);
        }
    }

    /** Issue 13, reproduction 5: {@code wait --service} started before an init container made the role. */
    @Test
    void aServiceWaitStartedBeforeItsRoleExistsWaitsForItThenAWrongPasswordFailsAtTheDeadline(@TempDir Path files)
            throws Exception {
        PostgresSettings postgres = Servers.postgres();
        String service = "wait_late_" + Long.toHexString(System.nanoTime());
        String password = Cli.secret("late-Role-Secret-1");
        Map<String, String> env = env("SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl());
        Process waiting = null;
        try {
            waiting = Cli.start(env, "wait", "--service", service, "--password-file",
                    Cli.secretFile(files, "password", password).toString(), "--timeout", "90s");
            Thread.sleep(3_000); // pacing only: the role appears while the command waits
            assertThat(waiting.isAlive()).as("still waiting for the role").isTrue();
            try (Connection admin = Servers.admin(); Statement statement = admin.createStatement()) {
                statement.execute("CREATE ROLE " + service + " LOGIN PASSWORD '" + password + "'");
                statement.execute("CREATE DATABASE " + service + " OWNER " + service);
            }
            Cli.Run run = Cli.finish(waiting);

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.out()).contains("1 of 1 services ready", "READY");
            // A refused attempt before the one that logged in: the command really waited for the role, however
            // slowly its JVM came up.
            Matcher attempts = Pattern.compile("(\\d+) attempts").matcher(run.out());
            assertThat(attempts.find()).as(run.out()).isTrue();
            assertThat(Integer.parseInt(attempts.group(1))).as(run.out()).isGreaterThanOrEqualTo(2);

            Cli.Run wrong = Cli.run(env, "wait", "--service", service, "--password-file",
                    Cli.secretFile(files, "wrong", Cli.secret("wrong-Role-Secret-2")).toString(), "--timeout", "2s");

            assertThat(wrong.exitCode()).as(wrong.output()).isEqualTo(ExitCode.FAILED);
            assertThat(wrong.err()).contains("CREDENTIALS_REJECTED",
                    "the role does not exist or its password is not the one given");
        } finally {
            if (waiting != null) {
                waiting.destroyForcibly();
            }
            try (Connection admin = Servers.admin(); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + service);
                statement.execute("DROP ROLE IF EXISTS " + service);
            }
        }
    }
}
