-- Seller onboarding: the shop's profile, its payout account, the seller rules it accepted, its verification by an
-- operator, and the identity documents it uploads for that. Portable SQL (SQLite and PostgreSQL).
--
-- `sellers.verification_status` (migration 0010) stays the one contract other code reads: listings are published
-- only when it is 'verified'. New shops are inserted 'unverified' explicitly by sign-up.

-- The profile. `handling_days` exists since 0003.
ALTER TABLE sellers ADD COLUMN description TEXT NOT NULL DEFAULT '';
-- A content-addressed key in the media store (`<sha256>.<ext>`), served publicly at /media/{key} like product images.
ALTER TABLE sellers ADD COLUMN logo_media_key TEXT;
-- Days after delivery in which the shop takes returns (0..=90); 0 means none.
ALTER TABLE sellers ADD COLUMN return_window_days BIGINT NOT NULL DEFAULT 30;
ALTER TABLE sellers ADD COLUMN return_policy TEXT NOT NULL DEFAULT '';

-- Where payouts go: the payment provider's token for the bank account and a masked label to show
-- ("Test Bank ••••6789"). A full account number is never stored here.
ALTER TABLE sellers ADD COLUMN payout_account_token TEXT;
ALTER TABLE sellers ADD COLUMN payout_account_label TEXT;

-- The version of the seller rules accepted, and when (`shared::shop::SELLER_RULES_VERSION`).
ALTER TABLE sellers ADD COLUMN rules_version BIGINT;
ALTER TABLE sellers ADD COLUMN rules_accepted_at_ms BIGINT;

-- Verification: when the seller last submitted, when an operator last decided, who, and why (a rejection's reason
-- is shown to the seller).
ALTER TABLE sellers ADD COLUMN verification_submitted_at_ms BIGINT;
ALTER TABLE sellers ADD COLUMN verification_decided_at_ms BIGINT;
ALTER TABLE sellers ADD COLUMN verification_decided_by TEXT REFERENCES users (id);
ALTER TABLE sellers ADD COLUMN verification_reason TEXT;
-- The operator's queue: pending shops, oldest submission first.
CREATE INDEX sellers_verification_queue ON sellers (verification_status, verification_submitted_at_ms, id);

-- Identity documents. The file is under the documents directory (never the public media directory), named
-- `<id>.<ext>`; only the shop's own seller and operators can read it, through an authorized endpoint. A shop's
-- current document is its newest; older ones stay as the record of what was checked.
CREATE TABLE shop_documents (
    id             TEXT PRIMARY KEY,
    seller_id      TEXT NOT NULL REFERENCES sellers (id),
    kind           TEXT NOT NULL CHECK (kind IN ('identity')),
    content_type   TEXT NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    byte_size      BIGINT NOT NULL,
    -- SHA-256 of the content, hex: proves the file on disk is the one checked.
    sha256         TEXT NOT NULL,
    uploaded_by    TEXT NOT NULL REFERENCES users (id),
    uploaded_at_ms BIGINT NOT NULL
);
CREATE INDEX shop_documents_newest ON shop_documents (seller_id, uploaded_at_ms DESC, id DESC);

-- The test payment provider's tokenized bank accounts (payout destinations). It stands for an outside system:
-- like its cards, only a token, the holder's name and the last four digits are kept.
CREATE TABLE test_provider_bank_accounts (
    token         TEXT PRIMARY KEY,
    holder_name   TEXT NOT NULL,
    last4         TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);
