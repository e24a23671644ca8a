CREATE TABLE category (
    id bigserial PRIMARY KEY,
    name text NOT NULL UNIQUE, parent_id bigint REFERENCES category (id)
);
INSERT INTO category (name) VALUES ('books'), ('music'), ('games'), ('tools'), ('garden');
