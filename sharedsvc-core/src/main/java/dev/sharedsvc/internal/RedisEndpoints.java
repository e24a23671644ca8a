package dev.sharedsvc.internal;

import java.time.Duration;
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

    /**
     * A copy of {@code source} on another database: Lettuce's {@code RedisURI.builder(RedisURI)} drops the
     * sentinels of a Sentinel URI (its {@code build()} then fails with "One of the following must be provided Host,
     * Socket or Sentinel"), so every copy in sharedsvc goes through here.
     */
    public static RedisURI copy(RedisURI source, int database) {
        return copy(source, database, source.getTimeout());
    }

    /** A copy of {@code source} on another database with another command timeout; see {@link #copy(RedisURI, int)}. */
    public static RedisURI copy(RedisURI source, int database, Duration timeout) {
        RedisURI copy = new RedisURI();
        if (source.getHost() != null) {
            copy.setHost(source.getHost());
            copy.setPort(source.getPort());
        }
        if (source.getSocket() != null) {
            copy.setSocket(source.getSocket());
        }
        copy.setSentinelMasterId(source.getSentinelMasterId());
        copy.getSentinels().addAll(source.getSentinels());
        copy.setCredentialsProvider(source.getCredentialsProvider());
        copy.setSsl(source.isSsl());
        copy.setVerifyPeer(source.getVerifyMode());
        copy.setStartTls(source.isStartTls());
        copy.setClientName(source.getClientName());
        copy.setLibraryName(source.getLibraryName());
        copy.setLibraryVersion(source.getLibraryVersion());
        copy.setDatabase(database);
        copy.setTimeout(timeout);
        return copy;
    }

    /** Whether the URI names a host or at least one sentinel. */
    public static boolean reachable(RedisURI uri) {
        return uri.getHost() != null || !uri.getSentinels().isEmpty();
    }
}
