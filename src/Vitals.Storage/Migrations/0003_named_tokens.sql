-- Version 3: named, expiring project tokens (docs/security.md, "Project tokens"). Every credential gets a name (only
-- tokens use it: the token created with a project is "default"), an optional expiry and the last time it was used
-- (written at most about once a minute per token). Existing tokens become "default"; a project that already had
-- several gets "default" on the first and "default-<numeric_id>" on the others, so that the name is unique among a
-- project's active tokens.
ALTER TABLE credentials ADD COLUMN name TEXT NOT NULL DEFAULT 'default';
ALTER TABLE credentials ADD COLUMN expires_at INTEGER NULL;
ALTER TABLE credentials ADD COLUMN last_used_at INTEGER NULL;
UPDATE credentials SET name = 'default-' || numeric_id
WHERE kind = 'Token'
  AND numeric_id <> (SELECT min(c.numeric_id) FROM credentials c WHERE c.kind = 'Token' AND c.project_id = credentials.project_id);
CREATE UNIQUE INDEX ux_credentials_token_name ON credentials (project_id, name) WHERE kind = 'Token' AND revoked_at IS NULL;
