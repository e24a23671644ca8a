package dev.sharedsvc.cli;

import java.time.Duration;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.PasswordRotation;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rotate}: gives a service's application role (roles by duty) a new password without downtime, with
 * {@link PasswordRotation}; run again after an interruption, it finishes, or with {@code --rollback} undoes.
 */
@Command(name = "rotate", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Rotate a service's application password without downtime.",
        description = {"Gives the application login that may not log in the new password (both passwords then work),"
                + " waits until no session of the old login is left (move the service's pool meanwhile: restart it"
                + " with the new password, or call PasswordRotation.movePool), then retires the old login.",
                "Run it again after an interruption to finish; --rollback undoes a rotation that has not finished.",
                "Exit codes: 0 done, 1 failed or the old login still in use after --drain-timeout (nothing retired),"
                        + " 3 credentials rejected, 64 bad flag or setting."})
final class RotateCommand extends CliCommand {

    private static final String WHY = "rotate changes the application logins as the administrator";

    @Option(names = "--service", paramLabel = "NAME",
            description = "The service whose database and owner role are named after it. Default: SHAREDSVC_SERVICE.")
    String service;

    @Option(names = "--database", paramLabel = "NAME",
            description = "Its database, if not the service's name. Default: SHAREDSVC_POSTGRES_DATABASE.")
    String database;

    @Option(names = "--role", paramLabel = "ROLE",
            description = "Its owner role, if not the database's name. Default: SHAREDSVC_POSTGRES_ROLE.")
    String role;

    @Option(names = "--new-password-file", paramLabel = "FILE",
            description = "A file holding the new application password."
                    + " Default: SHAREDSVC_POSTGRES_APPLICATION_PASSWORD(_FILE).")
    String newPasswordFile;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "PT5M",
            description = "How long to wait for the old login's sessions to end before retiring it, ISO-8601;"
                    + " default PT5M.")
    Duration drainTimeout;

    @Option(names = "--begin", description = "Only begin: both passwords work until rotate runs again.")
    boolean beginOnly;

    @Option(names = "--rollback", description = "Undo a rotation to the new password that has not finished.")
    boolean rollback;

    @Mixin
    PostgresOptions postgres;

    @Override
    void addFlags(Inputs inputs) {
        inputs.flag("--service", Setting.SERVICE, service);
        inputs.flag("--database", Setting.POSTGRES_DATABASE, database);
        inputs.flag("--role", Setting.POSTGRES_ROLE, role);
        inputs.fileFlag("--new-password-file", Setting.POSTGRES_APPLICATION_PASSWORD, newPasswordFile);
        postgres.addTo(inputs);
    }

    @Override
    int run() {
        if (beginOnly && rollback) {
            throw new UsageException("--begin and --rollback exclude each other");
        }
        var settings = inputs.settings();
        String name = settings.text(Setting.POSTGRES_DATABASE).or(() -> settings.text(Setting.SERVICE))
                .orElseThrow(() -> inputs.missing(Setting.SERVICE, "rotate needs the service's database"));
        Secret password = settings.secret(Setting.POSTGRES_APPLICATION_PASSWORD)
                .orElseThrow(() -> inputs.missing(Setting.POSTGRES_APPLICATION_PASSWORD, "rotate needs the new password"));
        ServiceDatabase.Builder spec = ServiceDatabase.builder(name).applicationRole(password);
        settings.text(Setting.POSTGRES_ROLE).ifPresent(spec::owner);
        if (drainTimeout.isNegative()) {
            throw new UsageException("--drain-timeout must not be negative");
        }
        PostgresServer server = inputs.postgres(WHY);
        PostgresLogin adminLogin = inputs.admin(WHY, server);
        Readiness.of(Probe.postgres(server, adminLogin)).await(inputs.waitSettings());
        try (PostgresAdmin admin = PostgresAdmin.connect(server, adminLogin)) {
            PasswordRotation rotation = PasswordRotation.of(admin, spec.build());
            PasswordRotation.Result result = rollback ? rotation.rollback(password)
                    : beginOnly ? rotation.begin(password) : rotation.rotate(password, drainTimeout);
            System.out.println(result);
            return ExitCode.OK;
        }
    }
}
