package dev.sharedsvc.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.redis.RedisCheckReport;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisLayoutException;
import dev.sharedsvc.redis.RedisTarget;
import dev.sharedsvc.redis.RedisUrl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Resolves an environment's purposes through the layout, prints where each one's keys go, and runs the library's
 * server check against the Redis server.
 */
@Command(name = "redis", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Resolve Redis databases from the layout and check the server.",
        description = {"Print, for an environment and its purposes, the database (or key prefix) the layout gives"
                + " each and the URI a service connects to (password as ***), then run the layout checks against"
                + " the server: databases exist and are separate, durable purposes cannot be evicted.",
                "Exit codes: 0 no errors, 1 the check found errors or the server could not be checked, 3 credentials"
                        + " rejected, 64 bad flag or setting."})
final class RedisCommand extends CliCommand {

    @Option(names = "--environment", paramLabel = "NAME",
            description = "The environment, as the layout names it. Default: SHAREDSVC_ENVIRONMENT.")
    String environment;

    @Option(names = "--purposes", paramLabel = "LIST",
            description = "Its purposes, comma-separated. Default: SHAREDSVC_REDIS_PURPOSES, else every purpose the"
                    + " layout gives the environment.")
    String purposes;

    @Mixin
    LayoutOptions layout;

    @Mixin
    RedisOptions redis;

    @Option(names = "--offline", description = "Resolve only; do not contact the server.")
    boolean offline;

    @Override
    void addFlags(Inputs inputs) {
        inputs.flag("--environment", Setting.ENVIRONMENT, environment);
        inputs.flag("--purposes", Setting.REDIS_PURPOSES, purposes);
        layout.addTo(inputs);
        redis.addTo(inputs);
    }

    @Override
    int run() {
        SettingSource settings = inputs.settings();
        RedisLayout redisLayout = LayoutOptions.layout(settings).orElseThrow(() -> inputs.missing(Setting.REDIS_LAYOUT,
                "which database each environment and purpose uses"));
        List<RedisTarget> targets = targets(settings, redisLayout);
        Optional<RedisUrl> url = settings.redisUrl();
        if (url.isEmpty() && !offline) {
            throw inputs.missing(Setting.REDIS_URL, "the server to check the layout against (--offline resolves only)");
        }
        System.out.println("layout: " + redisLayout);
        if (offline) {
            print(targets, url, settings);
            return ExitCode.OK;
        }
        RedisCheckReport report = LayoutOptions.check(settings).run(url.get().uri(), targets);
        print(report.targets(), url, settings);
        System.out.println();
        System.out.println(report);
        return report.hasErrors() ? ExitCode.FAILED : ExitCode.OK;
    }

    private List<RedisTarget> targets(SettingSource settings, RedisLayout redisLayout) {
        String name = settings.text(Setting.ENVIRONMENT).orElseThrow(() -> inputs.missing(Setting.ENVIRONMENT,
                "the environment whose purposes to resolve; the layout has " + String.join(", ",
                        redisLayout.environments())));
        List<String> chosen = settings.list(Setting.REDIS_PURPOSES);
        try {
            if (chosen.isEmpty()) {
                List<RedisTarget> all = redisLayout.targets().stream()
                        .filter(target -> target.environment().equals(name)).collect(Collectors.toList());
                if (!all.isEmpty()) {
                    return all;
                }
            }
            return redisLayout.targets(name, chosen.toArray(String[]::new));
        } catch (RedisLayoutException e) {
            Setting setting = redisLayout.environments().contains(name) ? Setting.REDIS_PURPOSES : Setting.ENVIRONMENT;
            throw new ConfigurationException(setting, setting.names() + ": " + e.getMessage());
        }
    }

    private static void print(List<RedisTarget> targets, Optional<RedisUrl> url, SettingSource settings) {
        String text = url.isPresent() ? settings.secret(Setting.REDIS_URL).orElseThrow().reveal() : null;
        System.out.println("server: " + url.map(u -> masked(text, null) + " (from " + u.setting() + ")")
                .orElse("none (" + Setting.REDIS_URL.environmentVariable() + " is not set)"));
        Table table = new Table("pair", "durability", "database", "key prefix", "uri").right(2);
        for (RedisTarget target : targets) {
            table.row(target.pair(), target.durability().name().toLowerCase(Locale.ROOT), target.database(),
                    target.keyPrefix().isEmpty() ? null : target.keyPrefix(),
                    text == null ? null : masked(text, target.database()));
        }
        System.out.println(table.format(""));
    }

    /**
     * The URI a service connects to for a database, as text with the password as {@code ***}: the scheme, user,
     * host and port of the server's URL and the target's database (none when {@code null}); other parameters are
     * not shown.
     */
    static String masked(String url, Integer database) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            return "(unreadable)";
        }
        // The raw authority, not host and user info: a Sentinel URL with several hosts has no server-based one.
        String authority = uri.getRawAuthority() == null ? "" : uri.getRawAuthority();
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String credentials = userInfo == null ? ""
                : (userInfo.contains(":") ? userInfo.substring(0, userInfo.indexOf(':')) : "") + ":***@";
        String hosts = uri.getHost() != null ? uri.getHost() + ":" + (uri.getPort() < 0 ? 6379 : uri.getPort())
                : authority.substring(at + 1);
        return uri.getScheme() + "://" + credentials + hosts + (database == null ? "" : "/" + database);
    }
}
