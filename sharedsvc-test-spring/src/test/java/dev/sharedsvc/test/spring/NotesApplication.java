package dev.sharedsvc.test.spring;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A plain Spring Boot application with a table of notes: spring.datasource.*, Flyway, JdbcClient, Redis. */
@SpringBootConfiguration
@EnableAutoConfiguration
class NotesApplication {

    /** How many application contexts have started in this JVM. */
    static final AtomicInteger STARTS = new AtomicInteger();

    @Bean
    StartCounter startCounter() {
        return new StartCounter();
    }

    static final class StartCounter {
        StartCounter() {
            STARTS.incrementAndGet();
        }
    }
}
