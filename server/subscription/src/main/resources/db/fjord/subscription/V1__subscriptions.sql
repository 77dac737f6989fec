-- Subscriptions as the delivery machinery needs them, beside the Subscription resources HAPI stores.

-- One row per Subscription resource, written in the transaction that stores the resource. Delivery state
-- lives here; a worker leases a row (lease_until) to deliver its next event, so each subscription has at
-- most one delivery in flight across all Fjord processes.
CREATE TABLE fjord_subscription (
    id                  VARCHAR(64)  PRIMARY KEY,
    status              VARCHAR(16)  NOT NULL,
    channel             VARCHAR(16)  NOT NULL,
    definition          TEXT         NOT NULL,
    subscriber          TEXT,
    secret              TEXT,
    heartbeat_seconds   INTEGER      NOT NULL DEFAULT 0,
    events_since_start  BIGINT       NOT NULL DEFAULT 0,
    delivered_through   BIGINT       NOT NULL DEFAULT 0,
    lease_until         TIMESTAMP WITH TIME ZONE,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    failing_since       TIMESTAMP WITH TIME ZONE,
    failures            INTEGER      NOT NULL DEFAULT 0,
    last_error          VARCHAR(500),
    last_delivery_at    TIMESTAMP WITH TIME ZONE,
    last_sent_at        TIMESTAMP WITH TIME ZONE,
    updated_at          TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX fjord_subscription_due ON fjord_subscription (next_attempt_at) WHERE status IN ('requested', 'active');

-- Binding tokens of websocket subscriptions ($get-ws-binding-token), kept here so that any Fjord process on
-- this database accepts them. Only a SHA-256 of the token is stored; a token binds one connection once.
CREATE TABLE fjord_subscription_binding_token (
    token_hash       CHAR(64)     PRIMARY KEY,
    subscription_id  VARCHAR(64)  NOT NULL REFERENCES fjord_subscription (id) ON DELETE CASCADE,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX fjord_subscription_binding_token_expiry ON fjord_subscription_binding_token (expires_at);

-- The outbox: one row per change to a resource of a type some subscription watches, inserted in the
-- transaction of the change itself, so a committed change always has its row. The dispatcher turns rows
-- into events and removes them.
CREATE TABLE fjord_subscription_change (
    id             BIGSERIAL    PRIMARY KEY,
    resource_type  VARCHAR(64)  NOT NULL,
    resource_id    VARCHAR(64)  NOT NULL,
    version        BIGINT       NOT NULL,
    interaction    VARCHAR(8)   NOT NULL,
    recorded_at    TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp()
);

-- Events of a subscription, numbered from 1 in the order they are delivered (eventsSinceSubscriptionStart).
-- Kept after delivery for $events (replay) until retention removes them.
CREATE TABLE fjord_subscription_event (
    subscription_id  VARCHAR(64)  NOT NULL REFERENCES fjord_subscription (id) ON DELETE CASCADE,
    event_number     BIGINT       NOT NULL,
    resource_type    VARCHAR(64)  NOT NULL,
    resource_id      VARCHAR(64)  NOT NULL,
    version          BIGINT       NOT NULL,
    interaction      VARCHAR(8)   NOT NULL,
    committed_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    delivered_at     TIMESTAMP WITH TIME ZONE,
    withheld         BOOLEAN      NOT NULL DEFAULT false,
    PRIMARY KEY (subscription_id, event_number)
);
CREATE INDEX fjord_subscription_event_committed ON fjord_subscription_event (committed_at);
