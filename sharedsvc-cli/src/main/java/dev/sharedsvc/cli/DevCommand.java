package dev.sharedsvc.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.embedded.DevServersException;
import dev.sharedsvc.internal.DevServices;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dev up | status | down}: the machine's shared development PostgreSQL and Redis, which services run for
 * development start or join by themselves. {@code up} and {@code status} print, as shell lines a script can
 * {@code source}, the settings a service needs; no password is printed, only the files that hold them.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        header = "Start, show or stop the shared development PostgreSQL and Redis.",
        description = {"The development servers every service on this machine shares when it runs for development"
                + " with no server configured: one embedded PostgreSQL and one Redis, data in one directory, started"
                + " by the first service (or 'dev up') and stopped by 'dev down' or after the idle timeout.",
                "Output of up and status: shell assignments (source them, or copy them into a .env file) with the"
                        + " passwords left in their files; comments say what runs where."},
        subcommands = {DevCommand.Up.class, DevCommand.Status.class, DevCommand.Down.class})
final class DevCommand implements Runnable {

    @Override
    public void run() {
        throw new UsageException("name a subcommand: dev up, dev status or dev down");
    }

    /** The flags of every subcommand: the dev-services settings, over SHAREDSVC_DEV_SERVICES_*. */
    abstract static class Base extends CliCommand {

        @Option(names = "--postgres-port", paramLabel = "PORT",
                description = "PostgreSQL port (default 54329; SHAREDSVC_DEV_SERVICES_POSTGRES_PORT).")
        String postgresPort;

        @Option(names = "--redis-port", paramLabel = "PORT",
                description = "Redis port (default 63799; SHAREDSVC_DEV_SERVICES_REDIS_PORT).")
        String redisPort;

        @Option(names = "--directory", paramLabel = "DIR",
                description = "Data, logs and password files (default ~/.sharedsvc/dev; SHAREDSVC_DEV_SERVICES_DIRECTORY).")
        String directory;

        @Override
        void addFlags(Inputs inputs) {
            inputs.flag("--postgres-port", Setting.DEV_SERVICES_POSTGRES_PORT, postgresPort);
            inputs.flag("--redis-port", Setting.DEV_SERVICES_REDIS_PORT, redisPort);
            inputs.flag("--directory", Setting.DEV_SERVICES_DIRECTORY, directory);
            addMoreFlags(inputs);
        }

        void addMoreFlags(Inputs inputs) {
        }

        /** The servers as the settings describe them. */
        DevServers servers() {
            DevServices settings = DevServices.from(inputs.settings());
            DevServers.Builder builder = DevServers.builder();
            settings.postgresPort().ifPresent(builder::postgresPort);
            settings.redisPort().ifPresent(builder::redisPort);
            settings.directory().ifPresent(builder::directory);
            settings.idleTimeout().ifPresent(builder::idleTimeout);
            settings.postgresVersion().ifPresent(builder::postgresVersion);
            return builder.build();
        }

        @Override
        final int run() {
            try {
                return runDev();
            } catch (DevServersException | IllegalArgumentException e) {
                throw new Failure(ExitCode.FAILED, e.getMessage(), e);
            }
        }

        abstract int runDev();
    }

    @Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Start the shared development servers, or join them when they run, and print their settings.",
            description = {"With --service NAME, also make that service's database and login role (as 'ensure'"
                    + " does; the role's password is generated once into a file) and print the settings a non-Java"
                    + " service such as Keycloak reads (KC_DB_*).",
                    "Exit codes: 0 running, 1 failed (port taken, other PostgreSQL version, directory not writable),"
                            + " 64 bad flag or setting."})
    static final class Up extends Base {

        @Option(names = "--idle-timeout", paramLabel = "DURATION",
                description = "Stop after this long without clients, 0s for never (default 30m;"
                        + " SHAREDSVC_DEV_SERVICES_IDLE_TIMEOUT). Applies when this start launches them.")
        String idleTimeout;

        @Option(names = "--postgres-version", paramLabel = "MAJOR",
                description = "PostgreSQL major version, 13 to 18 (default 18; SHAREDSVC_DEV_SERVICES_POSTGRES_VERSION).")
        String postgresVersion;

        @Option(names = "--service", paramLabel = "NAME",
                description = "Make this service's database and role, and print its settings.")
        String service;

        @Override
        void addMoreFlags(Inputs inputs) {
            inputs.flag("--idle-timeout", Setting.DEV_SERVICES_IDLE_TIMEOUT, idleTimeout);
            inputs.flag("--postgres-version", Setting.DEV_SERVICES_POSTGRES_VERSION, postgresVersion);
        }

        @Override
        int runDev() {
            DevServers.Status status = servers().startOrJoin();
            System.out.print(describe(status));
            if (service != null) {
                System.out.print(provision(status, service));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Show whether the shared development servers run, and their settings.",
            description = "Exit codes: 0 running, 1 not running, 64 bad flag or setting.")
    static final class Status extends Base {

        @Override
        int runDev() {
            Optional<DevServers.Status> status = servers().status();
            if (status.isEmpty()) {
                System.out.println("# The shared development servers do not run (" + servers()
                        + "). Start them: sharedsvc-cli dev up");
                return ExitCode.FAILED;
            }
            System.out.print(describe(status.get()));
            return ExitCode.OK;
        }
    }

    @Command(name = "down", mixinStandardHelpOptions = true, sortOptions = false,
            header = "Stop the shared development servers; their data stays for the next start.",
            description = "Exit codes: 0 stopped or not running, 1 failed, 64 bad flag or setting.")
    static final class Down extends Base {

        @Override
        int runDev() {
            DevServers servers = servers();
            System.out.println(servers.stop() ? "# Stopped the shared development servers; data kept in "
                    + DevServices.from(inputs.settings()).directory().orElse(DevServers.defaultDirectory())
                    : "# The shared development servers were not running.");
            return ExitCode.OK;
        }
    }

    /** The servers as comments, then the settings of a service that uses sharedsvc, as shell assignments. */
    static String describe(DevServers.Status status) {
        StringBuilder out = new StringBuilder();
        out.append("# Shared development servers ").append(status.startedNow() ? "started" : "running")
                .append(" (data and logs in ").append(status.directory()).append("; stop: sharedsvc-cli dev down)\n");
        out.append("#   PostgreSQL ").append(status.postgresVersion()).append(": ").append(status.postgres().jdbcUrl())
                .append(", administrator ").append(status.postgres().user()).append(", password in ")
                .append(status.postgresPasswordFile()).append('\n');
        out.append("#   Redis: ").append(status.redisAddress()).append(", password in ")
                .append(status.redisPasswordFile()).append('\n');
        out.append("# A service configured with sharedsvc's keys (it then makes its own database, role and Redis"
                + " databases):\n");
        Map<Setting, String> supplied = DevServices.serviceSettings(SettingSource.from(name -> null, name -> null),
                status.postgres().jdbcUrl(), status.postgres().user(), status.postgresPasswordFile(),
                status.redisUrlFile(), status::servicePasswordFile);
        supplied.forEach((setting, value) -> out.append(DevServices.environmentVariable(setting)).append('=')
                .append(shellQuote(value)).append('\n'));
        return out.toString();
    }

    /** Ensures the service's database and role, and returns its settings for a non-Java service. */
    private static String provision(DevServers.Status status, String service) {
        Path passwordFile = status.servicePasswordFile(service);
        Secret password = Secret.of(read(passwordFile));
        ServiceDatabase database = ServiceDatabase.builder(service).password(password).build();
        try (PostgresAdmin admin = PostgresAdmin.connect(status.postgres().jdbcUrl(), status.postgres().user(),
                Secret.of(status.postgres().password()))) {
            admin.ensure(database);
        }
        String url = status.postgres().jdbcUrl(database.database());
        List<String> lines = new ArrayList<>();
        lines.add("# Service " + service + ": database " + database.database() + ", role " + database.owner()
                + ", password in " + passwordFile);
        lines.add("SHAREDSVC_SERVICE=" + shellQuote(service));
        lines.add(Setting.POSTGRES_PASSWORD.fileEnvironmentVariable().orElseThrow() + "=" + shellQuote(passwordFile.toString()));
        lines.add("# Keycloak (and other non-Java services): the password is read from its file when sourced.");
        lines.add("KC_DB=postgres");
        lines.add("KC_DB_URL=" + shellQuote(url));
        lines.add("KC_DB_USERNAME=" + shellQuote(database.owner()));
        lines.add("KC_DB_PASSWORD=\"$(cat " + shellQuote(passwordFile.toString()) + ")\"");
        lines.add("REDIS_URL=\"$(cat " + shellQuote(status.redisUrlFile().toString()) + ")\"");
        return String.join("\n", lines) + "\n";
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String shellQuote(String value) {
        return value.matches("[A-Za-z0-9_./:@=,+-]*") ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
