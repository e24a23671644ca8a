package dev.sharedsvc.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;

import dev.sharedsvc.health.PostgresProbe;
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
        AtomicReference<Connection> probed = new AtomicReference<>();
        try {
            Readiness.of(PostgresProbe.keeping(provisioning.server(), provisioning.admin(), "sharedsvc-cli",
                    connection -> close(probed.getAndSet(connection)))).await(inputs.waitSettings());
        } catch (RuntimeException e) {
            close(probed.get());
            throw e;
        }
        // The probe's login is the pooler check's second session, so a warm run logs in twice, not three times.
        try (PostgresAdmin admin = PostgresAdmin.connect(provisioning.server(), provisioning.admin(), probed.get())) {
            return provision(admin, provisioning);
        }
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // a probe's connection nobody uses any more
            }
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
