-- Version 4: verdicts that move traffic (docs/load-balancers.md). A pool's fail-open guardrail (min_healthy_percent,
-- 1 to 100, NULL: off), and HAProxy bindings: a load balancer bound to one HAProxy runtime API, with the backend name
-- of each pool that does not use the default (backends: pool id -> backend name). A load balancer with bindings cannot
-- be deleted; a binding's name is unique on its load balancer when not empty. Their changes reach other nodes through
-- the change feed as kind HaproxyBinding.
ALTER TABLE server_groups ADD COLUMN min_healthy_percent integer NULL;

CREATE TABLE haproxy_bindings (
    numeric_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text        NOT NULL CONSTRAINT haproxy_bindings_id_key UNIQUE,
    project_id       text        NOT NULL CONSTRAINT haproxy_bindings_project_id_fkey REFERENCES projects (id),
    load_balancer_id text        NOT NULL CONSTRAINT haproxy_bindings_load_balancer_id_fkey REFERENCES load_balancers (id),
    name             text        NOT NULL,
    description      text        NOT NULL,
    runtime_api      text        NOT NULL,
    backends         jsonb       NOT NULL,
    manage_servers   boolean     NOT NULL,
    admin_state_up   boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_haproxy_bindings_name ON haproxy_bindings (load_balancer_id, name) WHERE name <> '';
CREATE INDEX ix_haproxy_bindings_project ON haproxy_bindings (project_id, numeric_id);
CREATE INDEX ix_haproxy_bindings_load_balancer ON haproxy_bindings (load_balancer_id);
