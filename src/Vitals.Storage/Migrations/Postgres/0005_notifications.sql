-- Version 5: notifications (docs/notifications.md). Webhooks: a project's receivers of signed events, with the kinds
-- and member states they want (events, states: JSON arrays, [] meaning every one) and their signing secret (sealed
-- when the store has a secrets key; previous_secret still signs until previous_secret_expires_at after a rotation).
-- Alertmanagers: a project's Alertmanager instances (POST /api/v2/alerts), pushed the project's alerts.
-- Webhook deliveries: the outbox. Each row is one event for one webhook, written in the transaction that records the
-- transitions it comes from, by the one node that holds the notifications advisory lock; a webhook's rows are sent in
-- numeric_id order (Pending -> Delivered, or Dead once the retry bound is over). A redelivery is a new row
-- (redelivery_of: the row it repeats). Deleting a webhook deletes them.
CREATE TABLE webhooks (
    numeric_id                 bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id                         text        NOT NULL CONSTRAINT webhooks_id_key UNIQUE,
    project_id                 text        NOT NULL CONSTRAINT webhooks_project_id_fkey REFERENCES projects (id),
    name                       text        NOT NULL,
    description                text        NOT NULL,
    url                        text        NOT NULL,
    events                     jsonb       NOT NULL,
    states                     jsonb       NOT NULL,
    admin_state_up             boolean     NOT NULL,
    secret                     text        NOT NULL,
    previous_secret            text        NULL,
    previous_secret_expires_at timestamptz NULL,
    created_at                 timestamptz NOT NULL,
    updated_at                 timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_webhooks_name ON webhooks (project_id, name) WHERE name <> '';
CREATE INDEX ix_webhooks_project ON webhooks (project_id, numeric_id);

CREATE TABLE alertmanagers (
    numeric_id     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id             text        NOT NULL CONSTRAINT alertmanagers_id_key UNIQUE,
    project_id     text        NOT NULL CONSTRAINT alertmanagers_project_id_fkey REFERENCES projects (id),
    name           text        NOT NULL,
    description    text        NOT NULL,
    url            text        NOT NULL,
    admin_state_up boolean     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE UNIQUE INDEX ux_alertmanagers_name ON alertmanagers (project_id, name) WHERE name <> '';
CREATE INDEX ix_alertmanagers_project ON alertmanagers (project_id, numeric_id);

CREATE TABLE webhook_deliveries (
    numeric_id       bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    webhook_id       text        NOT NULL CONSTRAINT webhook_deliveries_webhook_id_fkey REFERENCES webhooks (id) ON DELETE CASCADE,
    project_id       text        NOT NULL,
    event_id         text        NOT NULL,
    kind             text        NOT NULL,
    event_at         timestamptz NOT NULL,
    payload          text        NOT NULL,
    status           text        NOT NULL,
    attempts         integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    next_attempt_at  timestamptz NOT NULL,
    last_attempt_at  timestamptz NULL,
    last_status_code integer     NULL,
    last_error       text        NULL,
    last_duration_ms integer     NULL,
    delivered_at     timestamptz NULL,
    redelivery_of    bigint      NULL
);
CREATE INDEX ix_webhook_deliveries_webhook ON webhook_deliveries (webhook_id, numeric_id);
CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (status, webhook_id, numeric_id);
