package dev.sharedsvc.cli;

import java.util.List;

import dev.sharedsvc.health.Probe;
import dev.sharedsvc.health.Readiness;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code ensure} and {@code plan}: read what to provision ({@link Provisioning}), wait for the server as the
 * administrator with the library's waiter, then act on every database with one administrator connection.
 */
abstract class ProvisionCommand extends CliCommand {

    @Spec
    CommandSpec spec;

    @Mixin
    ServiceOptions services;

    @Mixin
    PostgresOptions postgres;

    @Mixin
    WaitOptions waiting;

    @Override
    void addFlags(Inputs inputs) {
        services.addTo(inputs);
        postgres.addTo(inputs);
        waiting.addTo(inputs);
    }

    @Override
    int run() {
        Provisioning provisioning = Provisioning.read(inputs, services.specFile());
        Readiness.of(Probe.postgres(provisioning.server(), provisioning.admin())).await(inputs.waitSettings());
        try (PostgresAdmin admin = PostgresAdmin.connect(provisioning.server(), provisioning.admin())) {
            return provision(admin, provisioning);
        }
    }

    /**
     * Acts on every database, then prints a summary such as {@code ensure on db:5432/postgres: 2 databases, 1 changed
     * (4 changes), 1 already in place}.
     */
    private int provision(PostgresAdmin admin, Provisioning provisioning) {
        int touched = 0;
        int changes = 0;
        for (ServiceDatabase database : provisioning.databases()) {
            int count = provision(admin, database);
            if (count > 0) {
                touched++;
                changes += count;
            }
        }
        int count = provisioning.databases().size();
        System.out.println(spec.name() + " on " + provisioning.server() + ": " + count
                + (count == 1 ? " database, " : " databases, ") + touched + " " + changed() + " (" + changes
                + (changes == 1 ? " change), " : " changes), ") + (count - touched) + " " + unchanged());
        return exitCode(touched);
    }

    /** Acts on one database, prints what it did or would do, and returns how many changes that is. */
    abstract int provision(PostgresAdmin admin, ServiceDatabase database);

    /** The summary's word for the databases with changes, such as {@code changed}. */
    abstract String changed();

    /** The summary's word for the others, such as {@code already in place}. */
    abstract String unchanged();

    /** The exit code when {@code touched} databases had changes. */
    abstract int exitCode(int touched);
}
