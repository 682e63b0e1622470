-- Vitals schema, version 1. Instants are unix milliseconds (UTC); enums are their C# member names (Tcp, TcpSsl,
-- UdpConnect, Healthy, ConnectTimeout, L4Ok...). Every resource has a numeric id that only grows (AUTOINCREMENT:
-- never reused, so keyset paging and OVH's integer ids stay stable) and a stable string id with a readable prefix.

CREATE TABLE projects (
    numeric_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_projects_name ON projects (name) WHERE name <> '';

-- Everything that authenticates a caller: bearer tokens (key_id = SHA-256 of the token, secret empty), Alibaba
-- AccessKeys (key_id = AccessKeyId, secret = AccessKeySecret), OVH credentials (key_id = consumer key, secret =
-- application secret, extra = application key). project_id NULL = an admin credential (every project).
CREATE TABLE credentials (
    numeric_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id  TEXT    NULL REFERENCES projects (id),
    kind        TEXT    NOT NULL,
    key_id      TEXT    NOT NULL,
    secret      TEXT    NOT NULL,
    extra       TEXT    NULL,
    description TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER NULL
);
CREATE UNIQUE INDEX ux_credentials_kind_key ON credentials (kind, key_id);
CREATE INDEX ix_credentials_project ON credentials (project_id);

CREATE TABLE load_balancers (
    numeric_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT    NOT NULL UNIQUE,
    project_id  TEXT    NOT NULL REFERENCES projects (id),
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL,
    region      TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_load_balancers_name ON load_balancers (project_id, name) WHERE name <> '';
CREATE INDEX ix_load_balancers_project ON load_balancers (project_id, numeric_id);

CREATE TABLE server_groups (
    numeric_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    load_balancer_id TEXT    NOT NULL REFERENCES load_balancers (id),
    name             TEXT    NOT NULL,
    protocol         TEXT    NOT NULL,
    lb_algorithm     TEXT    NOT NULL,
    admin_state_up   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX ix_server_groups_project ON server_groups (project_id, numeric_id);
CREATE INDEX ix_server_groups_load_balancer ON server_groups (load_balancer_id);

CREATE TABLE listeners (
    numeric_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    load_balancer_id TEXT    NOT NULL REFERENCES load_balancers (id),
    name             TEXT    NOT NULL,
    protocol         TEXT    NOT NULL,
    protocol_port    INTEGER NOT NULL,
    default_pool_id  TEXT    NULL REFERENCES server_groups (id),
    admin_state_up   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_listeners_port ON listeners (load_balancer_id, protocol, protocol_port);
CREATE INDEX ix_listeners_project ON listeners (project_id, numeric_id);
CREATE INDEX ix_listeners_default_pool ON listeners (default_pool_id);

CREATE TABLE instances (
    numeric_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT    NOT NULL UNIQUE,
    project_id          TEXT    NOT NULL REFERENCES projects (id),
    name                TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    address             TEXT    NOT NULL,
    node_exporter_url   TEXT    NULL,
    maintenance_windows TEXT    NOT NULL,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_instances_name ON instances (project_id, name) WHERE name <> '';
CREATE INDEX ix_instances_project ON instances (project_id, numeric_id);

CREATE TABLE members (
    numeric_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL UNIQUE,
    project_id     TEXT    NOT NULL REFERENCES projects (id),
    pool_id        TEXT    NOT NULL REFERENCES server_groups (id),
    name           TEXT    NOT NULL,
    address        TEXT    NOT NULL,
    protocol_port  INTEGER NOT NULL,
    weight         INTEGER NOT NULL,
    admin_state_up INTEGER NOT NULL,
    instance_id    TEXT    NULL REFERENCES instances (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_members_endpoint ON members (pool_id, address, protocol_port);
CREATE INDEX ix_members_project ON members (project_id, numeric_id);
CREATE INDEX ix_members_instance ON members (instance_id);

-- The monitor's spec is kept in columns (not a blob) so that filters and ad-hoc queries work.
CREATE TABLE health_monitors (
    numeric_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT    NOT NULL UNIQUE,
    project_id       TEXT    NOT NULL REFERENCES projects (id),
    pool_id          TEXT    NOT NULL UNIQUE REFERENCES server_groups (id) ON DELETE CASCADE,
    name             TEXT    NOT NULL,
    type             TEXT    NOT NULL,
    delay            INTEGER NOT NULL,
    timeout          INTEGER NOT NULL,
    max_retries      INTEGER NOT NULL,
    max_retries_down INTEGER NOT NULL,
    expected_codes   TEXT    NOT NULL,
    url_path         TEXT    NOT NULL,
    http_method      TEXT    NOT NULL,
    domain_name      TEXT    NULL,
    monitor_port     INTEGER NULL,
    admin_state_up   INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX ix_health_monitors_project ON health_monitors (project_id, numeric_id);

-- The latest state of each member and a summary of its last check: what a restart resumes from.
CREATE TABLE member_health (
    member_id        TEXT    PRIMARY KEY REFERENCES members (id) ON DELETE CASCADE,
    state            TEXT    NOT NULL,
    since            INTEGER NOT NULL,
    last_outcome     TEXT    NULL,
    last_reason      TEXT    NULL,
    last_check_code  TEXT    NULL,
    last_status_code INTEGER NULL,
    last_connect_us  INTEGER NULL,
    last_tls_us      INTEGER NULL,
    last_first_byte_us INTEGER NULL,
    last_total_us    INTEGER NULL,
    last_detail      TEXT    NULL,
    last_content     TEXT    NULL,
    last_checked_at  INTEGER NULL
) WITHOUT ROWID;

-- Every state change of a member, with its evidence summarised as compact JSON.
CREATE TABLE member_transitions (
    numeric_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    member_id   TEXT    NOT NULL REFERENCES members (id) ON DELETE CASCADE,
    from_state  TEXT    NOT NULL,
    to_state    TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    cause       TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    evidence    TEXT    NOT NULL
);
CREATE INDEX ix_member_transitions_member ON member_transitions (member_id, numeric_id);
