package dev.sharedsvc.postgres;

import java.nio.charset.StandardCharsets;

/** Validation and quoting of PostgreSQL names and literals; the only place SQL text is built from user input. */
final class Identifiers {

    /** PostgreSQL's NAMEDATALEN - 1: longer names are silently truncated by the server, so they are refused here. */
    static final int MAX_BYTES = 63;

    private Identifiers() {
    }

    /**
     * Checks that {@code name} can be used as given: not empty, no NUL, at most 63 bytes in UTF-8.
     *
     * @param what what the name is for, used in the message ("database name", "role name", ...)
     * @throws IllegalArgumentException naming the rule that is broken
     */
    static String requireValid(String name, String what) {
        if (name == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a NUL character");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException(what + " is " + bytes + " bytes in UTF-8; PostgreSQL keeps only "
                    + MAX_BYTES + " and would silently truncate it: " + name);
        }
        return name;
    }

    /** Like {@link #requireValid}, plus the names PostgreSQL reserves for roles. */
    static String requireValidRole(String name) {
        requireValid(name, "role name");
        if (name.startsWith("pg_")) {
            throw new IllegalArgumentException("role name " + name + " starts with pg_, which PostgreSQL reserves");
        }
        if (name.equals("public") || name.equals("none")) {
            throw new IllegalArgumentException("role name " + name + " is reserved by PostgreSQL");
        }
        return name;
    }

    /** {@code name} as a quoted identifier: always quoted, embedded quotes doubled. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /**
     * {@code text} as a string literal that means the same whatever {@code standard_conforming_strings} is: text with
     * a backslash becomes an escape string ({@code E'...'}) with the backslash doubled.
     */
    static String literal(String text) {
        if (text.indexOf('\\') >= 0) {
            return "E'" + text.replace("\\", "\\\\").replace("'", "''") + '\'';
        }
        return '\'' + text.replace("'", "''") + '\'';
    }
}
