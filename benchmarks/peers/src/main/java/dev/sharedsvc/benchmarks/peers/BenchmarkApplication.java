package dev.sharedsvc.benchmarks.peers;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/** The Spring Boot sides' application: a DataSource, Flyway on db/benchmark and a JdbcClient. */
@SpringBootConfiguration
@EnableAutoConfiguration
class BenchmarkApplication {
}
