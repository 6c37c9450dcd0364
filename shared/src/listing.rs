//! A seller's listing: what it holds, the rules its fields follow, and its life (draft → published ⇄ unpublished).
//!
//! The seller console checks a form with [`ListingInput::problems`] as the seller types, and the server checks the
//! same input with the same function before it stores anything, so a message the browser shows is the message the
//! server would give. A draft only has to respect the limits (lengths, ranges, distinct SKUs); publishing also needs
//! the listing to be complete ([`ListingInput::publish_problems`]) and the shop to be verified.

use serde::{Deserialize, Serialize};

use crate::dto::Attribute;
use crate::ids::{CategoryId, ProductId, VariantId};
use crate::media::ProductImage;
use crate::money::Currency;

pub const TITLE_MAX_CHARS: usize = 120;
pub const TITLE_MIN_CHARS: usize = 3;
pub const DESCRIPTION_MAX_CHARS: usize = 5_000;
pub const DESCRIPTION_MIN_CHARS: usize = 20;
pub const SKU_MAX_CHARS: usize = 40;
pub const ATTRIBUTE_VALUE_MAX_CHARS: usize = 40;
pub const MAX_VARIANTS: usize = 50;
pub const MAX_WARRANTY_MONTHS: u16 = 120;
/// Units of one variant; more is a typo, not a shop.
pub const MAX_STOCK: u32 = 1_000_000;
/// The highest unit price in minor units (1,000,000.00 in a two-decimal currency).
pub const MAX_PRICE_MINOR: i64 = 100_000_000;

/// The attributes a card can have, by machine name (the UI translates them). Each may appear once per listing and
/// once per variant (where it sets the variant apart, e.g. colour or size).
pub const ATTRIBUTE_NAMES: [&str; 5] = ["material", "colour", "size", "capacity", "pattern"];

/// Where a listing is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingStatus {
    /// Being written; only the seller sees it.
    Draft,
    /// On sale: in the storefront and in search.
    Published,
    /// Taken off sale by the seller; kept with its orders, and can be published again.
    Unpublished,
}

impl ListingStatus {
    pub const ALL: [ListingStatus; 3] =
        [ListingStatus::Draft, ListingStatus::Published, ListingStatus::Unpublished];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingStatus::Draft => "draft",
            ListingStatus::Published => "published",
            ListingStatus::Unpublished => "unpublished",
        }
    }

    pub fn parse(text: &str) -> Option<ListingStatus> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What a seller can do to a listing's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingAction {
    Publish,
    Unpublish,
}

/// The status `action` leads to from `from`, or None when it does not apply (publishing what is on sale,
/// taking off sale what never was).
pub fn next_status(from: ListingStatus, action: ListingAction) -> Option<ListingStatus> {
    match (from, action) {
        (ListingStatus::Draft | ListingStatus::Unpublished, ListingAction::Publish) => {
            Some(ListingStatus::Published)
        }
        (ListingStatus::Published, ListingAction::Unpublish) => Some(ListingStatus::Unpublished),
        (ListingStatus::Published, ListingAction::Publish)
        | (ListingStatus::Draft | ListingStatus::Unpublished, ListingAction::Unpublish) => None,
    }
}

/// A listing as the seller writes it. Prices are in the shop's currency, in minor units.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingInput {
    #[serde(default)]
    pub category_id: Option<CategoryId>,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Attributes of the whole listing (material, pattern…), by machine name from [`ATTRIBUTE_NAMES`].
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    #[serde(default)]
    pub warranty_months: u16,
    #[serde(default)]
    pub variants: Vec<VariantInput>,
}

/// One SKU as the seller writes it; `id` is set for a variant that exists already.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantInput {
    #[serde(default)]
    pub id: Option<VariantId>,
    pub sku: String,
    /// What sets this variant apart (colour = Sage, size = M).
    #[serde(default)]
    pub options: Vec<Attribute>,
    pub price_minor: i64,
    pub stock: u32,
}

/// A field of a listing that breaks a rule, named the way the form names its inputs: `title`, `description`,
/// `category_id`, `attributes`, `warranty_months`, `variants`, `variants[2].sku`, `images`, `shop`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldProblem {
    pub field: String,
    pub problem: ListingProblem,
}

/// What is wrong with a field; the UI words each one in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ListingProblem {
    /// Needed to publish.
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// More than the allowed number of entries.
    TooMany {
        max: u32,
    },
    /// Letters, digits, `-`, `_` and `.` only.
    InvalidSku,
    /// Another variant of the listing has this SKU.
    DuplicateSku,
    /// Not one of [`ATTRIBUTE_NAMES`], or named twice.
    UnknownAttribute,
    /// Two variants with the same options cannot be told apart.
    DuplicateOptions,
    /// Publishing needs at least one picture.
    NoImage,
    /// Publishing needs a shop the operator has verified.
    ShopNotVerified,
}

impl std::fmt::Display for ListingProblem {
    /// English, for API clients and logs; the UI translates the code instead.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ListingProblem::Required => write!(f, "is required to publish"),
            ListingProblem::TooShort { min } => write!(f, "needs at least {min} characters"),
            ListingProblem::TooLong { max } => write!(f, "must be at most {max} characters"),
            ListingProblem::OutOfRange { min, max } => write!(f, "must be between {min} and {max}"),
            ListingProblem::TooMany { max } => write!(f, "at most {max} allowed"),
            ListingProblem::InvalidSku => write!(f, "may hold only letters, digits, '-', '_' and '.'"),
            ListingProblem::DuplicateSku => write!(f, "is used by another variant"),
            ListingProblem::UnknownAttribute => write!(f, "names an unknown or repeated attribute"),
            ListingProblem::DuplicateOptions => write!(f, "has the same options as another variant"),
            ListingProblem::NoImage => write!(f, "needs at least one picture to publish"),
            ListingProblem::ShopNotVerified => write!(f, "must be verified before listings go live"),
        }
    }
}

impl FieldProblem {
    fn new(field: impl Into<String>, problem: ListingProblem) -> Self {
        Self { field: field.into(), problem }
    }

    /// "title: must be at most 120 characters".
    pub fn message(&self) -> String {
        format!("{}: {}", self.field, self.problem)
    }
}

impl ListingInput {
    /// Limits every save respects, drafts included: lengths, ranges, known attributes, distinct SKUs.
    pub fn problems(&self) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        let title = self.title.trim().chars().count();
        if title > TITLE_MAX_CHARS {
            problems
                .push(FieldProblem::new("title", ListingProblem::TooLong { max: TITLE_MAX_CHARS as u32 }));
        }
        if self.description.chars().count() > DESCRIPTION_MAX_CHARS {
            problems.push(FieldProblem::new(
                "description",
                ListingProblem::TooLong { max: DESCRIPTION_MAX_CHARS as u32 },
            ));
        }
        if self.warranty_months > MAX_WARRANTY_MONTHS {
            problems.push(FieldProblem::new(
                "warranty_months",
                ListingProblem::OutOfRange { min: 0, max: i64::from(MAX_WARRANTY_MONTHS) },
            ));
        }
        if attributes_problem(&self.attributes) {
            problems.push(FieldProblem::new("attributes", ListingProblem::UnknownAttribute));
        }
        if self.variants.len() > MAX_VARIANTS {
            problems
                .push(FieldProblem::new("variants", ListingProblem::TooMany { max: MAX_VARIANTS as u32 }));
        }
        let mut skus = std::collections::HashSet::new();
        let mut option_sets = std::collections::HashSet::new();
        for (index, variant) in self.variants.iter().enumerate() {
            let field = |name: &str| format!("variants[{index}].{name}");
            let sku = variant.sku.trim();
            if sku.chars().count() > SKU_MAX_CHARS {
                problems.push(FieldProblem::new(
                    field("sku"),
                    ListingProblem::TooLong { max: SKU_MAX_CHARS as u32 },
                ));
            } else if !sku.is_empty() && !sku.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            {
                problems.push(FieldProblem::new(field("sku"), ListingProblem::InvalidSku));
            } else if !sku.is_empty() && !skus.insert(sku.to_ascii_lowercase()) {
                problems.push(FieldProblem::new(field("sku"), ListingProblem::DuplicateSku));
            }
            if !(0..=MAX_PRICE_MINOR).contains(&variant.price_minor) {
                problems.push(FieldProblem::new(
                    field("price"),
                    ListingProblem::OutOfRange { min: 0, max: MAX_PRICE_MINOR },
                ));
            }
            if variant.stock > MAX_STOCK {
                problems.push(FieldProblem::new(
                    field("stock"),
                    ListingProblem::OutOfRange { min: 0, max: i64::from(MAX_STOCK) },
                ));
            }
            if attributes_problem(&variant.options) {
                problems.push(FieldProblem::new(field("options"), ListingProblem::UnknownAttribute));
            } else if self.variants.len() > 1 && !option_sets.insert(normalized(&variant.options)) {
                problems.push(FieldProblem::new(field("options"), ListingProblem::DuplicateOptions));
            }
        }
        problems
    }

    /// Everything [`Self::problems`] checks, plus what a listing on sale needs: a category, a title and a
    /// description of some substance, at least one variant with a SKU and a price, a picture, and a verified shop.
    pub fn publish_problems(&self, images: usize, shop_verified: bool) -> Vec<FieldProblem> {
        let mut problems = self.problems();
        let mut require = |field: &str, missing: bool| {
            if missing && !problems.iter().any(|p| p.field == field) {
                problems.push(FieldProblem::new(field, ListingProblem::Required));
            }
        };
        require("category_id", self.category_id.is_none());
        require("title", self.title.trim().is_empty());
        require("description", self.description.trim().is_empty());
        require("variants", self.variants.is_empty());
        for (index, variant) in self.variants.iter().enumerate() {
            require(&format!("variants[{index}].sku"), variant.sku.trim().is_empty());
            require(&format!("variants[{index}].price"), variant.price_minor <= 0);
        }
        let title = self.title.trim().chars().count();
        if title > 0 && title < TITLE_MIN_CHARS {
            problems
                .push(FieldProblem::new("title", ListingProblem::TooShort { min: TITLE_MIN_CHARS as u32 }));
        }
        let description = self.description.trim().chars().count();
        if description > 0 && description < DESCRIPTION_MIN_CHARS {
            problems.push(FieldProblem::new(
                "description",
                ListingProblem::TooShort { min: DESCRIPTION_MIN_CHARS as u32 },
            ));
        }
        if images == 0 {
            problems.push(FieldProblem::new("images", ListingProblem::NoImage));
        }
        if !shop_verified {
            problems.push(FieldProblem::new("shop", ListingProblem::ShopNotVerified));
        }
        problems
    }

    /// The input as it is stored: text trimmed, attribute values trimmed, empty attributes dropped.
    pub fn normalized(mut self) -> Self {
        self.title = self.title.trim().to_string();
        self.description = self.description.trim().to_string();
        let tidy = |attributes: &mut Vec<Attribute>| {
            attributes.retain_mut(|a| {
                a.value = a.value.trim().to_string();
                !a.value.is_empty()
            });
        };
        tidy(&mut self.attributes);
        for variant in &mut self.variants {
            variant.sku = variant.sku.trim().to_string();
            tidy(&mut variant.options);
        }
        self
    }

    /// The listing's lowest unit price and total stock, as the storefront's cards show them.
    pub fn headline(&self) -> (i64, u64) {
        let price = self.variants.iter().map(|v| v.price_minor).min().unwrap_or(0);
        let stock = self.variants.iter().map(|v| u64::from(v.stock)).sum();
        (price, stock)
    }
}

/// True when an attribute is unknown, named twice, or its value is too long.
fn attributes_problem(attributes: &[Attribute]) -> bool {
    let mut seen = std::collections::HashSet::new();
    attributes.iter().any(|attribute| {
        !ATTRIBUTE_NAMES.contains(&attribute.name.as_str())
            || !seen.insert(attribute.name.as_str())
            || attribute.value.trim().chars().count() > ATTRIBUTE_VALUE_MAX_CHARS
    })
}

fn normalized(options: &[Attribute]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> =
        options.iter().map(|a| (a.name.clone(), a.value.trim().to_lowercase())).collect();
    pairs.sort();
    pairs
}

/// A row of the seller's listings table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerListing {
    pub id: ProductId,
    pub title: String,
    pub status: ListingStatus,
    pub category_name: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    /// The lowest variant price, in minor units.
    pub price_minor: i64,
    /// Units over all variants.
    pub stock: u64,
    pub variants: Vec<VariantStock>,
    /// The first picture, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    pub updated_at_ms: i64,
}

/// A variant's price and stock, as the bulk editor shows and changes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantStock {
    pub id: VariantId,
    pub sku: String,
    pub price_minor: i64,
    pub stock: u32,
}

/// One change of the bulk price and stock editor; what is None stays as it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VariantChange {
    pub variant_id: VariantId,
    #[serde(default)]
    pub price_minor: Option<i64>,
    #[serde(default)]
    pub stock: Option<u32>,
}

impl VariantChange {
    /// The change's own limits; `index` names it in the problem (`changes[3].price`).
    pub fn problems(&self, index: usize) -> Vec<FieldProblem> {
        let mut problems = Vec::new();
        if self.price_minor.is_some_and(|price| !(1..=MAX_PRICE_MINOR).contains(&price)) {
            problems.push(FieldProblem::new(
                format!("changes[{index}].price"),
                ListingProblem::OutOfRange { min: 1, max: MAX_PRICE_MINOR },
            ));
        }
        if self.stock.is_some_and(|stock| stock > MAX_STOCK) {
            problems.push(FieldProblem::new(
                format!("changes[{index}].stock"),
                ListingProblem::OutOfRange { min: 0, max: i64::from(MAX_STOCK) },
            ));
        }
        problems
    }
}

/// The most changes one bulk edit may carry.
pub const MAX_BULK_CHANGES: usize = 500;

/// A listing as its editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingEditor {
    pub id: ProductId,
    pub status: ListingStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    pub input: ListingInput,
    pub images: Vec<ProductImage>,
    /// Whether the shop may publish (verified by the operator).
    pub shop_verified: bool,
    pub updated_at_ms: i64,
}

/// What a new listing's editor needs before anything is saved: the shop's currency and whether it may publish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingDefaults {
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "USD"))]
    pub currency: Currency,
    pub shop_verified: bool,
}

/// How the seller's listings table is ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ListingSort {
    /// Most recently changed first.
    #[default]
    Updated,
    Title,
    PriceUp,
    PriceDown,
    /// Least stock first: what to restock.
    StockUp,
}

impl ListingSort {
    pub const ALL: [ListingSort; 5] = [
        ListingSort::Updated,
        ListingSort::Title,
        ListingSort::PriceUp,
        ListingSort::PriceDown,
        ListingSort::StockUp,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ListingSort::Updated => "updated",
            ListingSort::Title => "title",
            ListingSort::PriceUp => "price_up",
            ListingSort::PriceDown => "price_down",
            ListingSort::StockUp => "stock_up",
        }
    }

    pub fn parse(text: &str) -> Option<ListingSort> {
        Self::ALL.into_iter().find(|sort| sort.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(name: &str, value: &str) -> Attribute {
        Attribute { name: name.into(), value: value.into() }
    }

    fn complete() -> ListingInput {
        ListingInput {
            category_id: Some(CategoryId::from_parts(1, [1; 10])),
            title: "Brass desk lamp".into(),
            description: "A heavy brass lamp with a linen shade, 45 cm tall.".into(),
            attributes: vec![attribute("material", "Brass")],
            warranty_months: 24,
            variants: vec![
                VariantInput {
                    id: None,
                    sku: "LAMP-S".into(),
                    options: vec![attribute("colour", "Sage")],
                    price_minor: 4_500,
                    stock: 3,
                },
                VariantInput {
                    id: None,
                    sku: "LAMP-N".into(),
                    options: vec![attribute("colour", "Navy")],
                    price_minor: 4_900,
                    stock: 0,
                },
            ],
        }
    }

    fn fields(problems: &[FieldProblem]) -> Vec<&str> {
        problems.iter().map(|p| p.field.as_str()).collect()
    }

    #[test]
    fn a_complete_listing_of_a_verified_shop_can_be_published() {
        assert_eq!(complete().publish_problems(1, true), vec![]);
        assert_eq!(complete().headline(), (4_500, 3));
    }

    #[test]
    fn an_empty_draft_is_fine_to_save_but_names_everything_missing_to_publish() {
        let empty = ListingInput::default();
        assert_eq!(empty.problems(), vec![]);
        assert_eq!(
            fields(&empty.publish_problems(0, false)),
            ["category_id", "title", "description", "variants", "images", "shop"]
        );
    }

    #[test]
    fn limits_name_the_field_that_breaks_them() {
        let mut input = complete();
        input.title = "x".repeat(TITLE_MAX_CHARS + 1);
        input.variants[1].sku = "LAMP S".into();
        input.variants[0].price_minor = -1;
        input.variants[0].stock = MAX_STOCK + 1;
        input.warranty_months = 121;
        input.attributes.push(attribute("flavour", "Mint"));
        assert_eq!(
            fields(&input.problems()),
            [
                "title",
                "warranty_months",
                "attributes",
                "variants[0].price",
                "variants[0].stock",
                "variants[1].sku"
            ]
        );
        assert_eq!(input.problems()[0].message(), "title: must be at most 120 characters");
    }

    #[test]
    fn variants_must_be_told_apart_by_sku_and_options() {
        let mut input = complete();
        input.variants[1].sku = "lamp-s".into();
        input.variants[1].options = vec![attribute("colour", " sage ")];
        let problems = input.problems();
        assert_eq!(problems[0], FieldProblem::new("variants[1].sku", ListingProblem::DuplicateSku));
        assert_eq!(problems[1], FieldProblem::new("variants[1].options", ListingProblem::DuplicateOptions));
    }

    #[test]
    fn publishing_needs_substance_a_price_a_picture_and_a_verified_shop() {
        let mut input = complete();
        input.title = "ab".into();
        input.description = "Too short.".into();
        input.variants[0].price_minor = 0;
        let problems = input.publish_problems(0, false);
        assert_eq!(fields(&problems), ["variants[0].price", "title", "description", "images", "shop"]);
        assert_eq!(problems[1].problem, ListingProblem::TooShort { min: 3 });
    }

    #[test]
    fn normalizing_trims_and_drops_empty_attributes() {
        let mut input = complete();
        input.title = "  Lamp  ".into();
        input.attributes.push(attribute("pattern", "   "));
        input.variants[0].sku = " LAMP-S ".into();
        let stored = input.normalized();
        assert_eq!(stored.title, "Lamp");
        assert_eq!(stored.attributes, vec![attribute("material", "Brass")]);
        assert_eq!(stored.variants[0].sku, "LAMP-S");
    }

    #[test]
    fn status_moves_only_where_it_means_something() {
        use ListingAction::*;
        use ListingStatus::*;
        assert_eq!(next_status(Draft, Publish), Some(Published));
        assert_eq!(next_status(Unpublished, Publish), Some(Published));
        assert_eq!(next_status(Published, Unpublish), Some(Unpublished));
        assert_eq!(next_status(Published, Publish), None);
        assert_eq!(next_status(Draft, Unpublish), None);
        for status in ListingStatus::ALL {
            assert_eq!(ListingStatus::parse(status.as_str()), Some(status));
        }
        for sort in ListingSort::ALL {
            assert_eq!(ListingSort::parse(sort.as_str()), Some(sort));
        }
    }

    #[test]
    fn bulk_changes_have_their_own_limits() {
        let change = VariantChange {
            variant_id: VariantId::from_parts(1, [1; 10]),
            price_minor: Some(0),
            stock: Some(5),
        };
        assert_eq!(fields(&change.problems(3)), ["changes[3].price"]);
        let fine = VariantChange {
            variant_id: VariantId::from_parts(1, [1; 10]),
            price_minor: Some(100),
            stock: Some(0),
        };
        assert!(fine.problems(0).is_empty());
    }
}
