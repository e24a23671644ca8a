package dev.sharedsvc.cli;

import java.util.ArrayList;
import java.util.List;

import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * What {@code ensure} and {@code plan} act on: the server, its administrator, and the databases with their roles,
 * taken from the first of these that is given:
 * <ol>
 *   <li>a spec file ({@code --spec}): its services;</li>
 *   <li>a service ({@code --service} or {@code SHAREDSVC_SERVICE}): read as the service reads its configuration,
 *       with its other databases, so that the line a service in verify mode prints provisions exactly it;</li>
 *   <li>databases ({@code --databases}, {@code SHAREDSVC_POSTGRES_OTHER_DATABASES} or the old script's
 *       {@code POSTGRES_MULTIPLE_DATABASES}): each owned by a role of its name with the password
 *       {@code <NAME>_PASSWORD} or {@code <NAME>_PASSWORD_FILE}.</li>
 * </ol>
 *
 * @param server    the server, its database the maintenance database the administrator connects to
 * @param admin     the administrator's login
 * @param databases the databases, in order
 */
record Provisioning(PostgresServer server, PostgresLogin admin, List<ServiceDatabase> databases) {

    private static final String WHY = "ensure and plan read and change the server as its administrator";

    static Provisioning read(Inputs inputs, SpecFile spec) {
        if (spec != null) {
            inputs.spec(spec);
            PostgresServer server = inputs.postgres(WHY);
            return new Provisioning(server, inputs.admin(WHY, server), spec.databases(inputs.settings()));
        }
        if (inputs.namesService()) {
            SharedServicesConfig config = inputs.service();
            List<ServiceDatabase> databases = new ArrayList<>();
            databases.add(config.serviceDatabase());
            databases.addAll(config.otherDatabases());
            return new Provisioning(config.postgres(), inputs.admin(WHY, config.postgres()), databases);
        }
        List<ServiceDatabase> databases = inputs.settings().otherDatabases();
        if (databases.isEmpty()) {
            throw new UsageException("nothing to provision: name a service (--service or SHAREDSVC_SERVICE), databases"
                    + " (--databases, SHAREDSVC_POSTGRES_OTHER_DATABASES or POSTGRES_MULTIPLE_DATABASES) or a spec"
                    + " file (--spec)");
        }
        PostgresServer server = inputs.postgres(WHY);
        return new Provisioning(server, inputs.admin(WHY, server), databases);
    }
}
