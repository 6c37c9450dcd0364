//! Ports: the services server functions need, declared here and implemented by the `server` crate.
//!
//! The server builds one [`Services`] at start-up and provides it as context to every server-function call.
//! REST handlers call the same implementations, so the SPA and partners see the same behaviour.

use std::net::IpAddr;
use std::sync::Arc;

use async_trait::async_trait;
use shared::auth::{Actor, Denied, Role};
use shared::commerce::{
    CancelRequest, CartItem, CartView, CheckoutRequest, CheckoutResult, LedgerEntryView, OrderDetail,
    OrderSummary, PayoutRequest, PayoutView, SellerBalance, ShipRequest,
};
use shared::dto::{
    AuditEntry, CategoryNode, CreatedToken, ErrorBody, Me, NewTokenRequest, Page, PageRequest, ProductDetail,
    ProductLookup, RankingExplanation, SearchQuery, SearchResults, SignUpRequest, TokenInfo,
};
use shared::ids::{OrderGroupId, OrderId, ProductId, SellerId, TokenId, UserId, VariantId};
use shared::order::OrderState;
use shared::shop::{
    AcceptRulesRequest, PayoutAccountRequest, RejectRequest, ShopProfileInput, ShopView, VerificationCase,
    VerificationQueueItem, VerificationStatus,
};

/// Who is asking, from where, and (for browser requests) a handle on their session.
#[derive(Clone, Default)]
pub struct RequestContext {
    pub actor: Actor,
    pub ip: Option<IpAddr>,
    /// Present for cookie-capable requests; lets sign-in and sign-out start and end the browser session.
    pub session: Option<Arc<dyn SessionControl>>,
}

/// Starting and ending a browser session, implemented by the server over its session store.
#[async_trait]
pub trait SessionControl: Send + Sync {
    /// Binds the session to `user` under a fresh id (so a session fixed before sign-in is worthless).
    async fn begin(&self, user: UserId) -> Result<(), ServiceError>;
    /// Deletes the session.
    async fn end(&self) -> Result<(), ServiceError>;
}

/// Accounts, sessions, API tokens and the audit log.
#[async_trait]
pub trait Accounts: Send + Sync + 'static {
    /// Creates a shopper or seller account (a seller's with its shop) and signs it in.
    async fn sign_up(&self, context: &RequestContext, request: SignUpRequest) -> Result<Me, ServiceError>;
    /// Checks the credentials (rate-limited per IP and per account) and signs in.
    async fn sign_in(
        &self,
        context: &RequestContext,
        email: &str,
        password: &str,
    ) -> Result<Me, ServiceError>;
    async fn sign_out(&self, context: &RequestContext) -> Result<(), ServiceError>;
    /// The signed-in account, or None for anonymous requests.
    async fn me(&self, context: &RequestContext) -> Result<Option<Me>, ServiceError>;
    async fn create_token(
        &self,
        context: &RequestContext,
        request: NewTokenRequest,
    ) -> Result<CreatedToken, ServiceError>;
    async fn list_tokens(&self, context: &RequestContext) -> Result<Vec<TokenInfo>, ServiceError>;
    async fn revoke_token(&self, context: &RequestContext, token: TokenId) -> Result<(), ServiceError>;
    /// Operators only.
    async fn audit_log(
        &self,
        context: &RequestContext,
        page: PageRequest,
    ) -> Result<Page<AuditEntry>, ServiceError>;
    /// Operators only; audited.
    async fn change_role(
        &self,
        context: &RequestContext,
        user: UserId,
        role: Role,
    ) -> Result<(), ServiceError>;
}

/// Reads of the catalog.
#[async_trait]
pub trait Catalog: Send + Sync + 'static {
    /// One page of listings matching the query, with facet counts over all of them.
    async fn search(&self, query: SearchQuery) -> Result<SearchResults, ServiceError>;

    /// Words to complete what the shopper is typing, forgiving a slip. Text over the query limit is Invalid.
    async fn suggest(&self, typed: &str) -> Result<Vec<String>, ServiceError>;

    /// One product's page, with delivery options to `region` when given (an unknown region is Invalid);
    /// NotFound for an unknown id.
    /// Counts a view of the page, unless the reader is the listing's own seller or an operator.
    async fn product(
        &self,
        context: &RequestContext,
        id: ProductId,
        region: Option<String>,
    ) -> Result<ProductDetail, ServiceError>;

    /// The category tree.
    async fn categories(&self) -> Result<Vec<CategoryNode>, ServiceError>;

    /// The listed products that exist, in the order asked; ids that do not exist come back in `missing`.
    async fn lookup_products(&self, ids: &[ProductId]) -> Result<ProductLookup, ServiceError>;

    /// Operators only: the signals and factor scores behind a listing's rank for `region` and `query`.
    async fn explain_ranking(
        &self,
        context: &RequestContext,
        id: ProductId,
        region: Option<String>,
        query: &str,
    ) -> Result<RankingExplanation, ServiceError>;
}

/// The shopper's cart and checkout.
#[async_trait]
pub trait Shopping: Send + Sync + 'static {
    /// The signed-in shopper's cart, with delivery options to `region` (an unknown region is Invalid).
    async fn cart(&self, context: &RequestContext, region: Option<String>) -> Result<CartView, ServiceError>;
    /// Adds units of a variant (capped at the line maximum).
    async fn add_to_cart(&self, context: &RequestContext, item: CartItem) -> Result<(), ServiceError>;
    /// Sets a line's quantity.
    async fn set_cart_quantity(&self, context: &RequestContext, item: CartItem) -> Result<(), ServiceError>;
    async fn remove_from_cart(
        &self,
        context: &RequestContext,
        variant: VariantId,
    ) -> Result<(), ServiceError>;
    /// Merges a signed-out cart into the account's (quantities add up, capped); unknown variants are skipped.
    async fn merge_cart(&self, context: &RequestContext, items: Vec<CartItem>) -> Result<(), ServiceError>;
    /// Checks out the cart once per `idempotency_key`: the same key replays the first result for 24 h.
    async fn checkout(
        &self,
        context: &RequestContext,
        idempotency_key: &str,
        request: CheckoutRequest,
    ) -> Result<CheckoutResult, ServiceError>;
    /// The checkout as it stands now. Payments still waiting (the bank's confirmation step, a lost answer) are
    /// looked up with the provider first, so polling this settles them.
    async fn refresh_checkout(
        &self,
        context: &RequestContext,
        group: OrderGroupId,
    ) -> Result<CheckoutResult, ServiceError>;
}

/// Orders after checkout: lists, detail, the moves each side may make, balances and payouts.
#[async_trait]
pub trait Orders: Send + Sync + 'static {
    /// The caller's orders: a shopper's own, a seller's shop's, or all for an operator.
    async fn list_orders(
        &self,
        context: &RequestContext,
        state: Option<OrderState>,
        sort: shared::commerce::OrderSort,
        page: PageRequest,
    ) -> Result<Page<OrderSummary>, ServiceError>;
    async fn order(&self, context: &RequestContext, id: OrderId) -> Result<OrderDetail, ServiceError>;
    async fn cancel_order(
        &self,
        context: &RequestContext,
        id: OrderId,
        request: CancelRequest,
    ) -> Result<OrderDetail, ServiceError>;
    async fn confirm_receipt(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<OrderDetail, ServiceError>;
    async fn ship_order(
        &self,
        context: &RequestContext,
        id: OrderId,
        request: ShipRequest,
    ) -> Result<OrderDetail, ServiceError>;
    /// A carrier partner (or an operator) reports the parcel delivered; starts the auto-release clock.
    async fn mark_delivered(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<OrderDetail, ServiceError>;
    /// The seller's held, available and paid-out money per currency.
    async fn seller_balances(&self, context: &RequestContext) -> Result<Vec<SellerBalance>, ServiceError>;
    /// The seller's money statement over a period of UTC days (default: this month): one page of lines, newest
    /// first, with the period's totals. The shop's seller only (operators and shoppers: Forbidden); a bad date,
    /// `from` after `to` or a period over 366 days is Invalid naming the parameter.
    async fn seller_statement(
        &self,
        context: &RequestContext,
        params: shared::statement::StatementParams,
    ) -> Result<shared::statement::SellerStatement, ServiceError>;
    /// Every line of the same statement as CSV (not paged).
    async fn seller_statement_csv(
        &self,
        context: &RequestContext,
        params: shared::statement::StatementParams,
    ) -> Result<shared::statement::StatementCsv, ServiceError>;
    async fn request_payout(
        &self,
        context: &RequestContext,
        request: PayoutRequest,
    ) -> Result<PayoutView, ServiceError>;
    async fn payouts(&self, context: &RequestContext) -> Result<Vec<PayoutView>, ServiceError>;
    /// The order's shipment with its tracking timeline (None until it ships with one of Bazaar's carriers).
    async fn tracking(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Option<shared::tracking::ShipmentView>, ServiceError>;
    /// The carriers proposed for the order's parcel, best first (the order's seller, or an operator).
    async fn carrier_proposals(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Vec<shared::logistics::CarrierProposal>, ServiceError>;
    /// The printable label of a shipped order (its seller, or an operator).
    async fn shipping_label(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<shared::logistics::ShippingLabel, ServiceError>;
    /// The seller's shipments, newest first, with their SLA breaches.
    async fn seller_shipments(
        &self,
        context: &RequestContext,
        page: PageRequest,
    ) -> Result<Page<shared::logistics::ShipmentSummary>, ServiceError>;
    /// The seller's SLA rules, recent breaches and counts.
    async fn seller_sla(
        &self,
        context: &RequestContext,
    ) -> Result<shared::logistics::SlaReport, ServiceError>;
    /// The performance scorecard of a shop: a seller reads their own (`seller` None or their shop's id; another
    /// shop's is NotFound), an operator names the shop.
    async fn seller_scorecard(
        &self,
        context: &RequestContext,
        seller: Option<shared::ids::SellerId>,
    ) -> Result<shared::scorecard::SellerScorecard, ServiceError>;
    /// A shop's sales analytics over a period of UTC days (default: the last 30): GMV, orders, views and
    /// conversion by day or ISO week, totals against the previous period, and one page of its top products in the
    /// order asked. A seller reads their own shop (`seller` unset or their shop's id; another shop's is NotFound),
    /// an operator names the shop; shoppers and carriers are Forbidden. A bad parameter is Invalid naming it.
    async fn seller_analytics(
        &self,
        context: &RequestContext,
        params: shared::analytics::AnalyticsParams,
    ) -> Result<shared::analytics::SellerAnalytics, ServiceError>;
    /// Carriers with their partner scores and breach counts (sellers, carriers and operators).
    async fn carrier_scorecards(
        &self,
        context: &RequestContext,
    ) -> Result<Vec<shared::logistics::CarrierScorecard>, ServiceError>;
    /// Operators only: every ledger posting that touched the order.
    async fn order_ledger(
        &self,
        context: &RequestContext,
        id: OrderId,
    ) -> Result<Vec<LedgerEntryView>, ServiceError>;
}

/// A seller's shop: profile, onboarding and verification; and the operators' verification queue. File uploads
/// (logo, identity document) and document downloads go through REST, which calls the same service.
#[async_trait]
pub trait Shops: Send + Sync + 'static {
    /// The caller's own shop (sellers).
    async fn my_shop(&self, context: &RequestContext) -> Result<ShopView, ServiceError>;
    /// Changes the profile; each field is checked by `shared::shop` (a bad one is Invalid naming it). Audited.
    async fn update_profile(
        &self,
        context: &RequestContext,
        input: ShopProfileInput,
    ) -> Result<ShopView, ServiceError>;
    /// Keeps the bank account the payment provider tokenized as the shop's payout destination. Audited.
    async fn set_payout_account(
        &self,
        context: &RequestContext,
        request: PayoutAccountRequest,
    ) -> Result<ShopView, ServiceError>;
    /// Records that the seller accepted the current seller rules. Audited.
    async fn accept_rules(
        &self,
        context: &RequestContext,
        request: AcceptRulesRequest,
    ) -> Result<ShopView, ServiceError>;
    /// Submits the shop for verification; refused (naming the missing steps) until the checklist is done. Audited.
    async fn submit_for_verification(&self, context: &RequestContext) -> Result<ShopView, ServiceError>;
    /// Operators: shops in `status` (default pending), oldest submission first.
    async fn verification_queue(
        &self,
        context: &RequestContext,
        status: Option<VerificationStatus>,
        page: PageRequest,
    ) -> Result<Page<VerificationQueueItem>, ServiceError>;
    /// Operators: one shop's case.
    async fn verification_case(
        &self,
        context: &RequestContext,
        shop: SellerId,
    ) -> Result<VerificationCase, ServiceError>;
    /// Operators: approves a pending shop. Audited.
    async fn approve_shop(
        &self,
        context: &RequestContext,
        shop: SellerId,
    ) -> Result<VerificationCase, ServiceError>;
    /// Operators: rejects a pending shop with a reason the seller sees. Audited.
    async fn reject_shop(
        &self,
        context: &RequestContext,
        shop: SellerId,
        request: RejectRequest,
    ) -> Result<VerificationCase, ServiceError>;
}

/// Everything the server functions can call, cloned cheaply per request.
#[derive(Clone)]
pub struct Services {
    pub catalog: Arc<dyn Catalog>,
    pub accounts: Arc<dyn Accounts>,
    pub shopping: Arc<dyn Shopping>,
    pub orders: Arc<dyn Orders>,
    pub shops: Arc<dyn Shops>,
    pub listings: Arc<dyn Listings>,
}

/// A seller's own listings (the seller console). Only the shop's seller, with `catalog:write`; someone else's
/// listing is NotFound. Input breaking a `shared::listing` rule is Invalid naming the first field.
#[async_trait]
pub trait Listings: Send + Sync + 'static {
    /// One page of the shop's listings, of one status or all, in the order asked.
    async fn seller_listings(
        &self,
        context: &RequestContext,
        status: Option<shared::listing::ListingStatus>,
        sort: shared::listing::ListingSort,
        page: PageRequest,
    ) -> Result<Page<shared::listing::SellerListing>, ServiceError>;

    /// A listing as its editor opens it.
    async fn listing(
        &self,
        context: &RequestContext,
        id: ProductId,
    ) -> Result<shared::listing::ListingEditor, ServiceError>;

    /// The shop's currency and standing, for a new listing's editor.
    async fn listing_defaults(
        &self,
        context: &RequestContext,
    ) -> Result<shared::listing::ListingDefaults, ServiceError>;

    /// The delivery options the shop's listings show shoppers in `region` (the shop's handling time and the
    /// lanes from its region), for the editor's preview; empty without a region. An unknown region is Invalid.
    async fn delivery_preview(
        &self,
        context: &RequestContext,
        region: Option<String>,
    ) -> Result<Vec<shared::delivery::DeliveryOption>, ServiceError>;

    /// A new draft. With a `creation_key`, a retry of a create that went through saves into the listing that
    /// create made (as an edit) instead of making a second draft.
    async fn create_listing(
        &self,
        context: &RequestContext,
        input: shared::listing::ListingInput,
        creation_key: Option<String>,
    ) -> Result<shared::listing::ListingEditor, ServiceError>;

    /// Saves the listing; one on sale must stay complete.
    async fn update_listing(
        &self,
        context: &RequestContext,
        id: ProductId,
        input: shared::listing::ListingInput,
    ) -> Result<shared::listing::ListingEditor, ServiceError>;

    /// Publishes (complete listing, verified shop) or takes off sale.
    async fn change_listing_status(
        &self,
        context: &RequestContext,
        id: ProductId,
        action: shared::listing::ListingAction,
    ) -> Result<shared::listing::ListingEditor, ServiceError>;

    /// Bulk price and stock edit: all changes or none. Returns how many variants changed.
    async fn change_variants(
        &self,
        context: &RequestContext,
        changes: Vec<shared::listing::VariantChange>,
    ) -> Result<u32, ServiceError>;

    /// Checks a CSV file of listings and imports its listings without problems as drafts, in the background. A
    /// file that cannot be read at all is Invalid naming `file`.
    async fn start_import(
        &self,
        context: &RequestContext,
        file_name: &str,
        text: &str,
    ) -> Result<shared::listing_import::ImportStatus, ServiceError>;

    /// The shop's recent imports, newest first.
    async fn imports(
        &self,
        context: &RequestContext,
    ) -> Result<Vec<shared::listing_import::ImportStatus>, ServiceError>;

    /// One import's progress.
    async fn import(
        &self,
        context: &RequestContext,
        id: shared::ids::ImportId,
    ) -> Result<shared::listing_import::ImportStatus, ServiceError>;

    /// The rows of an import with problems, as CSV with a `problem` column.
    async fn import_problems_csv(
        &self,
        context: &RequestContext,
        id: shared::ids::ImportId,
    ) -> Result<String, ServiceError>;
}

/// Why a service call failed. Each variant maps to one HTTP status in [`ServiceError::into_response_parts`].
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The request broke a rule; `field` names the offending input when there is one.
    #[error("{message}")]
    Invalid { field: Option<String>, message: String },
    /// A form field broke a credential rule; its `code` is what the UI translates.
    #[error("{0}")]
    Problem(shared::auth::CredentialProblem),
    /// The thing does not exist — or is not the caller's, which must look the same.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The request needs a signed-in account (or a valid token).
    #[error("sign in first")]
    Unauthenticated,
    /// Signed in, but this needs another role or a token scope.
    #[error("{0}")]
    Forbidden(String),
    /// Wrong email or password; deliberately does not say which.
    #[error("wrong email or password")]
    BadCredentials,
    /// Too many attempts; try again after this many seconds.
    #[error("too many attempts")]
    RateLimited { retry_after_secs: u64 },
    /// The request conflicts with the current state (e.g. a reused idempotency key).
    #[error("{0}")]
    Conflict(String),
    /// Like `Conflict`, with a code programs act on (`price_changed`, `sold_out`, `idempotency_key_reused`, …).
    #[error("{message}")]
    ConflictWith { code: &'static str, message: String },
    /// A failure that is not the caller's fault. Logged with a correlation id; the user sees only the id.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<Denied> for ServiceError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::SignInRequired => ServiceError::Unauthenticated,
            other => ServiceError::Forbidden(format!("Not allowed: {other}.")),
        }
    }
}

impl From<shared::dto::FieldError> for ServiceError {
    fn from(error: shared::dto::FieldError) -> Self {
        ServiceError::Invalid { field: Some(error.field.into()), message: error.to_string() }
    }
}

impl From<shared::auth::CredentialProblem> for ServiceError {
    fn from(problem: shared::auth::CredentialProblem) -> Self {
        ServiceError::Problem(problem)
    }
}

impl ServiceError {
    /// Seconds the client should wait before retrying, for the `Retry-After` header.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ServiceError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    pub fn unexpected(message: &'static str) -> Self {
        Self::Unexpected(anyhow::anyhow!(message))
    }

    /// The HTTP status and the user-safe body. Unexpected errors are logged here, once, with the id the user sees.
    pub fn into_response_parts(self) -> (u16, ErrorBody) {
        match self {
            ServiceError::Invalid { field, message } => {
                (400, ErrorBody { code: "invalid_parameter".into(), message, field })
            }
            ServiceError::Problem(problem) => (
                400,
                ErrorBody {
                    code: problem.code.into(),
                    message: problem.english().into(),
                    field: Some(problem.field.into()),
                },
            ),
            ServiceError::NotFound(what) => (
                404,
                ErrorBody { code: "not_found".into(), message: format!("No such {what}."), field: None },
            ),
            ServiceError::Conflict(message) => {
                (409, ErrorBody { code: "conflict".into(), message, field: None })
            }
            ServiceError::ConflictWith { code, message } => {
                (409, ErrorBody { code: code.into(), message, field: None })
            }
            ServiceError::Unauthenticated => (
                401,
                ErrorBody { code: "unauthenticated".into(), message: "Sign in first.".into(), field: None },
            ),
            ServiceError::Forbidden(message) => {
                (403, ErrorBody { code: "forbidden".into(), message, field: None })
            }
            ServiceError::BadCredentials => (
                401,
                ErrorBody {
                    code: "bad_credentials".into(),
                    message: "That email and password do not match an account.".into(),
                    field: None,
                },
            ),
            ServiceError::RateLimited { retry_after_secs } => (
                429,
                ErrorBody {
                    code: "rate_limited".into(),
                    message: format!("Too many attempts. Try again in {retry_after_secs} seconds."),
                    field: None,
                },
            ),
            ServiceError::Unexpected(error) => {
                let correlation_id = correlation_id();
                tracing::error!(%correlation_id, error = format!("{error:#}"), "unexpected service error");
                let message = format!("Something went wrong on our side. Reference: {correlation_id}");
                (500, ErrorBody { code: "internal".into(), message, field: None })
            }
        }
    }
}

/// A short, unique-enough reference for matching a user's report to a log line.
fn correlation_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{SystemTime, UNIX_EPOCH};
    static SEQUENCE: AtomicU64 = AtomicU64::new(0);
    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
    format!("{:x}-{:x}", now_ms, SEQUENCE.fetch_add(1, Ordering::Relaxed))
}
