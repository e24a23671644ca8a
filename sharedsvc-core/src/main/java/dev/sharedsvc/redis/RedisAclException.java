package dev.sharedsvc.redis;

import dev.sharedsvc.SharedServicesException;

/**
 * A service's Redis user could not be ensured: the server has no ACL (before Redis 6), or {@code ACL} is renamed or
 * refused (as on some managed services), or a node could not be reached. Nothing falls back to the shared password.
 */
public class RedisAclException extends SharedServicesException {

    private static final long serialVersionUID = 1L;

    public RedisAclException(String message, Throwable cause) {
        super(message, cause);
    }
}
