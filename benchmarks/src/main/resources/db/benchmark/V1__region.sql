CREATE TABLE region (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE
);
INSERT INTO region (name) VALUES ('north'), ('south'), ('east'), ('west');
