package dev.sharedsvc.cli;

import java.net.URI;
import java.net.URISyntaxException;

import dev.sharedsvc.config.Setting;
import picocli.CommandLine.Option;

/** Where the Redis server is: a flag over {@code redis.url}, for servers whose URL holds no password. */
final class RedisOptions {

    @Option(names = "--redis-url", paramLabel = "URL",
            description = "The Redis server, redis[s]://host:port, without a password (a password belongs in"
                    + " SHAREDSVC_REDIS_URL or SHAREDSVC_REDIS_URL_FILE). Default: SHAREDSVC_REDIS_URL, REDIS_URL.")
    String redisUrl;

    void addTo(Inputs inputs) {
        inputs.flag("--redis-url", Setting.REDIS_URL, withoutCredentials(redisUrl));
    }

    /**
     * The URL, refused when it has credentials: arguments show in {@code ps} to every user of the machine. The
     * message does not repeat the URL.
     */
    private static String withoutCredentials(String url) {
        if (url == null) {
            return null;
        }
        try {
            // The authority, not the user info: a Sentinel URL with several hosts has no server-based authority.
            String authority = new URI(url.strip()).getRawAuthority();
            if (authority == null || !authority.contains("@")) {
                return url;
            }
        } catch (URISyntaxException e) {
            return url; // the library's own check names what is wrong with it
        }
        throw new UsageException("--redis-url carries credentials, which every user of this machine can read in"
                + " the process list: give the URL with its password in " + Setting.REDIS_URL.environmentVariable()
                + " or the file " + Setting.REDIS_URL.fileEnvironmentVariable().orElseThrow() + " names instead");
    }
}
