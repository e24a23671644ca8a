ALTER TABLE migration_witness ADD COLUMN note text;
