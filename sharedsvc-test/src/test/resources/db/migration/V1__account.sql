-- The schema of the tenant example in docs/tenants.md (AccountRepositoryTest).
CREATE TABLE account (
    id    bigserial PRIMARY KEY,
    email text NOT NULL UNIQUE
);
