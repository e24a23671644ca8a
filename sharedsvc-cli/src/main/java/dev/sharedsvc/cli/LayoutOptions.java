package dev.sharedsvc.cli;

import java.util.Optional;

import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisLayoutException;
import dev.sharedsvc.redis.RedisServerCheck;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;
import picocli.CommandLine.Option;

/** The Redis layout and how its server check judges what it finds: flags over the {@code redis.*} settings. */
final class LayoutOptions {

    @Option(names = "--layout", paramLabel = "LAYOUT",
            description = "The Redis layout, such as 'prod.broker=0, prod.cache=1'. Default: SHAREDSVC_REDIS_LAYOUT.")
    String layout;

    @Option(names = "--eviction-risk", paramLabel = "error|warning",
            description = "How a memory policy that can evict a durable purpose's keys is reported."
                    + " Default: SHAREDSVC_REDIS_EVICTION_RISK, else error.")
    String evictionRisk;

    @Option(names = "--without-databases", paramLabel = "fail|key-prefix",
            description = "On a server without separate databases: fail, or use key prefixes in database 0."
                    + " Default: SHAREDSVC_REDIS_WITHOUT_DATABASES, else fail.")
    String withoutDatabases;

    void addTo(Inputs inputs) {
        inputs.flag("--layout", Setting.REDIS_LAYOUT, layout);
        inputs.flag("--eviction-risk", Setting.REDIS_EVICTION_RISK, evictionRisk);
        inputs.flag("--without-databases", Setting.REDIS_WITHOUT_DATABASES, withoutDatabases);
    }

    /** The layout, when one is set. */
    static Optional<RedisLayout> layout(SettingSource settings) {
        return settings.text(Setting.REDIS_LAYOUT).map(text -> {
            try {
                return RedisLayout.parse(text);
            } catch (RedisLayoutException e) {
                throw new ConfigurationException(Setting.REDIS_LAYOUT, Setting.REDIS_LAYOUT.names() + ": "
                        + e.getMessage());
            }
        });
    }

    /** The library's server check, judging as the settings say (as a service's bootstrap does). */
    static RedisServerCheck check(SettingSource settings) {
        Severity evictionRisk = settings.constant(Setting.REDIS_EVICTION_RISK, Severity.values()).orElse(Severity.ERROR);
        Fallback fallback = settings.constant(Setting.REDIS_WITHOUT_DATABASES, Fallback.values()).orElse(Fallback.FAIL);
        return RedisServerCheck.builder().evictionRisk(evictionRisk).withoutDatabases(fallback).build();
    }
}
