package dev.sharedsvc.embedded;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Where a Redis server is and how to authenticate to it: the connection settings that {@link EmbeddedRedis}
 * and {@link TestServers} hand back.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password; {@link #uri()} does, because a
 * client needs it, so never log that.
 *
 * @param host     host name or address of the server
 * @param port     TCP port of the server, 1 to 65535
 * @param username ACL user name, empty for the default user
 * @param password password, empty when the server requires none
 */
public record RedisSettings(String host, int port, String username, String password) {

    public RedisSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
    }

    /**
     * Reads settings from a {@code redis://[[user]:password@]host[:port]} URI.
     *
     * @throws IllegalArgumentException when the text is not such a URI; the message never repeats the URI
     */
    public static RedisSettings fromUri(String uri) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a Redis URI (expected redis://[user:password@]host:port)");
        }
        if (!"redis".equals(parsed.getScheme()) || parsed.getHost() == null) {
            throw new IllegalArgumentException("not a Redis URI (expected redis://[user:password@]host:port)");
        }
        String username = "";
        String password = "";
        String userInfo = parsed.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            } else {
                username = decode(userInfo.substring(0, colon));
                password = decode(userInfo.substring(colon + 1));
            }
        }
        return new RedisSettings(parsed.getHost(), parsed.getPort() < 0 ? 6379 : parsed.getPort(), username, password);
    }

    /** The {@code redis://} URI with the credentials in it; for clients, never for logs. */
    public String uri() {
        String credentials = "";
        if (!password.isEmpty()) {
            credentials = encode(username) + ":" + encode(password) + "@";
        }
        return "redis://" + credentials + host + ":" + port;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "RedisSettings[" + (username.isEmpty() ? "" : username + "@") + host + ":" + port
                + (password.isEmpty() ? "" : ", password=***") + "]";
    }
}
