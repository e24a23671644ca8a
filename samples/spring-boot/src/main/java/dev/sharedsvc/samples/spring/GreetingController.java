package dev.sharedsvc.samples.spring;

import java.net.URI;
import java.time.Duration;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Greetings stored in the service's table and read through a Redis cache: {@code POST /greetings} with
 * {@code {"text": "hello"}} stores one, {@code GET /greetings/{id}} reads it from the cache, or from the table the
 * first time.
 */
@RestController
@RequestMapping("/greetings")
class GreetingController {

    private static final Duration CACHED_FOR = Duration.ofMinutes(10);

    private final JdbcClient database;
    private final StringRedisTemplate cache;

    GreetingController(JdbcClient database, StringRedisTemplate cache) {
        this.database = database;
        this.cache = cache;
    }

    record NewGreeting(String text) {
    }

    /** A greeting, and where this answer came from: {@code database} or {@code cache}. */
    record Greeting(long id, String text, String source) {
    }

    @PostMapping
    ResponseEntity<Greeting> create(@RequestBody NewGreeting greeting) {
        if (greeting.text() == null || greeting.text().isBlank()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "text is required");
        }
        long id = database.sql("INSERT INTO greeting (text) VALUES (?) RETURNING id")
                .param(greeting.text()).query(Long.class).single();
        return ResponseEntity.created(URI.create("/greetings/" + id))
                .body(new Greeting(id, greeting.text(), "database"));
    }

    @GetMapping("/{id}")
    Greeting read(@PathVariable long id) {
        String key = "greeting:" + id;
        String cached = cache.opsForValue().get(key);
        if (cached != null) {
            return new Greeting(id, cached, "cache");
        }
        String text = database.sql("SELECT text FROM greeting WHERE id = ?").param(id).query(String.class)
                .optional()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no greeting " + id));
        cache.opsForValue().set(key, text, CACHED_FOR);
        return new Greeting(id, text, "database");
    }
}
