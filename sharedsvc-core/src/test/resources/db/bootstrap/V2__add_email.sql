ALTER TABLE accounts ADD COLUMN email text;
CREATE INDEX accounts_email ON accounts (email);
