//! A seller's shop: profile, logo, payout account, seller rules, identity document, submission for verification;
//! and the operators' side: the verification queue, a case, approve or reject with a reason.
//!
//! Authorization is decided here, from the request's actor, on every call:
//! - The seller side acts only on the caller's own shop (a seller account's `seller_id`); there is no shop id
//!   to pass, so another shop cannot even be named. Reads accept a seller's session or token; changes need the
//!   browser session, because a shop's identity, payout destination and rules are the owner's to change, never a
//!   script's.
//! - Decisions and the queue are operators' (a token needs `admin`).
//! - An identity document is read by its shop's seller or an operator; any other seller gets 404, exactly like a
//!   document that does not exist.
//!
//! Every change (and every operator's look at a document) is written to the audit log.

use std::sync::Arc;

use anyhow::Context;
use app::ports::{RequestContext, ServiceError, Shops};
use async_trait::async_trait;
use sha2::{Digest, Sha256};
use shared::auth::{Actor, Principal, Role, Scope};
use shared::dto::{Page, PageRequest};
use shared::ids::{SellerId, ShopDocumentId};
use shared::media::{check_upload, media_url};
use shared::shop::{
    self, AcceptRulesRequest, Checklist, DocumentFormat, DocumentInfo, FieldProblem, PayoutAccountRequest,
    PayoutAccountView, RejectRequest, SELLER_RULES_VERSION, ShopFacts, ShopProfileInput, ShopView,
    SubmitRefused, VerificationCase, VerificationEvent, VerificationQueueItem, VerificationStatus,
    VerificationView,
};

use crate::db::Database;
use crate::db::shops::{self as store, Decision, DocumentRow, NewDocument, ProfileUpdate, ShopRow};
use crate::documents::DocumentStore;
use crate::ids::{fresh, now_ms};
use crate::media::MediaStore;
use crate::payments::test_provider::TestProvider;

/// A file as uploaded: the declared `Content-Type` and the bytes.
#[derive(Debug)]
pub struct FileUpload<'a> {
    pub content_type: &'a str,
    pub bytes: Vec<u8>,
}

/// A document read back for its seller or an operator.
#[derive(Debug)]
pub struct DocumentFile {
    pub id: ShopDocumentId,
    pub content_type: &'static str,
    pub extension: &'static str,
    pub bytes: Vec<u8>,
}

/// Which door a document is asked for through: the seller's own shop, or an operator's case of `shop`.
#[derive(Debug, Clone, Copy)]
pub enum DocumentAccess {
    OwnShop,
    Case(SellerId),
}

pub struct ShopService {
    db: Database,
    media: MediaStore,
    documents: DocumentStore,
    provider: Arc<TestProvider>,
}

impl ShopService {
    pub fn new(
        db: Database,
        media: MediaStore,
        documents: DocumentStore,
        provider: Arc<TestProvider>,
    ) -> Self {
        Self { db, media, documents, provider }
    }

    /// Stores an uploaded logo (PNG, JPEG or WebP, like product images) and makes it the shop's logo.
    pub async fn upload_logo(
        &self,
        context: &RequestContext,
        upload: FileUpload<'_>,
    ) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        let format =
            check_upload(upload.content_type, &upload.bytes).map_err(|problem| invalid("logo", problem))?;
        super::images::dimensions(&upload.bytes, format).map_err(|error| {
            let (_, body) = error.into_response_parts();
            ServiceError::Invalid { field: Some("logo".into()), message: body.message }
        })?;
        let media = self.media.clone();
        let key = tokio::task::spawn_blocking(move || media.put(&upload.bytes, format))
            .await
            .context("storing the logo")?
            .context("writing the logo file")?;
        let shop_id = shop.to_string();
        store::set_logo(self.db.pool(), &shop_id, key.as_str()).await.context("setting the logo")?;
        self.audit(context, principal, "shop_logo_set", &shop_id).await?;
        self.view(shop).await
    }

    /// Stores an identity document (PDF, PNG or JPEG up to 8 MB) as the shop's current one.
    pub async fn upload_document(
        &self,
        context: &RequestContext,
        upload: FileUpload<'_>,
    ) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        let format = shop::check_document(upload.content_type, &upload.bytes)
            .map_err(|problem| invalid("document", problem))?;
        let id = fresh(ShopDocumentId::from_parts);
        let sha256: String = Sha256::digest(&upload.bytes).iter().map(|b| format!("{b:02x}")).collect();
        let byte_size = i64::try_from(upload.bytes.len()).context("document size")?;
        let documents = self.documents.clone();
        tokio::task::spawn_blocking(move || documents.put(id, format, &upload.bytes))
            .await
            .context("storing the document")?
            .context("writing the document file")?;
        let (id_text, shop_id, uploader) = (id.to_string(), shop.to_string(), principal.user_id.to_string());
        let row = NewDocument {
            id: &id_text,
            seller_id: &shop_id,
            content_type: format.content_type(),
            byte_size,
            sha256: &sha256,
            uploaded_by: &uploader,
            uploaded_at_ms: now_ms(),
        };
        store::insert_document(self.db.pool(), &row).await.context("recording the document")?;
        self.audit(context, principal, "shop_document_uploaded", &format!("{shop_id}/{id_text}")).await?;
        self.view(shop).await
    }

    /// A document's file, for its shop's seller or an operator (audited: identity documents are personal data).
    pub async fn document(
        &self,
        context: &RequestContext,
        access: DocumentAccess,
        id: ShopDocumentId,
    ) -> Result<DocumentFile, ServiceError> {
        let row =
            store::find_document(self.db.pool(), &id.to_string()).await.context("finding the document")?;
        let allowed_shop = match access {
            DocumentAccess::OwnShop => {
                let principal = context.actor.require_signed_in()?;
                if principal.role != Role::Seller {
                    return Err(ServiceError::Forbidden(
                        "Only the shop's seller reads its documents here.".into(),
                    ));
                }
                principal.seller_id.ok_or(ServiceError::NotFound("shop"))?
            }
            DocumentAccess::Case(shop) => {
                context.actor.require(Role::Operator, Scope::Admin)?;
                shop
            }
        };
        let row = row
            .filter(|row| row.seller_id == allowed_shop.to_string())
            .ok_or(ServiceError::NotFound("document"))?;
        let format = DocumentFormat::from_content_type(&row.content_type)
            .with_context(|| format!("stored document type {:?}", row.content_type))?;
        let documents = self.documents.clone();
        let bytes = tokio::task::spawn_blocking(move || documents.read(id, format))
            .await
            .context("reading the document")?
            .context("reading the document file")?
            .with_context(|| format!("document {id} is recorded but its file is missing"))?;
        if let (DocumentAccess::Case(_), Some(principal)) = (access, context.actor.principal()) {
            self.audit(context, principal, "shop_document_viewed", &format!("{}/{id}", row.seller_id))
                .await?;
        }
        Ok(DocumentFile { id, content_type: format.content_type(), extension: format.extension(), bytes })
    }

    /// The caller's own shop, for reading: a seller's session or any of a seller's tokens.
    fn own_shop(&self, context: &RequestContext) -> Result<SellerId, ServiceError> {
        let principal = context.actor.require_signed_in()?;
        if principal.role != Role::Seller {
            return Err(ServiceError::Forbidden("Only a seller account has a shop.".into()));
        }
        principal.seller_id.ok_or(ServiceError::NotFound("shop"))
    }

    /// The caller's own shop, for changing it: only a signed-in seller in the browser, never a token.
    fn own_shop_to_change<'a>(
        &self,
        context: &'a RequestContext,
    ) -> Result<(&'a Principal, SellerId), ServiceError> {
        let shop = self.own_shop(context)?;
        match &context.actor {
            Actor::User(principal) => Ok((principal, shop)),
            _ => Err(ServiceError::Forbidden(
                "A shop's profile, payout account, rules and verification are changed in the seller console, \
                 not with API tokens."
                    .into(),
            )),
        }
    }

    async fn row(&self, shop: SellerId) -> Result<(ShopRow, Option<DocumentRow>), ServiceError> {
        let id = shop.to_string();
        let pool = self.db.pool();
        let (row, document) =
            tokio::try_join!(store::find_shop(pool, &id), store::current_document(pool, &id))
                .context("the shop")?;
        Ok((row.ok_or(ServiceError::NotFound("shop"))?, document))
    }

    async fn view(&self, shop: SellerId) -> Result<ShopView, ServiceError> {
        let (row, document) = self.row(shop).await?;
        shop_view(&row, document.as_ref())
    }

    async fn case(&self, shop: SellerId) -> Result<VerificationCase, ServiceError> {
        let (row, document) = self.row(shop).await?;
        let view = shop_view(&row, document.as_ref())?;
        Ok(VerificationCase {
            document_url: view
                .document
                .as_ref()
                .map(|d| format!("/api/v1/admin/shops/{shop}/documents/{}", d.id)),
            shop: view,
            owner_email: row.owner_email,
            owner_name: row.owner_name,
            decided_by: row.decided_by_email,
        })
    }

    async fn decide(
        &self,
        context: &RequestContext,
        shop: SellerId,
        event: VerificationEvent,
        reason: Option<String>,
    ) -> Result<VerificationCase, ServiceError> {
        let principal = context.actor.require(Role::Operator, Scope::Admin)?;
        let (row, _) = self.row(shop).await?;
        let to = shop::transition(status_of(&row)?, event).map_err(state_conflict)?;
        let (shop_id, operator) = (shop.to_string(), principal.user_id.to_string());
        let decision =
            Decision { to: to.as_str(), at_ms: now_ms(), by: &operator, reason: reason.as_deref() };
        if !store::decide(self.db.pool(), &shop_id, &decision).await.context("recording the decision")? {
            return Err(ServiceError::ConflictWith {
                code: "verification_state",
                message: "Another operator decided this shop a moment ago; reload the case.".into(),
            });
        }
        let action = if to == VerificationStatus::Verified { "shop_approved" } else { "shop_rejected" };
        self.audit(context, principal, action, &shop_id).await?;
        self.case(shop).await
    }

    async fn audit(
        &self,
        context: &RequestContext,
        principal: &Principal,
        action: &str,
        subject: &str,
    ) -> Result<(), ServiceError> {
        super::audit::record(&self.db, context, Some(&principal.user_id), action, Some(subject)).await
    }
}

#[async_trait]
impl Shops for ShopService {
    async fn my_shop(&self, context: &RequestContext) -> Result<ShopView, ServiceError> {
        self.view(self.own_shop(context)?).await
    }

    async fn update_profile(
        &self,
        context: &RequestContext,
        input: ShopProfileInput,
    ) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        let profile = input.parse().map_err(|problems| match problems.first() {
            Some(problem) => field_problem(problem),
            None => ServiceError::unexpected("a profile refused without a problem"),
        })?;
        let update = ProfileUpdate {
            name: &profile.name,
            description: &profile.description,
            region: profile.region,
            handling_days: i64::from(profile.handling_days),
            return_window_days: i64::from(profile.return_window_days),
            return_policy: &profile.return_policy,
        };
        let shop_id = shop.to_string();
        store::update_profile(self.db.pool(), &shop_id, &update).await.context("updating the profile")?;
        self.audit(context, principal, "shop_profile_updated", &shop_id).await?;
        self.view(shop).await
    }

    async fn set_payout_account(
        &self,
        context: &RequestContext,
        request: PayoutAccountRequest,
    ) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        // The provider is asked whether the token is one of its accounts; we keep only the token and its label.
        let account =
            self.provider.bank_account(request.token.trim()).await?.ok_or_else(|| ServiceError::Invalid {
                field: Some("token".into()),
                message: "The payment provider does not know this bank account; enter the account again."
                    .into(),
            })?;
        let shop_id = shop.to_string();
        store::set_payout_account(self.db.pool(), &shop_id, &account.token, &account.label)
            .await
            .context("setting the payout account")?;
        self.audit(context, principal, "shop_payout_account_set", &shop_id).await?;
        self.view(shop).await
    }

    async fn accept_rules(
        &self,
        context: &RequestContext,
        request: AcceptRulesRequest,
    ) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        if request.version != SELLER_RULES_VERSION {
            return Err(ServiceError::Invalid {
                field: Some("version".into()),
                message: format!("Accept the current seller rules, version {SELLER_RULES_VERSION}."),
            });
        }
        let shop_id = shop.to_string();
        store::accept_rules(self.db.pool(), &shop_id, i64::from(request.version), now_ms())
            .await
            .context("accepting the rules")?;
        self.audit(context, principal, "shop_rules_accepted", &format!("{shop_id} v{}", request.version))
            .await?;
        self.view(shop).await
    }

    async fn submit_for_verification(&self, context: &RequestContext) -> Result<ShopView, ServiceError> {
        let (principal, shop) = self.own_shop_to_change(context)?;
        let (row, document) = self.row(shop).await?;
        let from = status_of(&row)?;
        shop::submit_for_verification(&facts(&row, document.as_ref(), from)).map_err(
            |refused| match refused {
                SubmitRefused::Missing(steps) => ServiceError::ConflictWith {
                    code: "onboarding_incomplete",
                    message: format!(
                        "Finish these steps first: {}.",
                        steps.iter().map(|step| step.as_str()).collect::<Vec<_>>().join(", ")
                    ),
                },
                SubmitRefused::Transition(error) => state_conflict(error),
            },
        )?;
        let shop_id = shop.to_string();
        if !store::submit(self.db.pool(), &shop_id, from.as_str(), now_ms()).await.context("submitting")? {
            return Err(ServiceError::ConflictWith {
                code: "verification_state",
                message: "The shop's verification changed a moment ago; reload the page.".into(),
            });
        }
        self.audit(context, principal, "shop_submitted", &shop_id).await?;
        self.view(shop).await
    }

    async fn verification_queue(
        &self,
        context: &RequestContext,
        status: Option<VerificationStatus>,
        page: PageRequest,
    ) -> Result<Page<VerificationQueueItem>, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        let status = status.unwrap_or(VerificationStatus::Pending).as_str();
        let pool = self.db.pool();
        let (rows, total) = tokio::try_join!(
            store::queue(pool, status, page.per_page(), page.offset()),
            store::count_in_status(pool, status)
        )
        .context("reading the verification queue")?;
        let items = rows
            .into_iter()
            .map(|row| {
                Ok(VerificationQueueItem {
                    shop_id: row.id.parse().with_context(|| format!("shop id {:?}", row.id))?,
                    status: VerificationStatus::parse(&row.verification_status)
                        .with_context(|| format!("verification status {:?}", row.verification_status))?,
                    name: row.name,
                    region: row.region,
                    owner_email: row.owner_email,
                    submitted_at_ms: row.verification_submitted_at_ms,
                })
            })
            .collect::<Result<Vec<_>, ServiceError>>()?;
        Ok(Page { items, page: page.page(), per_page: page.per_page(), total })
    }

    async fn verification_case(
        &self,
        context: &RequestContext,
        shop: SellerId,
    ) -> Result<VerificationCase, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        self.case(shop).await
    }

    async fn approve_shop(
        &self,
        context: &RequestContext,
        shop: SellerId,
    ) -> Result<VerificationCase, ServiceError> {
        self.decide(context, shop, VerificationEvent::Approved, None).await
    }

    async fn reject_shop(
        &self,
        context: &RequestContext,
        shop: SellerId,
        request: RejectRequest,
    ) -> Result<VerificationCase, ServiceError> {
        context.actor.require(Role::Operator, Scope::Admin)?;
        let reason = shop::normalize_reason(&request.reason).map_err(|problem| field_problem(&problem))?;
        self.decide(context, shop, VerificationEvent::Rejected, Some(reason)).await
    }
}

fn invalid(field: &str, problem: impl std::fmt::Display) -> ServiceError {
    ServiceError::Invalid { field: Some(field.into()), message: problem.to_string() }
}

fn field_problem(problem: &FieldProblem) -> ServiceError {
    invalid(problem.field, problem.english())
}

fn state_conflict(error: shop::TransitionError) -> ServiceError {
    ServiceError::ConflictWith { code: "verification_state", message: format!("Not now: {error}.") }
}

fn status_of(row: &ShopRow) -> Result<VerificationStatus, ServiceError> {
    Ok(VerificationStatus::parse(&row.verification_status)
        .with_context(|| format!("verification status {:?}", row.verification_status))?)
}

fn facts(row: &ShopRow, document: Option<&DocumentRow>, status: VerificationStatus) -> ShopFacts {
    ShopFacts {
        description_written: !row.description.trim().is_empty(),
        return_policy_written: !row.return_policy.trim().is_empty(),
        has_logo: row.logo_media_key.is_some(),
        has_payout_account: row.payout_account_token.is_some(),
        rules_version_accepted: row.rules_version.and_then(|v| u32::try_from(v).ok()),
        has_identity_document: document.is_some(),
        status,
    }
}

fn shop_view(row: &ShopRow, document: Option<&DocumentRow>) -> Result<ShopView, ServiceError> {
    let status = status_of(row)?;
    let document = document
        .map(|d| {
            Ok::<_, ServiceError>(DocumentInfo {
                id: d.id.parse().with_context(|| format!("document id {:?}", d.id))?,
                content_type: d.content_type.clone(),
                byte_size: u64::try_from(d.byte_size).context("document size")?,
                uploaded_at_ms: d.uploaded_at_ms,
            })
        })
        .transpose()?;
    let facts = facts(row, None, status);
    let checklist = Checklist::of(&ShopFacts { has_identity_document: document.is_some(), ..facts });
    Ok(ShopView {
        id: row.id.parse().with_context(|| format!("shop id {:?}", row.id))?,
        name: row.name.clone(),
        slug: row.slug.clone(),
        region: row.region.clone(),
        currency: row.currency.clone(),
        description: row.description.clone(),
        logo_url: row.logo_media_key.as_deref().map(media_url),
        handling_days: u32::try_from(row.handling_days).unwrap_or_default(),
        return_window_days: u32::try_from(row.return_window_days).unwrap_or_default(),
        return_policy: row.return_policy.clone(),
        payout_account: row.payout_account_label.clone().map(|label| PayoutAccountView { label }),
        rules_version: row.rules_version.and_then(|v| u32::try_from(v).ok()),
        rules_accepted_at_ms: row.rules_accepted_at_ms,
        document,
        verification: VerificationView {
            status,
            submitted_at_ms: row.verification_submitted_at_ms,
            decided_at_ms: row.verification_decided_at_ms,
            reason: (status == VerificationStatus::Rejected)
                .then(|| row.verification_reason.clone())
                .flatten(),
        },
        checklist,
    })
}
