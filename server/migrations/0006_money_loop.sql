-- The money loop: carts, promotions, orders under one checkout, payments, the double-entry ledger, payouts and
-- idempotency keys. Portable SQL (SQLite and PostgreSQL): TEXT ids (UUIDv7), BIGINT integers and minor units with
-- the ISO-4217 code beside them, BIGINT Unix-millisecond times.

-- The platform's commission per category, in basis points of the items (1000 = 10 %), taken from the seller.
ALTER TABLE categories ADD COLUMN commission_bps BIGINT NOT NULL DEFAULT 1000
    CHECK (commission_bps BETWEEN 0 AND 10000);

-- A signed-in shopper's cart (a signed-out shopper's lives in the browser and merges in on sign-in).
CREATE TABLE cart_lines (
    user_id     TEXT NOT NULL REFERENCES users (id),
    variant_id  TEXT NOT NULL REFERENCES product_variants (id),
    quantity    BIGINT NOT NULL CHECK (quantity BETWEEN 1 AND 99),
    added_at_ms BIGINT NOT NULL,
    PRIMARY KEY (user_id, variant_id)
);

-- A seller's promotions; the rule's numbers sit in the columns its kind uses (shared::pricing::PromotionRule).
CREATE TABLE promotions (
    id              TEXT PRIMARY KEY,
    seller_id       TEXT NOT NULL REFERENCES sellers (id),
    label           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('percent_off', 'amount_off_over', 'buy_n_get_one')),
    percent_bps     BIGINT,
    cap_minor       BIGINT,
    threshold_minor BIGINT,
    off_minor       BIGINT,
    product_id      TEXT REFERENCES products (id),
    buy             BIGINT,
    created_at_ms   BIGINT NOT NULL
);
CREATE INDEX promotions_by_seller ON promotions (seller_id);

-- One checkout: the shopper, where it goes, and the orders (one per seller) and payments (one per currency).
CREATE TABLE order_groups (
    id            TEXT PRIMARY KEY,
    shopper_id    TEXT NOT NULL REFERENCES users (id),
    ship_name     TEXT NOT NULL,
    ship_line1    TEXT NOT NULL,
    ship_line2    TEXT NOT NULL,
    ship_city     TEXT NOT NULL,
    ship_postcode TEXT NOT NULL,
    ship_region   TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE payments (
    id                  TEXT PRIMARY KEY,
    group_id            TEXT NOT NULL REFERENCES order_groups (id),
    currency            TEXT NOT NULL,
    amount_minor        BIGINT NOT NULL CHECK (amount_minor >= 0),
    -- pending: sent to the provider, no answer yet; requires_challenge: the shopper must confirm with their bank.
    state               TEXT NOT NULL CHECK (state IN ('pending', 'requires_challenge', 'succeeded', 'failed')),
    provider            TEXT NOT NULL,
    provider_payment_id TEXT,
    -- Only what the provider tells us about the card: never its number.
    card_brand          TEXT,
    card_last4          TEXT,
    failure_code        TEXT,
    failure_message     TEXT,
    created_at_ms       BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL
);
CREATE INDEX payments_by_group ON payments (group_id);
CREATE INDEX payments_by_state ON payments (state, created_at_ms);

CREATE TABLE orders (
    id                          TEXT PRIMARY KEY,
    group_id                    TEXT NOT NULL REFERENCES order_groups (id),
    payment_id                  TEXT NOT NULL REFERENCES payments (id),
    shopper_id                  TEXT NOT NULL REFERENCES users (id),
    seller_id                   TEXT NOT NULL REFERENCES sellers (id),
    -- shared::order::OrderState
    state                       TEXT NOT NULL,
    currency                    TEXT NOT NULL,
    items_subtotal_minor        BIGINT NOT NULL,
    discount_minor              BIGINT NOT NULL,
    shipping_minor              BIGINT NOT NULL,
    total_minor                 BIGINT NOT NULL CHECK (total_minor >= 0),
    commission_minor            BIGINT NOT NULL CHECK (commission_minor >= 0),
    -- Applied promotions as JSON: [{"label": "...", "amount": {...}}].
    promotions                  TEXT NOT NULL DEFAULT '[]',
    delivery_service_level      TEXT NOT NULL,
    delivery_carrier            TEXT NOT NULL,
    delivery_days_min           BIGINT NOT NULL,
    delivery_days_max           BIGINT NOT NULL,
    -- shared::order::ReleaseTimer: due time, or the time left while a dispute pauses it.
    release_at_ms               BIGINT,
    release_paused_remaining_ms BIGINT,
    cancelled_by                TEXT,
    cancel_reason               TEXT,
    tracking_number             TEXT,
    created_at_ms               BIGINT NOT NULL,
    updated_at_ms               BIGINT NOT NULL,
    paid_at_ms                  BIGINT,
    shipped_at_ms               BIGINT,
    delivered_at_ms             BIGINT,
    completed_at_ms             BIGINT
);
CREATE INDEX orders_by_shopper ON orders (shopper_id, created_at_ms DESC);
CREATE INDEX orders_by_seller ON orders (seller_id, state, created_at_ms DESC);
CREATE INDEX orders_by_group ON orders (group_id);
CREATE INDEX orders_release_due ON orders (state, release_at_ms);

CREATE TABLE order_lines (
    order_id         TEXT NOT NULL REFERENCES orders (id),
    position         BIGINT NOT NULL,
    product_id       TEXT NOT NULL REFERENCES products (id),
    variant_id       TEXT NOT NULL REFERENCES product_variants (id),
    title            TEXT NOT NULL,
    sku              TEXT NOT NULL,
    quantity         BIGINT NOT NULL CHECK (quantity > 0),
    unit_price_minor BIGINT NOT NULL,
    subtotal_minor   BIGINT NOT NULL,
    discount_minor   BIGINT NOT NULL,
    total_minor      BIGINT NOT NULL,
    commission_bps   BIGINT NOT NULL,
    PRIMARY KEY (order_id, position)
);

-- The ledger: immutable. A transaction's entries sum to zero per currency (checked in shared::ledger before the
-- insert, and by the balance audit). `dedupe_key` makes posting the same movement twice impossible:
-- 'capture:<payment>', 'release:<order>', 'refund:<order>', 'payout:<payout>', 'payout_reversal:<payout>'.
CREATE TABLE ledger_transactions (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('capture', 'release', 'refund', 'payout', 'payout_reversal')),
    dedupe_key    TEXT NOT NULL UNIQUE,
    order_id      TEXT,
    payment_id    TEXT,
    payout_id     TEXT,
    created_at_ms BIGINT NOT NULL
);
CREATE INDEX ledger_transactions_by_order ON ledger_transactions (order_id);

CREATE TABLE ledger_entries (
    transaction_id TEXT NOT NULL REFERENCES ledger_transactions (id),
    position       BIGINT NOT NULL,
    -- shared::ledger::Account as text: 'escrow:<order>', 'seller_available:<seller>', 'provider_clearing', ...
    account        TEXT NOT NULL,
    currency       TEXT NOT NULL,
    amount_minor   BIGINT NOT NULL CHECK (amount_minor <> 0),
    PRIMARY KEY (transaction_id, position)
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (account, currency);

CREATE TABLE payouts (
    id                 TEXT PRIMARY KEY,
    seller_id          TEXT NOT NULL REFERENCES sellers (id),
    currency           TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL CHECK (amount_minor > 0),
    state              TEXT NOT NULL CHECK (state IN ('pending', 'paid', 'failed')),
    provider_payout_id TEXT,
    failure_message    TEXT,
    requested_at_ms    BIGINT NOT NULL,
    settled_at_ms      BIGINT
);
CREATE INDEX payouts_by_seller ON payouts (seller_id, requested_at_ms DESC);

-- Idempotency keys of state-changing requests, per account. The first answer is kept and replayed for 24 h.
CREATE TABLE idempotency_keys (
    owner_id        TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    -- SHA-256 of the operation and its parameters: the same key with other parameters is a conflict.
    request_sha256  TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('running', 'done')),
    response_status BIGINT,
    response_body   TEXT,
    -- The checkout the request created, so a retry after a crash can answer from what was saved.
    group_id        TEXT,
    created_at_ms   BIGINT NOT NULL,
    PRIMARY KEY (owner_id, idempotency_key)
);
CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at_ms);

-- Webhook events already handled, so a provider's retry does nothing the second time.
CREATE TABLE provider_events (
    provider       TEXT NOT NULL,
    event_id       TEXT NOT NULL,
    received_at_ms BIGINT NOT NULL,
    PRIMARY KEY (provider, event_id)
);

-- The built-in test payment provider's own records. It stands for an outside system, so it keeps its state in
-- its own tables, written in its own transactions: it remembers a charge even when our side crashed mid-checkout.
-- Cards are kept as the behaviour their test number selects, the brand and the last four digits — never the number.
CREATE TABLE test_provider_cards (
    token         TEXT PRIMARY KEY,
    behaviour     TEXT NOT NULL,
    brand         TEXT NOT NULL,
    last4         TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE test_provider_charges (
    id                 TEXT PRIMARY KEY,
    -- Our payment id: the provider's idempotency key, so a retried charge never charges twice.
    merchant_reference TEXT NOT NULL UNIQUE,
    token              TEXT NOT NULL,
    currency           TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('requires_challenge', 'authorized', 'succeeded', 'failed')),
    failure_code       TEXT,
    refunded_minor     BIGINT NOT NULL DEFAULT 0,
    created_at_ms      BIGINT NOT NULL
);

CREATE TABLE test_provider_refunds (
    merchant_reference TEXT PRIMARY KEY,
    charge_id          TEXT NOT NULL REFERENCES test_provider_charges (id),
    amount_minor       BIGINT NOT NULL,
    created_at_ms      BIGINT NOT NULL
);

CREATE TABLE test_provider_payouts (
    id                 TEXT PRIMARY KEY,
    merchant_reference TEXT NOT NULL UNIQUE,
    currency           TEXT NOT NULL,
    amount_minor       BIGINT NOT NULL,
    created_at_ms      BIGINT NOT NULL
);
