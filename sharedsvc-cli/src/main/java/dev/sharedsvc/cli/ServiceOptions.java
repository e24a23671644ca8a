package dev.sharedsvc.cli;

import java.nio.file.Path;

import dev.sharedsvc.config.Setting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which databases and roles {@code ensure} and {@code plan} act on: flags over the settings, or a spec file. */
final class ServiceOptions {

    @Option(names = "--spec", paramLabel = "FILE",
            description = "A spec file listing several services (see the README); then only its services are"
                    + " provisioned, and the flags below are not used.")
    Path spec;

    @Mixin
    ServiceRoleOptions serviceRole;

    @Option(names = "--database", paramLabel = "NAME", description = "The service's database. Default: the service name.")
    String database;

    @Option(names = "--role", paramLabel = "NAME", description = "The role that owns it. Default: the database name.")
    String role;

    @Option(names = "--connection-limit", paramLabel = "N",
            description = "The role's connection limit: -1 none, 0 no connections, or a number.")
    String connectionLimit;

    @Option(names = "--extensions", paramLabel = "LIST", description = "Extensions the database must have, comma-separated.")
    String extensions;

    @Option(names = "--schemas", paramLabel = "LIST", description = "Schemas the database must have, comma-separated.")
    String schemas;

    @Option(names = "--databases", paramLabel = "LIST",
            description = "More databases, each owned by a role of its name whose password is <NAME>_PASSWORD or"
                    + " <NAME>_PASSWORD_FILE, as POSTGRES_MULTIPLE_DATABASES. Default:"
                    + " SHAREDSVC_POSTGRES_OTHER_DATABASES, POSTGRES_MULTIPLE_DATABASES.")
    String databases;

    /** The spec file, read; {@code null} without {@code --spec}. */
    SpecFile specFile() {
        if (spec == null) {
            return null;
        }
        if (serviceRole.given() || database != null || role != null || connectionLimit != null || extensions != null
                || schemas != null || databases != null) {
            throw new UsageException("--spec names every service to provision; give the service flags (--service,"
                    + " --database, ...) in the spec file instead");
        }
        return SpecFile.read(spec);
    }

    void addTo(Inputs inputs) {
        serviceRole.addTo(inputs);
        inputs.flag("--database", Setting.POSTGRES_DATABASE, database);
        inputs.flag("--role", Setting.POSTGRES_ROLE, role);
        inputs.flag("--connection-limit", Setting.POSTGRES_CONNECTION_LIMIT, connectionLimit);
        inputs.flag("--extensions", Setting.POSTGRES_EXTENSIONS, extensions);
        inputs.flag("--schemas", Setting.POSTGRES_SCHEMAS, schemas);
        inputs.flag("--databases", Setting.POSTGRES_OTHER_DATABASES, databases);
    }
}
