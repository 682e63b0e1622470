-- Version 5: notifications (docs/notifications.md). Webhooks: a project's receivers of signed events, with the kinds
-- and member states they want (events, states: JSON arrays, [] meaning every one) and their signing secret (sealed
-- when the store has a secrets key; previous_secret still signs until previous_secret_expires_at after a rotation).
-- Alertmanagers: a project's Alertmanager instances (POST /api/v2/alerts), pushed the project's alerts.
-- Webhook deliveries: the outbox. Each row is one event for one webhook, written in the transaction that records the
-- transitions it comes from; a webhook's rows are sent in numeric_id order (Pending -> Delivered, or Dead once the
-- retry bound is over). A redelivery is a new row (redelivery_of: the row it repeats). Deleting a webhook deletes them.
CREATE TABLE webhooks (
    numeric_id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    id                         TEXT    NOT NULL UNIQUE,
    project_id                 TEXT    NOT NULL REFERENCES projects (id),
    name                       TEXT    NOT NULL,
    description                TEXT    NOT NULL,
    url                        TEXT    NOT NULL,
    events                     TEXT    NOT NULL,
    states                     TEXT    NOT NULL,
    admin_state_up             INTEGER NOT NULL,
    secret                     TEXT    NOT NULL,
    previous_secret            TEXT    NULL,
    previous_secret_expires_at INTEGER NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_webhooks_name ON webhooks (project_id, name) WHERE name <> '';
CREATE INDEX ix_webhooks_project ON webhooks (project_id, numeric_id);

CREATE TABLE alertmanagers (
    numeric_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    id             TEXT    NOT NULL UNIQUE,
    project_id     TEXT    NOT NULL REFERENCES projects (id),
    name           TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    url            TEXT    NOT NULL,
    admin_state_up INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_alertmanagers_name ON alertmanagers (project_id, name) WHERE name <> '';
CREATE INDEX ix_alertmanagers_project ON alertmanagers (project_id, numeric_id);

CREATE TABLE webhook_deliveries (
    numeric_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    webhook_id       TEXT    NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    project_id       TEXT    NOT NULL,
    event_id         TEXT    NOT NULL,
    kind             TEXT    NOT NULL,
    event_at         INTEGER NOT NULL,
    payload          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    next_attempt_at  INTEGER NOT NULL,
    last_attempt_at  INTEGER NULL,
    last_status_code INTEGER NULL,
    last_error       TEXT    NULL,
    last_duration_ms INTEGER NULL,
    delivered_at     INTEGER NULL,
    redelivery_of    INTEGER NULL
);
CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, numeric_id);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (status, webhook_id, numeric_id);
