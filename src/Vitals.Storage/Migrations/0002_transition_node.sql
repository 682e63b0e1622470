-- Version 2: the node that recorded a transition. Always NULL in SQLite (one node per file); the column exists so that
-- both stores read transitions with one query (PostgreSQL fills it: Postgres/0002_changes.sql).
ALTER TABLE member_transitions ADD COLUMN node TEXT NULL;
