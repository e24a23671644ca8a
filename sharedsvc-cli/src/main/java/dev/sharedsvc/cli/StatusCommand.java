package dev.sharedsvc.cli;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;
import dev.sharedsvc.redis.RedisUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The operator's view of the shared servers: what used to be a handful of queries typed by hand. */
@Command(name = "status", sortOptions = false, mixinStandardHelpOptions = true,
        header = "The shared servers as an operator sees them (--json).",
        description = {"Show the shared servers as an operator sees them: PostgreSQL's version and end of life, the"
                + " settings shared servers tune against what the services need, the connection budget, every"
                + " database's size, connections and limit, and the queries running longer than --long-query; Redis's"
                + " memory, eviction policy and keyspace per database (with the layout's pairs and its check)."
                + " A table, or JSON with --json.",
                "Exit codes: 0 shown (warnings do not change it), 1 a server could not be read, 3 credentials"
                        + " rejected, 64 bad flag or setting."})
final class StatusCommand extends CliCommand {

    @Mixin
    PostgresOptions postgres;

    @Mixin
    RedisOptions redis;

    @Mixin
    LayoutOptions layout;

    @Option(names = "--long-query", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
            description = "Show the queries running longer than this: 500ms, 5s, 2m or PT1M. Default: ${DEFAULT-VALUE}.")
    Duration longQuery;

    @Option(names = "--require", paramLabel = "NAME=VALUE",
            description = "What the services need of a setting, instead of sharedsvc's defaults, such as"
                    + " max_locks_per_transaction=256 or work_mem=16MB. Repeatable.")
    List<String> require = new ArrayList<>();

    @Option(names = "--json", description = "Print JSON instead of tables.")
    boolean json;

    @Override
    void addFlags(Inputs inputs) {
        postgres.addTo(inputs);
        redis.addTo(inputs);
        layout.addTo(inputs);
    }

    @Override
    int run() {
        Requirements requirements = Requirements.parse(require);
        SettingSource settings = inputs.settings();
        boolean hasPostgres = settings.text(Setting.POSTGRES_URL).isPresent();
        Optional<RedisUrl> redisUrl = settings.redisUrl();
        if (!hasPostgres && redisUrl.isEmpty()) {
            throw new UsageException("nothing to show: set --postgres-url or " + Setting.POSTGRES_URL.names()
                    + ", and/or --redis-url or " + Setting.REDIS_URL.names() + " (or REDIS_URL)");
        }
        PostgresStatus postgresStatus = hasPostgres ? readPostgres() : null;
        RedisStatus redisStatus = redisUrl.map(url -> RedisStatus.read(url.uri(), LayoutOptions.layout(settings),
                LayoutOptions.check(settings))).orElse(null);
        StatusReport report = new StatusReport(postgresStatus,
                postgresStatus == null ? List.of() : requirements.check(postgresStatus), redisStatus,
                LocalDate.now(ZoneOffset.UTC));
        System.out.println(json ? Json.write(report.json()) : report.text());
        return ExitCode.OK;
    }

    private PostgresStatus readPostgres() {
        String why = "status reads every database and session as the administrator";
        PostgresServer server = inputs.postgres(why);
        PostgresLogin admin = inputs.admin(why, server);
        String user = admin.user();
        try (Connection connection = server.connect(admin)) {
            return PostgresStatus.read(connection, server.toString(), longQuery);
        } catch (SQLException e) {
            throw new Failure(ExitCode.ofSqlState(e.getSQLState()),
                    "could not read PostgreSQL at " + server + " as " + user + ": " + e.getSQLState() + " "
                            + e.getMessage(), e);
        }
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1.5s} or ISO-8601 ({@code PT1M}); not negative. */
    static final class DurationConverter implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String value) {
            String text = value.strip().toLowerCase(Locale.ROOT);
            try {
                Duration duration = text.endsWith("ms") ? Duration.ofMillis(Long.parseLong(text.substring(0,
                        text.length() - 2))) : Duration.parse(text.startsWith("pt") ? text : "pt" + text);
                if (!duration.isNegative()) {
                    return duration;
                }
            } catch (DateTimeParseException | NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException("'" + value + "' is not a duration such as 500ms, 5s, 2m or PT1M");
        }
    }
}
