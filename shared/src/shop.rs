//! A seller's shop: its profile's field rules, the onboarding checklist, the verification state machine, and the
//! identity documents a shop may upload — with the wire types the seller console and the operator's queue use.
//!
//! The browser applies [`ShopProfileInput::parse`] for inline messages and the server applies it as the
//! authority, so both name the same field for the same mistake.
//!
//! # Invariants
//! - A shop leaves `unverified` or `rejected` only by a submission whose checklist is complete
//!   ([`submit_for_verification`]), and only an operator's decision moves it out of `pending` ([`transition`]).
//! - An identity document is accepted only when its first bytes prove it is PDF, PNG or JPEG **and** that is the
//!   type the client declared ([`check_document`]); nothing else is ever stored.
//! - A payout account is a provider's token with a masked label; a full account number never reaches us.

use serde::{Deserialize, Serialize};

use crate::ids::{SellerId, ShopDocumentId};

/// Shop names: 2 to 60 characters (the sign-up form's rule).
pub const NAME_CHARS: std::ops::RangeInclusive<usize> = 2..=60;
/// The shop's description on its page: up to 2,000 characters; needed before verification.
pub const MAX_DESCRIPTION_CHARS: usize = 2_000;
/// Working days between an order and its dispatch (the delivery promise starts from it).
pub const MAX_HANDLING_DAYS: u32 = 30;
/// Days after delivery in which the shop takes returns; 0 means no returns (the policy text says why).
pub const MAX_RETURN_WINDOW_DAYS: u32 = 90;
/// The return policy in the shop's own words: up to 1,000 characters; needed before verification.
pub const MAX_RETURN_POLICY_CHARS: usize = 1_000;
/// The version of the seller rules a shop must accept; raising it asks every shop to accept again.
pub const SELLER_RULES_VERSION: u32 = 1;
/// Largest identity document: 8 MiB (a phone photo or a scanned PDF).
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;
/// An operator's reason for a rejection: long enough to tell the seller what to fix.
pub const REASON_CHARS: std::ops::RangeInclusive<usize> = 10..=500;

/// Where a shop stands with verification. Stored as text in `sellers.verification_status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationStatus {
    /// New: the seller is still onboarding. Listings can be drafted, not published.
    Unverified,
    /// Submitted; an operator is checking the documents.
    Pending,
    /// Approved: listings may go live.
    Verified,
    /// Refused with a reason; the seller may fix what it says and submit again.
    Rejected,
}

impl VerificationStatus {
    pub const ALL: [VerificationStatus; 4] =
        [Self::Unverified, Self::Pending, Self::Verified, Self::Rejected];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unverified => "unverified",
            Self::Pending => "pending",
            Self::Verified => "verified",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What can happen to a shop's verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationEvent {
    /// The seller submits (or resubmits) the shop.
    Submitted,
    /// An operator approves it.
    Approved,
    /// An operator rejects it, with a reason.
    Rejected,
}

/// The event cannot happen in this state (e.g. approving a shop nobody submitted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a shop that is {} cannot be {}", from.as_str(), match event {
    VerificationEvent::Submitted => "submitted",
    VerificationEvent::Approved => "approved",
    VerificationEvent::Rejected => "rejected",
})]
pub struct TransitionError {
    pub from: VerificationStatus,
    pub event: VerificationEvent,
}

/// The verification state machine: every (state, event) pair is decided here, once.
pub fn transition(
    from: VerificationStatus,
    event: VerificationEvent,
) -> Result<VerificationStatus, TransitionError> {
    use VerificationEvent as E;
    use VerificationStatus as S;
    match (from, event) {
        (S::Unverified | S::Rejected, E::Submitted) => Ok(S::Pending),
        (S::Pending, E::Approved) => Ok(S::Verified),
        (S::Pending, E::Rejected) => Ok(S::Rejected),
        // Submitting twice, deciding twice, or deciding what was never submitted.
        (S::Pending | S::Verified, E::Submitted)
        | (S::Unverified | S::Verified | S::Rejected, E::Approved | E::Rejected) => {
            Err(TransitionError { from, event })
        }
    }
}

/// One step of onboarding, in the order the checklist shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OnboardingStep {
    /// Description and return policy written (name, region and handling time have defaults from sign-up).
    Profile,
    Logo,
    PayoutAccount,
    /// The current [`SELLER_RULES_VERSION`] accepted.
    Rules,
    IdentityDocument,
    /// Submitted for verification (done once pending or verified).
    Submit,
}

impl OnboardingStep {
    pub const ALL: [OnboardingStep; 6] =
        [Self::Profile, Self::Logo, Self::PayoutAccount, Self::Rules, Self::IdentityDocument, Self::Submit];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Logo => "logo",
            Self::PayoutAccount => "payout_account",
            Self::Rules => "rules",
            Self::IdentityDocument => "identity_document",
            Self::Submit => "submit",
        }
    }
}

/// What the checklist is computed from: facts about the stored shop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopFacts {
    pub description_written: bool,
    pub return_policy_written: bool,
    pub has_logo: bool,
    pub has_payout_account: bool,
    pub rules_version_accepted: Option<u32>,
    pub has_identity_document: bool,
    pub status: VerificationStatus,
}

/// One line of the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChecklistItem {
    pub step: OnboardingStep,
    pub done: bool,
}

/// The onboarding checklist: every step with whether it is done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Checklist {
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    pub fn of(facts: &ShopFacts) -> Checklist {
        let items = OnboardingStep::ALL
            .into_iter()
            .map(|step| {
                let done = match step {
                    OnboardingStep::Profile => facts.description_written && facts.return_policy_written,
                    OnboardingStep::Logo => facts.has_logo,
                    OnboardingStep::PayoutAccount => facts.has_payout_account,
                    OnboardingStep::Rules => facts.rules_version_accepted == Some(SELLER_RULES_VERSION),
                    OnboardingStep::IdentityDocument => facts.has_identity_document,
                    OnboardingStep::Submit => {
                        matches!(facts.status, VerificationStatus::Pending | VerificationStatus::Verified)
                    }
                };
                ChecklistItem { step, done }
            })
            .collect();
        Checklist { items }
    }

    /// The steps still to do before "submit for verification" (the submit step itself left out).
    pub fn missing_before_submit(&self) -> Vec<OnboardingStep> {
        self.items
            .iter()
            .filter(|item| !item.done && item.step != OnboardingStep::Submit)
            .map(|item| item.step)
            .collect()
    }
}

/// Why a submission is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitRefused {
    #[error("finish these steps first: {}", .0.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "))]
    Missing(Vec<OnboardingStep>),
    #[error(transparent)]
    Transition(#[from] TransitionError),
}

/// Submits a shop: its state must allow it and its checklist must be complete. Returns the new state.
pub fn submit_for_verification(facts: &ShopFacts) -> Result<VerificationStatus, SubmitRefused> {
    let next = transition(facts.status, VerificationEvent::Submitted)?;
    let missing = Checklist::of(facts).missing_before_submit();
    if !missing.is_empty() {
        return Err(SubmitRefused::Missing(missing));
    }
    Ok(next)
}

/// What is wrong with one field; the UI translates it, API clients read [`FieldProblem::english`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    /// Fewer than `min` characters.
    TooShort { min: u32 },
    /// More than `max` characters.
    TooLong { max: u32 },
    /// A number outside `min..=max`.
    OutOfRange { min: u32, max: u32 },
    /// Not a region the marketplace serves.
    UnknownRegion,
    /// Control characters (other than line breaks in long texts).
    ControlCharacters,
}

/// A field of a form and what is wrong with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {}", self.english())]
pub struct FieldProblem {
    pub field: &'static str,
    pub problem: Problem,
}

impl FieldProblem {
    /// The sentence for API clients.
    pub fn english(&self) -> String {
        match self.problem {
            Problem::TooShort { min } => format!("Use at least {min} characters."),
            Problem::TooLong { max } => format!("Use at most {max} characters."),
            Problem::OutOfRange { min, max } => format!("Enter a whole number from {min} to {max}."),
            Problem::UnknownRegion => "Choose one of the regions Bazaar serves.".into(),
            Problem::ControlCharacters => "Use plain text without control characters.".into(),
        }
    }
}

/// The shop settings form as sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopProfileInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// ISO 3166-1 alpha-2 region the shop ships from (one of `shared::regions::REGIONS`).
    pub region: String,
    pub handling_days: u32,
    pub return_window_days: u32,
    #[serde(default)]
    pub return_policy: String,
}

/// A profile that passed every field rule: trimmed, within bounds, the region's code canonical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopProfile {
    pub name: String,
    pub description: String,
    pub region: &'static str,
    pub handling_days: u32,
    pub return_window_days: u32,
    pub return_policy: String,
}

impl ShopProfileInput {
    /// Applies every field rule; returns every problem (one per field), in form order.
    pub fn parse(&self) -> Result<ShopProfile, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut check = |field: &'static str, result: Result<(), Problem>| {
            if let Err(problem) = result {
                problems.push(FieldProblem { field, problem });
            }
        };
        let name = self.name.trim();
        check("name", text_rule(name, *NAME_CHARS.start(), *NAME_CHARS.end(), false));
        let description = self.description.trim();
        check("description", text_rule(description, 0, MAX_DESCRIPTION_CHARS, true));
        let region = crate::regions::region(self.region.trim());
        check("region", region.map(drop).ok_or(Problem::UnknownRegion));
        check("handling_days", range_rule(self.handling_days, MAX_HANDLING_DAYS));
        check("return_window_days", range_rule(self.return_window_days, MAX_RETURN_WINDOW_DAYS));
        let return_policy = self.return_policy.trim();
        check("return_policy", text_rule(return_policy, 0, MAX_RETURN_POLICY_CHARS, true));
        match region {
            Some(region) if problems.is_empty() => Ok(ShopProfile {
                name: name.into(),
                description: description.into(),
                region: region.code,
                handling_days: self.handling_days,
                return_window_days: self.return_window_days,
                return_policy: return_policy.into(),
            }),
            _ => Err(problems),
        }
    }
}

fn text_rule(text: &str, min: usize, max: usize, multiline: bool) -> Result<(), Problem> {
    let chars = text.chars().count();
    let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    if chars < min {
        return Err(Problem::TooShort { min: as_u32(min) });
    }
    if chars > max {
        return Err(Problem::TooLong { max: as_u32(max) });
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\r' || c == '\t');
    if text.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Problem::ControlCharacters);
    }
    Ok(())
}

fn range_rule(value: u32, max: u32) -> Result<(), Problem> {
    if value > max { Err(Problem::OutOfRange { min: 0, max }) } else { Ok(()) }
}

/// An operator's reason for rejecting a shop: trimmed, [`REASON_CHARS`] characters.
pub fn normalize_reason(text: &str) -> Result<String, FieldProblem> {
    let text = text.trim();
    text_rule(text, *REASON_CHARS.start(), *REASON_CHARS.end(), true)
        .map(|()| text.to_string())
        .map_err(|problem| FieldProblem { field: "reason", problem })
}

/// A kind of identity document file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFormat {
    Pdf,
    Png,
    Jpeg,
}

impl DocumentFormat {
    pub const ALL: [DocumentFormat; 3] = [Self::Pdf, Self::Png, Self::Jpeg];

    pub fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Png => "image/png",
            Self::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Png => "png",
            Self::Jpeg => "jpg",
        }
    }

    pub fn from_content_type(header: &str) -> Option<Self> {
        let essence = header.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|format| format.content_type() == essence)
    }

    /// The format the content's magic bytes prove, if any.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(Self::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else {
            None
        }
    }
}

/// Why a document upload is refused before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentProblem {
    #[error("The document is larger than {} MB.", MAX_DOCUMENT_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("The body is empty; send the document file as the request body.")]
    Empty,
    #[error("Content-Type {declared:?} is not accepted; send application/pdf, image/png or image/jpeg.")]
    UnsupportedType { declared: String },
    #[error("The file is not a PDF, PNG or JPEG document.")]
    UnrecognizedContent,
    #[error("The file is a {actual} document but was declared as {declared}.")]
    TypeMismatch { declared: &'static str, actual: &'static str },
}

/// Checks a document upload: size, declared type, and that the magic bytes match it.
pub fn check_document(declared_content_type: &str, bytes: &[u8]) -> Result<DocumentFormat, DocumentProblem> {
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentProblem::TooLarge);
    }
    let declared = DocumentFormat::from_content_type(declared_content_type).ok_or_else(|| {
        DocumentProblem::UnsupportedType { declared: declared_content_type.chars().take(80).collect() }
    })?;
    if bytes.is_empty() {
        return Err(DocumentProblem::Empty);
    }
    let actual = DocumentFormat::sniff(bytes).ok_or(DocumentProblem::UnrecognizedContent)?;
    if actual != declared {
        return Err(DocumentProblem::TypeMismatch {
            declared: declared.content_type(),
            actual: actual.content_type(),
        });
    }
    Ok(actual)
}

/// The payout destination as we keep it: the provider's token is never shown, only its masked label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutAccountView {
    /// E.g. "Test Bank ••••6789".
    pub label: String,
}

/// Connects the payout account the provider tokenized in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PayoutAccountRequest {
    /// The provider's bank-account token (`ba_…`).
    pub token: String,
}

/// Accepts the seller rules of `version` (must be the current one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptRulesRequest {
    pub version: u32,
}

/// An operator's refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RejectRequest {
    /// Shown to the seller: what is wrong and what to send instead (10–500 characters).
    pub reason: String,
}

/// The shop's identity document as its seller and operators see it (never its path on disk).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInfo {
    pub id: ShopDocumentId,
    pub content_type: String,
    pub byte_size: u64,
    pub uploaded_at_ms: i64,
}

/// Where the shop stands with verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationView {
    pub status: VerificationStatus,
    pub submitted_at_ms: Option<i64>,
    pub decided_at_ms: Option<i64>,
    /// The operator's reason for the last rejection.
    pub reason: Option<String>,
}

/// A shop as its seller (and operators) see it: profile, onboarding and verification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ShopView {
    pub id: SellerId,
    pub name: String,
    pub slug: String,
    pub region: String,
    pub currency: String,
    pub description: String,
    /// `/media/…` URL of the logo.
    pub logo_url: Option<String>,
    pub handling_days: u32,
    pub return_window_days: u32,
    pub return_policy: String,
    pub payout_account: Option<PayoutAccountView>,
    pub rules_version: Option<u32>,
    pub rules_accepted_at_ms: Option<i64>,
    pub document: Option<DocumentInfo>,
    pub verification: VerificationView,
    pub checklist: Checklist,
}

impl ShopView {
    /// The form's values, to edit.
    pub fn profile_input(&self) -> ShopProfileInput {
        ShopProfileInput {
            name: self.name.clone(),
            description: self.description.clone(),
            region: self.region.clone(),
            handling_days: self.handling_days,
            return_window_days: self.return_window_days,
            return_policy: self.return_policy.clone(),
        }
    }
}

/// One shop in the operator's verification queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationQueueItem {
    pub shop_id: SellerId,
    pub name: String,
    pub region: String,
    pub owner_email: Option<String>,
    pub status: VerificationStatus,
    pub submitted_at_ms: Option<i64>,
}

/// A verification case: the shop, who owns it, and the document to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationCase {
    pub shop: ShopView,
    pub owner_email: Option<String>,
    pub owner_name: Option<String>,
    /// Where an operator downloads the document (authorized; never a public URL).
    pub document_url: Option<String>,
    /// Email of the operator who decided last.
    pub decided_by: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> ShopFacts {
        ShopFacts {
            description_written: true,
            return_policy_written: true,
            has_logo: true,
            has_payout_account: true,
            rules_version_accepted: Some(SELLER_RULES_VERSION),
            has_identity_document: true,
            status: VerificationStatus::Unverified,
        }
    }

    fn input() -> ShopProfileInput {
        ShopProfileInput {
            name: "  Hilltop Ceramics ".into(),
            description: "Hand-thrown mugs.\nFired in our own kiln.".into(),
            region: "de".into(),
            handling_days: 2,
            return_window_days: 30,
            return_policy: "Unused items within 30 days.".into(),
        }
    }

    #[test]
    fn the_transition_table_is_exactly_this() {
        use VerificationEvent as E;
        use VerificationStatus as S;
        let events = [E::Submitted, E::Approved, E::Rejected];
        let mut table = Vec::new();
        for from in S::ALL {
            for event in events {
                let to = transition(from, event).map(S::as_str).unwrap_or("-");
                table.push(format!("{} --{event:?}--> {to}", from.as_str()));
            }
        }
        assert_eq!(
            table,
            [
                "unverified --Submitted--> pending",
                "unverified --Approved--> -",
                "unverified --Rejected--> -",
                "pending --Submitted--> -",
                "pending --Approved--> verified",
                "pending --Rejected--> rejected",
                "verified --Submitted--> -",
                "verified --Approved--> -",
                "verified --Rejected--> -",
                "rejected --Submitted--> pending",
                "rejected --Approved--> -",
                "rejected --Rejected--> -",
            ]
        );
    }

    #[test]
    fn statuses_round_trip_as_the_stored_text() {
        for status in VerificationStatus::ALL {
            assert_eq!(VerificationStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(VerificationStatus::parse("approved"), None);
    }

    #[test]
    fn a_new_shop_misses_every_step_and_names_them() {
        let facts = ShopFacts {
            description_written: false,
            return_policy_written: true,
            has_logo: false,
            has_payout_account: false,
            rules_version_accepted: None,
            has_identity_document: false,
            status: VerificationStatus::Unverified,
        };
        assert_eq!(
            submit_for_verification(&facts),
            Err(SubmitRefused::Missing(vec![
                OnboardingStep::Profile,
                OnboardingStep::Logo,
                OnboardingStep::PayoutAccount,
                OnboardingStep::Rules,
                OnboardingStep::IdentityDocument,
            ]))
        );
    }

    #[test]
    fn rules_of_an_older_version_do_not_count() {
        let facts = ShopFacts { rules_version_accepted: Some(SELLER_RULES_VERSION - 1), ..complete() };
        assert_eq!(submit_for_verification(&facts), Err(SubmitRefused::Missing(vec![OnboardingStep::Rules])));
    }

    #[test]
    fn a_complete_shop_submits_and_a_rejected_one_resubmits() {
        assert_eq!(submit_for_verification(&complete()), Ok(VerificationStatus::Pending));
        let rejected = ShopFacts { status: VerificationStatus::Rejected, ..complete() };
        assert_eq!(submit_for_verification(&rejected), Ok(VerificationStatus::Pending));
        let pending = ShopFacts { status: VerificationStatus::Pending, ..complete() };
        assert!(matches!(submit_for_verification(&pending), Err(SubmitRefused::Transition(_))));
        let checklist = Checklist::of(&pending);
        assert!(checklist.items.iter().all(|item| item.done), "pending means every step is done");
    }

    #[test]
    fn a_good_profile_is_trimmed_and_its_region_made_canonical() {
        let profile = input().parse().expect("valid");
        assert_eq!(profile.name, "Hilltop Ceramics");
        assert_eq!(profile.region, "DE");
        assert!(profile.description.contains('\n'), "line breaks are kept in long texts");
    }

    #[test]
    fn every_bad_field_is_named_once_in_form_order() {
        let bad = ShopProfileInput {
            name: "x".into(),
            description: "d".repeat(MAX_DESCRIPTION_CHARS + 1),
            region: "XX".into(),
            handling_days: 31,
            return_window_days: 91,
            return_policy: "no\u{7}bell".into(),
        };
        let problems = bad.parse().expect_err("invalid");
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            ["name", "description", "region", "handling_days", "return_window_days", "return_policy"]
        );
        assert_eq!(problems[1].problem, Problem::TooLong { max: 2_000 });
        assert_eq!(problems[3].problem, Problem::OutOfRange { min: 0, max: 30 });
        assert_eq!(problems[4].english(), "Enter a whole number from 0 to 90.");
    }

    #[test]
    fn the_bounds_themselves_are_allowed() {
        let edge = ShopProfileInput {
            handling_days: MAX_HANDLING_DAYS,
            return_window_days: 0,
            description: "d".repeat(MAX_DESCRIPTION_CHARS),
            ..input()
        };
        assert!(edge.parse().is_ok());
        let multi_line_name = ShopProfileInput { name: "Two\nLines".into(), ..input() };
        assert_eq!(multi_line_name.parse().expect_err("invalid")[0].problem, Problem::ControlCharacters);
    }

    #[test]
    fn documents_must_be_what_they_claim() {
        assert_eq!(check_document("application/pdf", b"%PDF-1.7 ..."), Ok(DocumentFormat::Pdf));
        assert_eq!(check_document("image/jpeg; q=1", &[0xFF, 0xD8, 0xFF, 0xE0]), Ok(DocumentFormat::Jpeg));
        assert_eq!(
            check_document("image/png", b"%PDF-1.7"),
            Err(DocumentProblem::TypeMismatch { declared: "image/png", actual: "application/pdf" })
        );
        assert!(matches!(
            check_document("text/html", b"<html>"),
            Err(DocumentProblem::UnsupportedType { .. })
        ));
        assert_eq!(check_document("application/pdf", b"<html>"), Err(DocumentProblem::UnrecognizedContent));
        assert_eq!(check_document("application/pdf", b""), Err(DocumentProblem::Empty));
        let big = vec![b'%'; MAX_DOCUMENT_BYTES + 1];
        assert_eq!(check_document("application/pdf", &big), Err(DocumentProblem::TooLarge));
    }

    #[test]
    fn a_rejection_needs_a_real_reason() {
        assert_eq!(normalize_reason("  blurry  ").expect_err("short").problem, Problem::TooShort { min: 10 });
        assert_eq!(
            normalize_reason(" The photo is blurry; send a sharper one. ").as_deref(),
            Ok("The photo is blurry; send a sharper one.")
        );
    }
}
