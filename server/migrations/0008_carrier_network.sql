-- Logistics, second part: the carrier registry (coverage, service levels with transit times and prices, pickup
-- cut-off, daily capacity), what each shipment was promised, and SLA breaches. Portable SQL (SQLite and
-- PostgreSQL).

-- Minutes after midnight UTC by which a parcel must be handed over to leave the same day.
ALTER TABLE carriers ADD COLUMN pickup_cutoff_minute BIGINT NOT NULL DEFAULT 960;
-- Parcels the carrier takes per day (UTC) from Bazaar's sellers.
ALTER TABLE carriers ADD COLUMN daily_capacity BIGINT NOT NULL DEFAULT 1000;
-- For a carrier that is polled rather than pushing: where its feed left off (its own opaque cursor).
ALTER TABLE carriers ADD COLUMN poll_cursor TEXT;

-- A carrier's coverage: the lanes it serves at each service level, with its published transit and its price.
CREATE TABLE carrier_lanes (
    carrier_code       TEXT NOT NULL REFERENCES carriers (code),
    origin_region      TEXT NOT NULL,
    destination_region TEXT NOT NULL,
    service_level      TEXT NOT NULL CHECK (service_level IN ('economy', 'standard', 'express')),
    transit_min_days   BIGINT NOT NULL CHECK (transit_min_days >= 0),
    transit_max_days   BIGINT NOT NULL CHECK (transit_max_days >= transit_min_days),
    currency           TEXT NOT NULL,
    price_minor        BIGINT NOT NULL CHECK (price_minor >= 0),
    PRIMARY KEY (carrier_code, origin_region, destination_region, service_level)
);
CREATE INDEX carrier_lanes_by_lane ON carrier_lanes (origin_region, destination_region, service_level);

-- What the shipment was booked as, and what it was promised.
ALTER TABLE shipments ADD COLUMN service_level TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE shipments ADD COLUMN origin_region TEXT NOT NULL DEFAULT '';
ALTER TABLE shipments ADD COLUMN destination_region TEXT NOT NULL DEFAULT '';
ALTER TABLE shipments ADD COLUMN currency TEXT NOT NULL DEFAULT 'USD';
ALTER TABLE shipments ADD COLUMN price_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE shipments ADD COLUMN transit_max_days BIGINT NOT NULL DEFAULT 0;
-- When the carrier first scanned the parcel (the handover), and the delivery deadline that follows from it.
ALTER TABLE shipments ADD COLUMN first_scan_at_ms BIGINT;
ALTER TABLE shipments ADD COLUMN deliver_by_ms BIGINT;
-- 1 once an exception, a loss or a return was reported.
ALTER TABLE shipments ADD COLUMN had_exception BIGINT NOT NULL DEFAULT 0;
CREATE INDEX shipments_by_carrier ON shipments (carrier_code, created_at_ms);

-- The shopper-facing lanes learn from measured transit: how many recent deliveries set the window (0 = the
-- published one).
ALTER TABLE shipping_lanes ADD COLUMN measured_deliveries BIGINT NOT NULL DEFAULT 0;

-- One broken promise per kind and order (shared::logistics::BreachKind), found by the SLA job.
CREATE TABLE sla_breaches (
    kind           TEXT NOT NULL,
    order_id       TEXT NOT NULL REFERENCES orders (id),
    -- 'seller' or 'carrier': who answers for it.
    party          TEXT NOT NULL,
    seller_id      TEXT NOT NULL,
    carrier_code   TEXT,
    deadline_ms    BIGINT NOT NULL,
    detected_at_ms BIGINT NOT NULL,
    PRIMARY KEY (kind, order_id)
);
CREATE INDEX sla_breaches_by_seller ON sla_breaches (seller_id, detected_at_ms);
CREATE INDEX sla_breaches_by_carrier ON sla_breaches (carrier_code, detected_at_ms);
