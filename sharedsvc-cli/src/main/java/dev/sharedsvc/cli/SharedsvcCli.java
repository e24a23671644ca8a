package dev.sharedsvc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.health.NotReadyException;
import dev.sharedsvc.postgres.ProvisioningException;
import dev.sharedsvc.redis.RedisCheckException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code sharedsvc-cli}: provisioning, waiting, Redis allocation and the operator's status of a shared PostgreSQL
 * and Redis, from the command line, with exactly the library's behaviour. Settings come from flags, the
 * environment (the library's keys) and spec files; secrets only from the environment or files, never from
 * arguments, which every user of the machine sees in {@code ps}.
 */
@Command(name = "sharedsvc-cli", mixinStandardHelpOptions = true, versionProvider = SharedsvcCli.Version.class,
        description = {"Databases, roles, readiness and Redis allocation on a shared PostgreSQL and Redis.",
                "Settings: flags, then the environment with the library's keys (SHAREDSVC_*, POSTGRES_USER,"
                        + " POSTGRES_PASSWORD, POSTGRES_MULTIPLE_DATABASES, REDIS_URL); secrets only from the"
                        + " environment or files (*_FILE, --*-file), never from arguments."},
        footer = {"", "Exit codes: 0 done, 1 failed, 2 plan: changes pending, 3 credentials rejected,"
                + " 64 bad flag, spec file or setting, 130 interrupted (Ctrl-C, SIGINT)."})
public final class SharedsvcCli implements Runnable {

    /** Where log lines go, and how many: errors only, unless {@code --verbose}. */
    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    /**
     * The commands, in the order the help lists them. picocli builds a command's model by reflection over its
     * annotations, the costliest part of a start (a third of a warm {@code ensure}'s CPU time); a command line that
     * names one command builds only that one ({@link #commandLine}).
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("ensure", EnsureCommand::new);
        COMMANDS.put("plan", PlanCommand::new);
        COMMANDS.put("wait", WaitCommand::new);
        COMMANDS.put("redis", RedisCommand::new);
        COMMANDS.put("rotate", RotateCommand::new);
        COMMANDS.put("status", StatusCommand::new);
        COMMANDS.put("dev", DevCommand::new);
        COMMANDS.put("help", CommandLine.HelpCommand::new);
    }

    @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log what the library does (INFO) to stderr.")
    void verbose(boolean verbose) {
        System.setProperty(LOG_LEVEL, verbose ? "info" : "error");
    }

    @Spec
    CommandSpec spec;

    private SharedsvcCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code. */
    static int run(String... args) {
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.setProperty(LOG_LEVEL, "error");
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.showShortLogName", "true");
        return commandLine(args)
                .setParameterExceptionHandler(SharedsvcCli::badUsage)
                .setExecutionExceptionHandler((e, commandLine, parseResult) -> failed(e, commandLine))
                .execute(args);
    }

    /**
     * The command line for {@code args}: when its first argument that is not an option names a command other than
     * {@code help}, with that command only (the root's own options take no values, so that argument is the
     * command); otherwise, for the help, an unknown command or none, with every command.
     */
    static CommandLine commandLine(String... args) {
        CommandLine root = new CommandLine(new SharedsvcCli());
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        if (named != null && !named.equals("help") && COMMANDS.containsKey(named)) {
            root.addSubcommand(named, COMMANDS.get(named).get());
        } else {
            COMMANDS.forEach((name, command) -> root.addSubcommand(name, command.get()));
        }
        return root;
    }

    /** Without a command: the help, and the usage exit code. */
    @Override
    public void run() {
        spec.commandLine().usage(System.err);
        throw new UsageException("no command given");
    }

    /** A bad flag or argument: one line naming it (never a value that could be a secret), exit code 64. */
    private static int badUsage(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = e instanceof UnmatchedArgumentException ? unmatched((UnmatchedArgumentException) e)
                : e.getMessage();
        command.getErr().println(command.getCommandName() + ": " + message.replace('\n', ' ') + "; see '"
                + command.getCommandSpec().qualifiedName() + " --help'");
        command.getErr().flush();
        return ExitCode.USAGE;
    }

    /**
     * An unknown option or an extra argument, named without its value: someone who typed
     * {@code --admin-password s3cret} must not find the secret in a CI log as well.
     */
    private static String unmatched(UnmatchedArgumentException e) {
        List<String> unmatched = e.getUnmatched();
        List<String> options = unmatched.stream().filter(argument -> argument.startsWith("-"))
                .map(argument -> argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument)
                .collect(Collectors.toList());
        int others = unmatched.size() - options.size();
        String text = options.isEmpty() ? "" : (options.size() == 1 ? "unknown option " : "unknown options ")
                + String.join(", ", options);
        if (others > 0) {
            text += (text.isEmpty() ? "" : " and ") + others + (others == 1 ? " unexpected argument"
                    : " unexpected arguments") + " (not shown: secrets go in the environment or files)";
        }
        return text;
    }

    /** A failure while running: its message on stderr, and the exit code its kind means. */
    private static int failed(Exception e, CommandLine commandLine) {
        PrintWriter err = commandLine.getErr();
        String name = commandLine.getCommandName();
        int code = exitCode(e);
        if (code == ExitCode.USAGE) {
            err.println(name + ": " + e.getMessage().replace('\n', ' '));
        } else if (e instanceof SharedServicesException || e instanceof Failure) {
            err.println(name + ": " + e.getMessage());
        } else {
            err.println(name + ": unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException) {
            return ExitCode.USAGE;
        }
        if (e instanceof Failure) {
            return ((Failure) e).exitCode();
        }
        if (e instanceof NotReadyException) {
            switch (((NotReadyException) e).reason()) {
                case CREDENTIALS_REJECTED:
                    return ExitCode.CREDENTIALS_REJECTED;
                case INTERRUPTED:
                    return ExitCode.INTERRUPTED;
                default:
                    return ExitCode.FAILED;
            }
        }
        if (e instanceof ProvisioningException) {
            return ExitCode.ofSqlState(((ProvisioningException) e).sqlState());
        }
        if (e instanceof RedisCheckException && RedisStatus.credentialsRejected(e)) {
            return ExitCode.CREDENTIALS_REJECTED;
        }
        return ExitCode.FAILED;
    }

    /** The version the jar's manifest names. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = SharedsvcCli.class.getPackage().getImplementationVersion();
            return new String[] {"sharedsvc-cli " + (version == null ? "(development build)" : version)};
        }
    }
}
