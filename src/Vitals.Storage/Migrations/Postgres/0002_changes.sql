-- Version 2: the change feed between nodes sharing this database (docs/storage.md, "Several nodes").
-- Every committed change to a resource adds one row in the write's own transaction, after taking the advisory
-- transaction lock 0x56697461_6C43 ("VitalC"): writers that record a change take turns from that point to their
-- commit, so rows become visible in seq order and a reader that has seen seq N never later finds a smaller one.
-- pruned_through is the highest seq pruning has deleted: a node whose position is below it has missed changes.

CREATE TABLE changes (
    seq        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind       text        NOT NULL,
    op         text        NOT NULL,
    project_id text        NOT NULL,
    id         text        NOT NULL,
    origin     text        NOT NULL,
    at         timestamptz NOT NULL
);
CREATE INDEX ix_changes_at ON changes (at);

CREATE TABLE changes_pruned (
    one            boolean PRIMARY KEY DEFAULT true CONSTRAINT changes_pruned_one CHECK (one),
    pruned_through bigint  NOT NULL
);
INSERT INTO changes_pruned (pruned_through) VALUES (0);

-- Every node checks every member and records its own transitions: node says which node recorded each one. Its
-- default is the session setting vitals.node, which every connection of a node sets at start (PostgresStore), so the
-- health burst's statement does not change; transitions written before this version have none.
ALTER TABLE member_transitions ADD COLUMN node text NULL DEFAULT current_setting('vitals.node', true);
