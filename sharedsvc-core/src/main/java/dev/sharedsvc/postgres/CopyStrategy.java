package dev.sharedsvc.postgres;

/**
 * How {@code CREATE DATABASE} copies its template ({@code STRATEGY}, PostgreSQL 15 and newer; older servers always
 * copy the files, and the choice is left out of the statement there).
 */
public enum CopyStrategy {

    /** No {@code STRATEGY} clause: the server's default, {@code WAL_LOG} on PostgreSQL 15 and newer. */
    SERVER_DEFAULT,

    /**
     * {@code STRATEGY FILE_COPY}: the template's files are copied after a checkpoint. The faster choice for small
     * templates on a server of its own (tests); on a busy shared server every copy forces a checkpoint that the
     * other sessions feel.
     */
    FILE_COPY,

    /**
     * {@code STRATEGY WAL_LOG}: the template is copied block by block through the write-ahead log, without a
     * checkpoint. Kinder to other sessions on a shared server; its cost grows with the size of the template.
     */
    WAL_LOG
}
