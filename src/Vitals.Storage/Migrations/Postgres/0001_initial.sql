-- Vitals schema for PostgreSQL, version 1: the same tables, columns and rules as the SQLite schema
-- (Migrations/0001_initial.sql), in PostgreSQL's types. Instants are timestamptz written already cut to the
-- millisecond, so they read back exactly as SQLite's unix milliseconds do; enums are their C# member names; JSON
-- columns are jsonb. numeric_id is an identity column: its sequence never hands out a number twice, even after the
-- newest row is deleted, so keyset paging and OVH's integer ids stay stable. Constraint names are spelled out
-- because PostgresConflicts maps them to the field a conflict or a missing reference names.

CREATE TABLE projects (
    numeric_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text        NOT NULL CONSTRAINT projects_id_key UNIQUE,
    name        text        NOT NULL,
    created_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_projects_name ON projects (name) WHERE name <> '';

CREATE TABLE credentials (
    numeric_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  text        NULL CONSTRAINT credentials_project_id_fkey REFERENCES projects (id),
    kind        text        NOT NULL,
    key_id      text        NOT NULL,
    secret      text        NOT NULL,
    extra       text        NULL,
    description text        NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz NULL
);
CREATE UNIQUE INDEX ux_credentials_kind_key ON credentials (kind, key_id);
CREATE INDEX ix_credentials_project ON credentials (project_id);

CREATE TABLE load_balancers (
    numeric_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id          text        NOT NULL CONSTRAINT load_balancers_id_key UNIQUE,
    project_id  text        NOT NULL CONSTRAINT load_balancers_project_id_fkey REFERENCES projects (id),
    name        text        NOT NULL,
    description text        NOT NULL,
    region      text        NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_load_balancers_name ON load_balancers (project_id, name) WHERE name <> '';
CREATE INDEX ix_load_balancers_project ON load_balancers (project_id, numeric_id);

CREATE TABLE server_groups (
    numeric_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text        NOT NULL CONSTRAINT server_groups_id_key UNIQUE,
    project_id       text        NOT NULL CONSTRAINT server_groups_project_id_fkey REFERENCES projects (id),
    load_balancer_id text        NOT NULL CONSTRAINT server_groups_load_balancer_id_fkey REFERENCES load_balancers (id),
    name             text        NOT NULL,
    protocol         text        NOT NULL,
    lb_algorithm     text        NOT NULL,
    admin_state_up   boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX ix_server_groups_project ON server_groups (project_id, numeric_id);
CREATE INDEX ix_server_groups_load_balancer ON server_groups (load_balancer_id);

CREATE TABLE listeners (
    numeric_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text        NOT NULL CONSTRAINT listeners_id_key UNIQUE,
    project_id       text        NOT NULL CONSTRAINT listeners_project_id_fkey REFERENCES projects (id),
    load_balancer_id text        NOT NULL CONSTRAINT listeners_load_balancer_id_fkey REFERENCES load_balancers (id),
    name             text        NOT NULL,
    protocol         text        NOT NULL,
    protocol_port    integer     NOT NULL,
    default_pool_id  text        NULL CONSTRAINT listeners_default_pool_id_fkey REFERENCES server_groups (id),
    admin_state_up   boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_listeners_port ON listeners (load_balancer_id, protocol, protocol_port);
CREATE INDEX ix_listeners_project ON listeners (project_id, numeric_id);
CREATE INDEX ix_listeners_default_pool ON listeners (default_pool_id);

CREATE TABLE instances (
    numeric_id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                  text        NOT NULL CONSTRAINT instances_id_key UNIQUE,
    project_id          text        NOT NULL CONSTRAINT instances_project_id_fkey REFERENCES projects (id),
    name                text        NOT NULL,
    region              text        NOT NULL,
    address             text        NOT NULL,
    node_exporter_url   text        NULL,
    maintenance_windows jsonb       NOT NULL,
    created_at          timestamptz NOT NULL,
    updated_at          timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_instances_name ON instances (project_id, name) WHERE name <> '';
CREATE INDEX ix_instances_project ON instances (project_id, numeric_id);

CREATE TABLE members (
    numeric_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text        NOT NULL CONSTRAINT members_id_key UNIQUE,
    project_id     text        NOT NULL CONSTRAINT members_project_id_fkey REFERENCES projects (id),
    pool_id        text        NOT NULL CONSTRAINT members_pool_id_fkey REFERENCES server_groups (id),
    name           text        NOT NULL,
    address        text        NOT NULL,
    protocol_port  integer     NOT NULL,
    weight         integer     NOT NULL,
    admin_state_up boolean     NOT NULL,
    instance_id    text        NULL CONSTRAINT members_instance_id_fkey REFERENCES instances (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_members_endpoint ON members (pool_id, address, protocol_port);
CREATE INDEX ix_members_project ON members (project_id, numeric_id);
CREATE INDEX ix_members_instance ON members (instance_id);

CREATE TABLE health_monitors (
    numeric_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id               text        NOT NULL CONSTRAINT health_monitors_id_key UNIQUE,
    project_id       text        NOT NULL CONSTRAINT health_monitors_project_id_fkey REFERENCES projects (id),
    pool_id          text        NOT NULL CONSTRAINT ux_health_monitors_pool UNIQUE
                                 CONSTRAINT health_monitors_pool_id_fkey REFERENCES server_groups (id) ON DELETE CASCADE,
    name             text        NOT NULL,
    type             text        NOT NULL,
    delay            integer     NOT NULL,
    timeout          integer     NOT NULL,
    max_retries      integer     NOT NULL,
    max_retries_down integer     NOT NULL,
    expected_codes   text        NOT NULL,
    url_path         text        NOT NULL,
    http_method      text        NOT NULL,
    domain_name      text        NULL,
    monitor_port     integer     NULL,
    admin_state_up   boolean     NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX ix_health_monitors_project ON health_monitors (project_id, numeric_id);

CREATE TABLE member_health (
    member_id          text        PRIMARY KEY CONSTRAINT member_health_member_id_fkey REFERENCES members (id) ON DELETE CASCADE,
    state              text        NOT NULL,
    since              timestamptz NOT NULL,
    last_outcome       text        NULL,
    last_reason        text        NULL,
    last_check_code    text        NULL,
    last_status_code   integer     NULL,
    last_connect_us    integer     NULL,
    last_tls_us        integer     NULL,
    last_first_byte_us integer     NULL,
    last_total_us      integer     NULL,
    last_detail        text        NULL,
    last_content       text        NULL,
    last_checked_at    timestamptz NULL
);

CREATE TABLE member_transitions (
    numeric_id  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    member_id   text        NOT NULL CONSTRAINT member_transitions_member_id_fkey REFERENCES members (id) ON DELETE CASCADE,
    from_state  text        NOT NULL,
    to_state    text        NOT NULL,
    at          timestamptz NOT NULL,
    cause       text        NOT NULL,
    reason      text        NOT NULL,
    evidence    jsonb       NOT NULL
);
CREATE INDEX ix_member_transitions_member ON member_transitions (member_id, numeric_id);
