-- Version 4: verdicts that move traffic (docs/load-balancers.md). A pool's fail-open guardrail (min_healthy_percent,
-- 1 to 100, NULL: off), and HAProxy bindings: a load balancer bound to one HAProxy runtime API, with the backend name
-- of each pool that does not use the default (backends: a JSON object, pool id -> backend name). A load balancer with
-- bindings cannot be deleted; a binding's name is unique on its load balancer when not empty.
ALTER TABLE server_groups ADD COLUMN min_healthy_percent INTEGER NULL;

CREATE TABLE haproxy_bindings (
    numeric_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    load_balancer_id TEXT    NOT NULL REFERENCES load_balancers (id),
    name             TEXT    NOT NULL,
    description      TEXT    NOT NULL,
    runtime_api      TEXT    NOT NULL,
    backends         TEXT    NOT NULL,
    manage_servers   INTEGER NOT NULL,
    admin_state_up   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_haproxy_bindings_name ON haproxy_bindings (load_balancer_id, name) WHERE name <> '';
CREATE INDEX ix_haproxy_bindings_project ON haproxy_bindings (project_id, numeric_id);
CREATE INDEX ix_haproxy_bindings_load_balancer ON haproxy_bindings (load_balancer_id);
