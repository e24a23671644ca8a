package dev.sharedsvc.health;

/** Words for a failure seen on the client side. */
final class Failures {

    private Failures() {
    }

    /**
     * The exception's message, followed by its innermost cause's when there is one, which says it best:
     * {@code Unable to connect to 127.0.0.1:6379: Connection refused}, {@code ...: UnknownHostException: db}.
     */
    static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e) {
            return String.valueOf(e.getMessage());
        }
        return e.getMessage() + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
