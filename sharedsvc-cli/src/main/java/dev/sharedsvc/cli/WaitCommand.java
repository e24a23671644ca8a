package dev.sharedsvc.cli;

import java.util.ArrayList;
import java.util.List;

import dev.sharedsvc.config.Mode;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.bootstrap.ServiceProbes;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Waits until the configured PostgreSQL and Redis serve, with the library's waiter and deadline: a Docker Compose
 * health check or a Kubernetes init container.
 */
@Command(name = "wait", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Wait until PostgreSQL and Redis serve (a health check).",
        description = {"Wait until PostgreSQL (when a URL is set) and Redis (when a URL is set) serve: logged in and"
                + " answering, the same instance for --stable-count probes in a row. PostgreSQL is asked as the"
                + " administrator, or, when a service is named and no administrator password is set, as the"
                + " service's own role: with --pooled-url both through the pooler and directly.",
                "Exit codes: 0 ready, 1 deadline passed, 3 credentials rejected, 64 bad flag or setting,"
                        + " 130 interrupted."})
final class WaitCommand extends CliCommand {

    @Mixin
    PostgresOptions postgres;

    @Mixin
    ServiceRoleOptions serviceRole;

    @Option(names = "--pooled-url", paramLabel = "JDBC-URL",
            description = "A pooler in front of the server (PgBouncer), where the service's pool connects; with"
                    + " --service the service's role is awaited through it and directly. Default:"
                    + " SHAREDSVC_POSTGRES_POOLED_URL.")
    String pooledUrl;

    @Mixin
    RedisOptions redis;

    @Mixin
    WaitOptions waiting;

    @Override
    void addFlags(Inputs inputs) {
        postgres.addTo(inputs);
        serviceRole.addTo(inputs);
        inputs.flag("--pooled-url", Setting.POSTGRES_POOLED_URL, pooledUrl);
        redis.addTo(inputs);
        waiting.addTo(inputs);
    }

    @Override
    int run() {
        List<Probe> probes = new ArrayList<>();
        if (inputs.settings().text(Setting.POSTGRES_URL).isPresent()) {
            probes.addAll(postgresProbes());
        }
        inputs.settings().redisUrl().ifPresent(url -> probes.add(Probe.redis(url.uri())));
        if (probes.isEmpty()) {
            throw new UsageException("nothing to wait for: set --postgres-url or " + Setting.POSTGRES_URL.names()
                    + ", and/or --redis-url or " + Setting.REDIS_URL.names() + " (or REDIS_URL)");
        }
        System.out.println(Readiness.of(probes).await(inputs.waitSettings()));
        return ExitCode.OK;
    }

    /**
     * As bootstrap waits: the administrator when its password is set, else the named service's role (through its
     * pooler and directly, when it has one), whose rejected login is waited out until the deadline, as an init
     * container may still be creating the role.
     */
    private List<Probe> postgresProbes() {
        if (inputs.namesService()) {
            SharedServicesConfig config = inputs.service();
            if (config.mode() != Mode.ENSURE) {
                ServiceProbes service = ServiceProbes.of(config);
                List<Probe> probes = new ArrayList<>();
                probes.add(Probe.awaitingRole(service.postgres()));
                service.direct().map(Probe::awaitingRole).ifPresent(probes::add);
                return probes;
            }
        }
        String why = "wait logs in to PostgreSQL as the administrator, or as a named service (--service) with its"
                + " own password";
        PostgresServer server = inputs.postgres(why);
        return List.of(Probe.postgres(server, inputs.admin(why, server)));
    }
}
