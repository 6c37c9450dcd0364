-- Refunds the ledger has recorded but the payment provider has not confirmed yet: an outbox, written in the same
-- transaction as the ledger's refund, so a crash or a failed call between the two leaves a row the recovery pass
-- sends again (the provider is idempotent on the order's refund reference). Portable SQL.
CREATE TABLE provider_refunds (
    order_id        TEXT PRIMARY KEY REFERENCES orders (id),
    payment_id      TEXT NOT NULL REFERENCES payments (id),
    currency        TEXT NOT NULL,
    amount_minor    BIGINT NOT NULL CHECK (amount_minor > 0),
    created_at_ms   BIGINT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    confirmed_at_ms BIGINT
);
CREATE INDEX provider_refunds_unconfirmed ON provider_refunds (confirmed_at_ms, created_at_ms);
