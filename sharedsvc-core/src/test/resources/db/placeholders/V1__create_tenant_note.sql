-- ${tenant} is given with sharedsvc.flyway.placeholders.tenant.
CREATE TABLE tenant_note (tenant text);
INSERT INTO tenant_note VALUES ('${tenant}');
