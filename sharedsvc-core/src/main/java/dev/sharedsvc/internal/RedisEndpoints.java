package dev.sharedsvc.internal;

import java.util.stream.Collectors;

import io.lettuce.core.RedisURI;

/** How a Redis URI is named in reports and messages, never with its credentials. */
public final class RedisEndpoints {

    private RedisEndpoints() {
    }

    /**
     * {@code host:port} for a standalone server, {@code master mymaster via sentinel h1:26379,h2:26379} for a URI
     * that reaches its master through Sentinel.
     */
    public static String describe(RedisURI uri) {
        if (uri.getHost() == null && !uri.getSentinels().isEmpty()) {
            return "master " + uri.getSentinelMasterId() + " via sentinel " + uri.getSentinels().stream()
                    .map(sentinel -> sentinel.getHost() + ":" + sentinel.getPort()).collect(Collectors.joining(","));
        }
        return uri.getHost() + ":" + uri.getPort();
    }

    /** The host a user named first: the server's, or the first sentinel's; for hints about the network. */
    public static String firstHost(RedisURI uri) {
        return uri.getHost() != null || uri.getSentinels().isEmpty() ? uri.getHost() : uri.getSentinels().get(0).getHost();
    }

    /** Whether the URI names a host or at least one sentinel. */
    public static boolean reachable(RedisURI uri) {
        return uri.getHost() != null || !uri.getSentinels().isEmpty();
    }
}
