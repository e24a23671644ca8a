-- A second location, so that a test can tell which locations Quarkus's Flyway ran.
CREATE TABLE farewells (
    id   BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL
);
