package dev.sharedsvc.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
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
            + " EXISTS (SELECT 1 FROM aclexplode(COALESCE(d.datacl, acldefault('d', d.datdba))) a"
            + "   WHERE a.grantee = 0 AND a.privilege_type IN ('CONNECT', 'TEMPORARY'))";

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
}
