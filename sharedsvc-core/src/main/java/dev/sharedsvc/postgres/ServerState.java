package dev.sharedsvc.postgres;

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
 */
record ServerState(Optional<Role> role, Optional<Database> database, Optional<Boolean> passwordSame,
                   Set<String> extensions, Map<String, String> schemaOwners) {

    /** The attributes of an existing role that provisioning looks at. */
    record Role(boolean superuser, boolean createdb, boolean createrole, boolean canLogin, boolean replication,
                boolean bypassRls, int connectionLimit, boolean adminActsAsRole, boolean hasPassword) {
    }

    /** The attributes of an existing database that provisioning looks at. */
    record Database(String owner, String encoding, String collate, String ctype, boolean template,
                    boolean allowsConnections, boolean publicCanConnect) {
    }
}
