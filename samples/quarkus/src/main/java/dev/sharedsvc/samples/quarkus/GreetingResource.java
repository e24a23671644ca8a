package dev.sharedsvc.samples.quarkus;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import dev.sharedsvc.bootstrap.RedisPurpose;
import dev.sharedsvc.bootstrap.SharedServices;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Greetings by name: stored in the service's table (Quarkus's datasource, logged in as the service's role), the
 * latest one cached in the Redis database the layout gives the {@code cache} purpose.
 *
 * <pre>
 * curl -X POST -H 'Content-Type: text/plain' -d 'Hello, Ada' localhost:8080/greetings/ada
 * curl -i localhost:8080/greetings/ada        # X-Cache: miss, then hit for a minute
 * </pre>
 */
@Path("/greetings")
public class GreetingResource {

    static final Duration CACHED_FOR = Duration.ofMinutes(1);

    @Inject
    DataSource dataSource;

    @Inject
    SharedServices sharedServices;

    @POST
    @Path("/{name}")
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.TEXT_PLAIN)
    public Response save(@PathParam("name") String name, String text) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO greetings (name, text) VALUES (?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, text);
            insert.executeUpdate();
        }
        cache().del(key(name));
        return Response.status(Response.Status.CREATED).entity(text).build();
    }

    @GET
    @Path("/{name}")
    @Produces(MediaType.TEXT_PLAIN)
    public Response latest(@PathParam("name") String name) throws SQLException {
        String cached = cache().get(key(name));
        if (cached != null) {
            return Response.ok(cached).header("X-Cache", "hit").build();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT text FROM greetings WHERE name = ? ORDER BY id DESC LIMIT 1")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Response.status(Response.Status.NOT_FOUND).entity("no greeting for " + name).build();
                }
                String text = row.getString(1);
                cache().setex(key(name), CACHED_FOR.toSeconds(), text);
                return Response.ok(text).header("X-Cache", "miss").build();
            }
        }
    }

    private RedisCommands<String, String> cache() {
        return purpose().connection().sync();
    }

    /** The key, under the purpose's prefix (empty unless the server has no separate databases). */
    private String key(String name) {
        return purpose().target().keyPrefix() + "greeting:" + name;
    }

    private RedisPurpose purpose() {
        return sharedServices.redis("cache");
    }
}
