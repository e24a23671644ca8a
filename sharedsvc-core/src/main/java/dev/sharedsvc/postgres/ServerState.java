package dev.sharedsvc.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the server has for one service, read in one round trip (plus one per service database when schemas or
 * extensions are asked for). A snapshot: it is read again after the provisioning lock is taken.
 *
 * @param role         the owner role, empty when it does not exist
 * @param database     the database, empty when it does not exist
 * @param passwordSame whether the role's password is the one asked for: empty when it cannot be told or when no
 *                     password is asked for
 * @param extensions   extensions installed in the database (empty set when it does not exist)
 * @param schemaOwners schemas in the database and their owners (empty map when it does not exist)
 * @param duties       the roles by duty and their missing grants ({@link DutyState#NONE} without roles by duty)
 */
record ServerState(Optional<Role> role, Optional<Database> database, Optional<Boolean> passwordSame,
                   Set<String> extensions, Map<String, String> schemaOwners, DutyState duties) {

    /** A state without roles by duty. */
    ServerState(Optional<Role> role, Optional<Database> database, Optional<Boolean> passwordSame,
                Set<String> extensions, Map<String, String> schemaOwners) {
        this(role, database, passwordSame, extensions, schemaOwners, DutyState.NONE);
    }

    /** The columns {@link Role#read} reads, of {@code pg_roles r}; any role may read them. */
    static final String ROLE_COLUMNS = "r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolcanlogin, r.rolreplication,"
            + " r.rolbypassrls, r.rolconnlimit";

    /** The columns {@link Database#read} reads, of {@code pg_database d}; any role may read them. */
    static final String DATABASE_COLUMNS = "pg_get_userbyid(d.datdba), pg_encoding_to_char(d.encoding),"
            + " d.datcollate, d.datctype, d.datistemplate, d.datallowconn,"
            + " has_database_privilege('public', d.oid, 'CONNECT') OR has_database_privilege('public', d.oid, 'TEMPORARY')";

    /** The attributes of an existing role that provisioning looks at. */
    record Role(boolean superuser, boolean createdb, boolean createrole, boolean canLogin, boolean replication,
                boolean bypassRls, int connectionLimit, boolean adminActsAsRole, boolean hasPassword) {

        /** Reads the {@link #ROLE_COLUMNS} from column {@code first} on. */
        static Role read(ResultSet rs, int first, boolean adminActsAsRole, boolean hasPassword) throws SQLException {
            return new Role(rs.getBoolean(first), rs.getBoolean(first + 1), rs.getBoolean(first + 2),
                    rs.getBoolean(first + 3), rs.getBoolean(first + 4), rs.getBoolean(first + 5),
                    rs.getInt(first + 6), adminActsAsRole, hasPassword);
        }
    }

    /** The attributes of an existing database that provisioning looks at. */
    record Database(String owner, String encoding, String collate, String ctype, boolean template,
                    boolean allowsConnections, boolean publicCanConnect) {

        /** Reads the {@link #DATABASE_COLUMNS} from column {@code first} on. */
        static Database read(ResultSet rs, int first) throws SQLException {
            return new Database(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2),
                    rs.getString(first + 3), rs.getBoolean(first + 4), rs.getBoolean(first + 5),
                    rs.getBoolean(first + 6));
        }
    }

    /**
     * The extensions and schemas (with their owners) that a service names, as they are in the database a connection
     * is in: only the service's rows are read, so the cost does not grow with what else the database holds.
     *
     * @param extensions   the named extensions that are installed
     * @param schemaOwners the named schemas that exist, and their owners
     */
    record Contents(Set<String> extensions, Map<String, String> schemaOwners) {

        /** Nothing read: the database does not exist, or the service names no extension and no schema. */
        static final Contents NONE = new Contents(Set.of(), Map.of());

        /**
         * Two select-list items that read them, each with a {@code text[]} parameter that {@link #bind} sets: the
         * installed extensions among those named, and {name, owner} pairs of the named schemas.
         */
        static final String COLUMNS = " ARRAY(SELECT extname::text FROM pg_extension WHERE extname = ANY (?)),"
                + " ARRAY(SELECT ARRAY[nspname::text, pg_get_userbyid(nspowner)::text] FROM pg_namespace"
                + " WHERE nspname = ANY (?))";

        /** Whether there is anything to read: the service names an extension or a schema. */
        static boolean named(ServiceDatabase service) {
            return !service.extensions().isEmpty() || !service.schemas().isEmpty();
        }

        /** Reads them with one query on {@code inDatabase}; the service names some ({@link #named}). */
        static Contents read(Connection inDatabase, ServiceDatabase service) throws SQLException {
            try (PreparedStatement statement = inDatabase.prepareStatement("SELECT" + COLUMNS)) {
                bind(statement, 1, service);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return read(rs, 1);
                }
            }
        }

        /** Sets the two parameters of {@link #COLUMNS}, from parameter {@code first} on. */
        static void bind(PreparedStatement statement, int first, ServiceDatabase service) throws SQLException {
            Connection connection = statement.getConnection();
            statement.setArray(first, connection.createArrayOf("text", service.extensions().toArray()));
            statement.setArray(first + 1, connection.createArrayOf("text", service.schemas().toArray()));
        }

        /** Reads the {@link #COLUMNS} from column {@code first} on. */
        static Contents read(ResultSet rs, int first) throws SQLException {
            Set<String> extensions = Set.of((String[]) rs.getArray(first).getArray());
            Map<String, String> schemaOwners = new HashMap<>();
            // an array of pairs; with no schema found the server sends an empty one-dimensional array
            if (rs.getArray(first + 1).getArray() instanceof String[][] schemas) {
                for (String[] schema : schemas) {
                    schemaOwners.put(schema[0], schema[1]);
                }
            }
            return new Contents(extensions, Map.copyOf(schemaOwners));
        }
    }
}
