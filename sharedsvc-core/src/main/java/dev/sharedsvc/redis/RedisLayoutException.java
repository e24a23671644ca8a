package dev.sharedsvc.redis;

import dev.sharedsvc.SharedServicesException;

/**
 * A Redis layout, a lookup in it or a Redis URL given as configuration is wrong. The message names the bad entry,
 * pair or setting and what would be accepted; it never repeats a URL, since a URL may carry a password.
 */
public class RedisLayoutException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    public RedisLayoutException(String message) {
        super(message);
    }
}
