-- Logistics, first part: carriers as partners, shipments and their tracking events in the canonical language
-- (shared::tracking), with the carrier's raw code and text kept. Portable SQL (SQLite and PostgreSQL).

CREATE TABLE carriers (
    -- The adapter's code: 'numeripost', 'scanline', 'batchfreight'.
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    -- The secret the carrier signs its webhooks with (HMAC-SHA256 over "<timestamp>.<body>").
    webhook_secret TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);

CREATE TABLE shipments (
    id                TEXT PRIMARY KEY,
    order_id          TEXT NOT NULL UNIQUE REFERENCES orders (id),
    carrier_code      TEXT NOT NULL REFERENCES carriers (code),
    tracking_number   TEXT NOT NULL,
    -- shared::tracking::TrackingStatus of the latest event that moved it, when that event happened, and the
    -- furthest stage of the parcel's life reached (ParcelState).
    status            TEXT NOT NULL,
    status_since_ms   BIGINT NOT NULL,
    furthest_stage    BIGINT,
    created_at_ms     BIGINT NOT NULL,
    delivered_at_ms   BIGINT,
    UNIQUE (carrier_code, tracking_number)
);

CREATE TABLE shipment_events (
    carrier_code    TEXT NOT NULL,
    -- The carrier's own event id: a second delivery of the same event is recognised and ignored.
    event_id        TEXT NOT NULL,
    shipment_id     TEXT NOT NULL REFERENCES shipments (id),
    status          TEXT NOT NULL,
    occurred_at_ms  BIGINT NOT NULL,
    location        TEXT,
    raw_code        TEXT NOT NULL,
    raw_text        TEXT NOT NULL,
    received_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (carrier_code, event_id)
);
CREATE INDEX shipment_events_timeline ON shipment_events (shipment_id, occurred_at_ms);
