package dev.sharedsvc.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small web service on a shared PostgreSQL and Redis. Its database, role, Redis database and schema are
 * sharedsvc's business (see {@code application.properties}); the code below only uses Spring Boot's
 * {@code JdbcClient} and {@code StringRedisTemplate}.
 */
@SpringBootApplication
public class GreetingsApplication {

    public static void main(String[] args) {
        SpringApplication.run(GreetingsApplication.class, args);
    }
}
