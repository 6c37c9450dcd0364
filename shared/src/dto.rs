//! Wire types: what crosses HTTP between the browser, partners and the server.
//!
//! Both the Leptos server functions and the `/api/v1` REST endpoints speak these types, so the storefront and a
//! partner's script see the same shapes. Domain values convert to and from them by hand at the boundary.

use serde::{Deserialize, Serialize};

use crate::auth::{Role, Scope};
use crate::delivery::DeliveryOption;
use crate::ids::{CategoryId, ProductId, SellerId, TokenId, UserId, VariantId};
use crate::money::{Currency, Money};
use crate::search::{MAX_QUERY_BYTES, SearchSort};

/// The one error shape of the API: `{ "error": { "code", "message", "field"? } }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

/// What went wrong, for people (`message`) and for programs (`code`, `field`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `invalid_parameter`, `not_found`.
    #[cfg_attr(feature = "openapi", schema(example = "invalid_parameter"))]
    pub code: String,
    /// A sentence a person can act on; safe to show in the UI.
    pub message: String,
    /// The request field the error is about, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Largest page a client may ask for; bounds the work one request can cause.
pub const MAX_PER_PAGE: u32 = 100;
/// Page size used when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 24;

/// A validated request for one page of a list: `page` starts at 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    page: u32,
    per_page: u32,
}

/// A list parameter that is out of range, with the parameter's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl PageRequest {
    /// Checks raw query values; `None` takes the default.
    pub fn parse(page: Option<u32>, per_page: Option<u32>) -> Result<Self, FieldError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(FieldError { field: "page", message: "pages are numbered from 1".into() });
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(FieldError {
                field: "per_page",
                message: format!("must be between 1 and {MAX_PER_PAGE}"),
            });
        }
        Ok(Self { page, per_page })
    }

    pub fn page(&self) -> u32 {
        self.page
    }

    pub fn per_page(&self) -> u32 {
        self.per_page
    }

    /// Rows to skip before this page.
    pub fn offset(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

impl Default for PageRequest {
    fn default() -> Self {
        Self { page: 1, per_page: DEFAULT_PER_PAGE }
    }
}

/// Search parameters as they arrive (query string or server function): everything optional, prices as
/// decimal text so a negative or malformed bound gets a message naming it rather than a parser's complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SearchParams {
    /// Words to search for in titles, descriptions and attributes (each also matches as a prefix).
    pub q: Option<String>,
    /// Category slug (e.g. `lighting`); includes its subcategories.
    pub category: Option<String>,
    /// Lowest price in major units of `currency`, e.g. `10` or `9.99`.
    pub min_price: Option<String>,
    /// Highest price in major units of `currency`.
    pub max_price: Option<String>,
    /// ISO 4217 code the price bounds are in; defaults to the region's market currency. Listings in other
    /// currencies are left out while a price bound is set (prices are never converted).
    pub currency: Option<String>,
    /// Destination region (ISO 3166-1 alpha-2, e.g. `DE`): delivery options and times are computed for it.
    pub region: Option<String>,
    /// Only listings that can arrive within this many days (1–60); needs `region`.
    pub delivery_days: Option<u32>,
    /// Only shops rated at least this many stars, e.g. `4.5`.
    pub min_rating: Option<String>,
    /// Only listings with stock.
    pub in_stock: Option<bool>,
    /// `best_match` (default), `price_asc`, `price_desc`, `fastest_delivery` (needs `region`), `top_rated`.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1–100 (default 24).
    pub per_page: Option<u32>,
}

/// A price bound pair in one currency, in minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceRange {
    pub currency: Currency,
    pub min_minor: Option<i64>,
    pub max_minor: Option<i64>,
}

/// A validated search: what the catalog service executes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct SearchQuery {
    /// The search words (see [`crate::search::query_terms`]); empty means browse.
    pub terms: Vec<String>,
    /// Category slug; the results hold that category and everything below it.
    pub category: Option<String>,
    pub price: Option<PriceRange>,
    /// Destination region code, upper case.
    pub region: Option<String>,
    pub delivery_days: Option<u16>,
    /// Minimum shop rating ×100.
    pub min_rating_x100: Option<u16>,
    pub in_stock: bool,
    pub sort: SearchSort,
    pub page: PageRequest,
}

/// Longest a `delivery_days` filter may be.
pub const MAX_DELIVERY_DAYS: u32 = 60;

impl SearchParams {
    /// Checks every parameter; the error names the first one that is wrong and says what would be right.
    pub fn validate(self) -> Result<SearchQuery, FieldError> {
        let invalid = |field: &'static str, message: &str| FieldError { field, message: message.into() };
        let page = PageRequest::parse(self.page, self.per_page)?;
        let q = self.q.unwrap_or_default();
        check_query_text(&q)?;
        let category = self.category.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(slug) = &category {
            let valid = slug.len() <= 64
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(invalid("category", "must be a category slug such as lighting"));
            }
        }
        let region = parse_region(self.region.as_deref())?;
        let bound = |text: Option<String>| text.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        let (min_text, max_text) = (bound(self.min_price), bound(self.max_price));
        let price = if min_text.is_none() && max_text.is_none() {
            None
        } else {
            let code = match bound(self.currency) {
                Some(code) => code.to_ascii_uppercase(),
                None => crate::regions::region(region.as_deref().unwrap_or_default())
                    .map(|r| r.market_currency.to_string())
                    .ok_or_else(|| {
                        invalid("currency", "say which currency the price bounds are in, e.g. USD")
                    })?,
            };
            let currency = Currency::from_code(&code)
                .map_err(|_| invalid("currency", "must be an ISO 4217 code such as EUR"))?;
            let parse = |field: &'static str, text: Option<String>| -> Result<Option<i64>, FieldError> {
                let Some(text) = text else { return Ok(None) };
                let money = Money::from_major_str(&text, currency).map_err(|_| {
                    invalid(field, &format!("must be an amount such as 25 or 24.99 in {}", currency.code()))
                })?;
                if money.is_negative() {
                    return Err(invalid(field, "must be zero or more"));
                }
                Ok(Some(money.amount_minor))
            };
            let (min_minor, max_minor) = (parse("min_price", min_text)?, parse("max_price", max_text)?);
            if let (Some(min), Some(max)) = (min_minor, max_minor)
                && max < min
            {
                return Err(invalid("max_price", "must not be below min_price"));
            }
            Some(PriceRange { currency, min_minor, max_minor })
        };
        let delivery_days = match self.delivery_days {
            None => None,
            Some(days) if (1..=MAX_DELIVERY_DAYS).contains(&days) => {
                if region.is_none() {
                    return Err(invalid("region", "say where to deliver to filter by delivery time"));
                }
                Some(days as u16)
            }
            Some(_) => {
                return Err(invalid("delivery_days", &format!("must be between 1 and {MAX_DELIVERY_DAYS}")));
            }
        };
        let min_rating_x100 = match bound(self.min_rating) {
            None => None,
            Some(text) => {
                // Stars with at most two decimals, read exactly as hundredths (as a two-decimal currency would be).
                let hundredths =
                    Currency::from_code("USD").map_err(|_| invalid("min_rating", "unreadable"))?;
                let stars = Money::from_major_str(&text, hundredths)
                    .ok()
                    .filter(|m| (100..=500).contains(&m.amount_minor))
                    .ok_or_else(|| invalid("min_rating", "must be a star rating from 1 to 5, e.g. 4.5"))?;
                Some(stars.amount_minor as u16)
            }
        };
        let sort = match self.sort.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => SearchSort::default(),
            Some(text) => SearchSort::parse(text).ok_or_else(|| {
                let known: Vec<&str> = SearchSort::ALL.iter().map(|s| s.as_str()).collect();
                invalid("sort", &format!("must be one of {}", known.join(", ")))
            })?,
        };
        if sort == SearchSort::FastestDelivery && region.is_none() {
            return Err(invalid("region", "say where to deliver to sort by delivery time"));
        }
        Ok(SearchQuery {
            terms: crate::search::query_terms(&q),
            category,
            price,
            region,
            delivery_days,
            min_rating_x100,
            in_stock: self.in_stock.unwrap_or(false),
            sort,
            page,
        })
    }
}

/// A search text is at most [`MAX_QUERY_BYTES`]; longer is refused (naming `q`), never cut silently.
pub fn check_query_text(q: &str) -> Result<(), FieldError> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(FieldError {
            field: "q",
            message: format!("keep the search under {MAX_QUERY_BYTES} characters"),
        });
    }
    Ok(())
}

/// An optional destination region: blank is none, a served region's code in any case is its canonical code,
/// anything else is refused naming `region`.
pub fn parse_region(text: Option<&str>) -> Result<Option<String>, FieldError> {
    match text.map(str::trim).filter(|r| !r.is_empty()) {
        None => Ok(None),
        Some(code) => crate::regions::region(code).map(|r| Some(r.code.to_string())).ok_or_else(|| {
            let known: Vec<&str> = crate::regions::REGIONS.iter().map(|r| r.code).collect();
            FieldError { field: "region", message: format!("must be one of {}", known.join(", ")) }
        }),
    }
}

/// One value of a facet and how many results have it, e.g. `lighting` (Lighting): 37.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FacetCount {
    /// The filter value to send back: a category slug, a currency code, a star rating, a day count.
    pub value: String,
    /// The category's name; empty for values the UI words itself.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
    pub count: u64,
}

/// How the results spread over the filters, so each filter can say how many results it would leave.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facets {
    /// The departments, or the subcategories of the chosen category.
    pub categories: Vec<FacetCount>,
    /// Results per listing currency.
    pub currencies: Vec<FacetCount>,
    /// Results from shops rated at least `value` stars (4.5, 4, 3.5).
    pub min_rating: Vec<FacetCount>,
    /// Results that arrive within `value` days in the chosen region (empty without a region).
    pub delivery_days: Vec<FacetCount>,
    /// Results in stock.
    pub in_stock: u64,
}

/// One page of search results with the facets of the whole result set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchResults {
    pub items: Vec<ProductSummary>,
    pub page: u32,
    pub per_page: u32,
    /// Matching listings, counted exactly up to a bound (see `total_is_lower_bound`).
    pub total: u64,
    /// True when more listings match than were counted: `total` and the facet counts are then lower bounds
    /// ("1,000+"), which keeps a one-letter search as fast as a precise one.
    pub total_is_lower_bound: bool,
    pub facets: Facets,
    /// The destination the delivery options were computed for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl SearchResults {
    /// Pages needed for `total` rows (at least 1).
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// One page of a list, with enough to draw pagination.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// Rows across all pages.
    pub total: u64,
}

impl<T> Page<T> {
    /// Number of pages needed for `total` rows (at least 1, so an empty list still has a page 1).
    pub fn page_count(&self) -> u64 {
        self.total.div_ceil(u64::from(self.per_page.max(1))).max(1)
    }
}

/// A product as shown in a list or grid: enough to decide whether to open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductSummary {
    pub id: ProductId,
    pub title: String,
    /// The lowest price among the product's variants, in the listing's own currency.
    pub price: Money,
    pub in_stock: bool,
    pub category: CategoryRef,
    pub seller: SellerRef,
    /// The main image, when the listing has one; the UI draws a placeholder otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<ProductImage>,
    /// Delivery options to the region asked for, fastest first; empty when no region was given or no carrier
    /// serves the lane.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<DeliveryOption>,
}

pub use crate::media::ProductImage;

/// Most ids one lookup may ask for; bounds the work of one request.
pub const MAX_LOOKUP_IDS: usize = 100;

/// A request for several products at once, e.g. to refresh a saved cart or a recently-viewed list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductLookupRequest {
    /// Product ids, 1 to 100; duplicates are answered once.
    pub ids: Vec<ProductId>,
}

impl ProductLookupRequest {
    /// Checks the size bounds and drops duplicates, keeping the first occurrence's position.
    pub fn validated_ids(&self) -> Result<Vec<ProductId>, FieldError> {
        if self.ids.is_empty() || self.ids.len() > MAX_LOOKUP_IDS {
            return Err(FieldError {
                field: "ids",
                message: format!("give between 1 and {MAX_LOOKUP_IDS} ids"),
            });
        }
        let mut unique = Vec::with_capacity(self.ids.len());
        for id in &self.ids {
            if !unique.contains(id) {
                unique.push(*id);
            }
        }
        Ok(unique)
    }
}

/// The answer to a [`ProductLookupRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductLookup {
    /// The products found, in the order they were asked for.
    pub items: Vec<ProductSummary>,
    /// Ids asked for that do not exist (or no longer do).
    pub missing: Vec<ProductId>,
}

/// Everything the product page shows about one listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductDetail {
    pub id: ProductId,
    pub title: String,
    pub description: String,
    pub price: Money,
    /// Units available now, over all variants.
    pub stock: u32,
    /// The SKUs, each with its own price and stock; at least one.
    pub variants: Vec<Variant>,
    /// Months of seller warranty; 0 when only the statutory guarantee applies.
    pub warranty_months: u16,
    /// Typed attributes of the category (material, colour, size…), in a stable order.
    pub attributes: Vec<Attribute>,
    /// The category path from the root department to the product's own category.
    pub breadcrumb: Vec<CategoryRef>,
    pub seller: SellerCard,
    /// Pictures in gallery order; empty when the seller has not uploaded any.
    pub images: Vec<ProductImage>,
    /// Delivery options to `delivery_region`, fastest first.
    pub delivery: Vec<DeliveryOption>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_region: Option<String>,
}

/// One SKU of a listing: the option values that set it apart (e.g. colour = Sage, size = M), its price and stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Variant {
    pub id: VariantId,
    pub sku: String,
    pub options: Vec<Attribute>,
    pub price: Money,
    pub stock: u32,
}

/// Why a listing ranks where it does for a region (operators only): the signals and each factor's share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankingExplanation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub signals: crate::ranking::ListingSignals,
    pub ranking: crate::ranking::Ranking,
}

/// One attribute of a listing, e.g. `colour = Sage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attribute {
    /// Machine name (`material`, `colour`, `size`), which the UI translates.
    pub name: String,
    pub value: String,
}

/// The seller as the product page introduces them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerCard {
    pub id: SellerId,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_x100: Option<u16>,
    /// ISO 3166-1 alpha-2 region the shop ships from.
    pub region: String,
    /// Business days the shop takes to hand an order to the carrier.
    pub handling_days: u16,
}

/// A node of the category tree, with its children in display order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(no_recursion))]
pub struct CategoryNode {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<CategoryNode>,
}

/// A category as stored: flat, with its parent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlatCategory {
    pub id: CategoryId,
    pub parent_id: Option<CategoryId>,
    pub slug: String,
    pub name: String,
    pub position: i64,
}

/// The path from the root to `leaf` through `parent_id` links (root first); stops at a missing parent, and is
/// bounded so corrupt data with a cycle cannot loop forever.
pub fn category_path(rows: &[FlatCategory], leaf: CategoryId) -> Vec<CategoryRef> {
    let mut path = Vec::new();
    let mut current = Some(leaf);
    while let Some(id) = current {
        let Some(row) = rows.iter().find(|r| r.id == id) else { break };
        if path.len() > 16 {
            break;
        }
        path.push(CategoryRef { id: row.id, slug: row.slug.clone(), name: row.name.clone() });
        current = row.parent_id;
    }
    path.reverse();
    path
}

impl CategoryNode {
    /// The ids of the node with `slug` and of everything below it; None when no node has that slug.
    pub fn subtree_ids(tree: &[CategoryNode], slug: &str) -> Option<Vec<CategoryId>> {
        fn collect(node: &CategoryNode, into: &mut Vec<CategoryId>) {
            into.push(node.id);
            for child in &node.children {
                collect(child, into);
            }
        }
        for node in tree {
            if node.slug == slug {
                let mut ids = Vec::new();
                collect(node, &mut ids);
                return Some(ids);
            }
            if let Some(ids) = Self::subtree_ids(&node.children, slug) {
                return Some(ids);
            }
        }
        None
    }

    /// Builds the tree from flat rows: roots are rows without a parent, siblings are ordered by position then
    /// name. Rows whose parent is missing are treated as roots rather than lost; a cycle cannot form because
    /// each row is placed at most once.
    pub fn build_tree(mut rows: Vec<FlatCategory>) -> Vec<CategoryNode> {
        rows.sort_by(|a, b| a.position.cmp(&b.position).then_with(|| a.name.cmp(&b.name)));
        let known: std::collections::HashSet<CategoryId> = rows.iter().map(|r| r.id).collect();
        fn children_of(parent: CategoryId, rows: &[FlatCategory], depth: usize) -> Vec<CategoryNode> {
            // The tree is shallow; the depth bound only guards against corrupt data.
            if depth > 16 {
                return Vec::new();
            }
            rows.iter()
                .filter(|r| r.parent_id == Some(parent))
                .map(|r| CategoryNode {
                    id: r.id,
                    slug: r.slug.clone(),
                    name: r.name.clone(),
                    children: children_of(r.id, rows, depth + 1),
                })
                .collect()
        }
        rows.iter()
            .filter(|r| r.parent_id.is_none_or(|p| !known.contains(&p)))
            .map(|r| CategoryNode {
                id: r.id,
                slug: r.slug.clone(),
                name: r.name.clone(),
                children: children_of(r.id, &rows, 1),
            })
            .collect()
    }
}

/// A category as referenced from elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryRef {
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
}

/// A seller as referenced from a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SellerRef {
    pub id: SellerId,
    pub name: String,
    /// Average rating ×100 (e.g. 472 = 4.72 stars); `None` until the shop has ratings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating_x100: Option<u16>,
}

/// The signed-in account, as the UI and `GET /api/v1/me` show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// The shop a seller account owns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<SellerRef>,
}

/// A new account. Sellers name their shop; others leave `shop_name` out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignUpRequest {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop_name: Option<String>,
}

/// A request for an API token. The secret is shown once in the answer and never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTokenRequest {
    /// What the token is for, e.g. "warehouse sync".
    pub name: String,
    pub scopes: Vec<Scope>,
}

/// An API token as listed: never the secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenInfo {
    pub id: TokenId,
    pub name: String,
    /// The first characters of the secret, so people can tell tokens apart.
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub created_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_used_at_ms: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at_ms: Option<i64>,
}

/// A token just created: the only time its secret is shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedToken {
    pub token: TokenInfo,
    /// Send as `Authorization: Bearer <secret>`.
    pub secret: String,
}

/// A request to change an account's role (operators only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleChange {
    pub role: Role,
}

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub at_ms: i64,
    /// e.g. `sign_in`, `sign_in_failed`, `token_created`, `token_revoked`, `role_changed`.
    pub action: String,
    /// Email of the account that acted, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// What the action was about (an email, a token id, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn page_zero_and_oversized_pages_are_refused_with_the_field_named() {
        assert_eq!(PageRequest::parse(Some(0), None).map_err(|e| e.field), Err("page"));
        assert_eq!(PageRequest::parse(None, Some(0)).map_err(|e| e.field), Err("per_page"));
        assert_eq!(PageRequest::parse(None, Some(MAX_PER_PAGE + 1)).map_err(|e| e.field), Err("per_page"));
    }

    #[test]
    fn lookups_are_bounded_and_deduplicated() {
        let a = ProductId::from_parts(1, [1; 10]);
        let b = ProductId::from_parts(2, [2; 10]);
        let request = ProductLookupRequest { ids: vec![b, a, b] };
        assert_eq!(request.validated_ids(), Ok(vec![b, a]));
        let empty = ProductLookupRequest { ids: vec![] };
        assert_eq!(empty.validated_ids().map_err(|e| e.field), Err("ids"));
        let too_many = ProductLookupRequest { ids: vec![a; MAX_LOOKUP_IDS + 1] };
        assert_eq!(too_many.validated_ids().map_err(|e| e.field), Err("ids"));
    }

    #[test]
    fn the_category_tree_nests_children_in_order_and_keeps_orphans() {
        let id = |n: u64| CategoryId::from_parts(n, [0; 10]);
        let row = |n: u64, parent: Option<u64>, position: i64| FlatCategory {
            id: id(n),
            parent_id: parent.map(id),
            slug: format!("c{n}"),
            name: format!("C{n}"),
            position,
        };
        let tree = CategoryNode::build_tree(vec![
            row(3, Some(1), 1),
            row(1, None, 0),
            row(2, Some(1), 0),
            row(4, None, 1),
            row(5, Some(99), 2),
        ]);
        let names: Vec<_> = tree.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(names, ["C1", "C4", "C5"], "orphan C5 becomes a root");
        let children: Vec<_> = tree[0].children.iter().map(|n| n.name.as_str()).collect();
        assert_eq!(children, ["C2", "C3"]);
    }

    fn category(slug: &str) -> SearchParams {
        SearchParams { category: Some(slug.into()), ..SearchParams::default() }
    }

    #[test]
    fn category_filters_are_slugs_and_name_their_parameter() {
        let query = category(" lighting ").validate().expect("valid");
        assert_eq!(query.category.as_deref(), Some("lighting"));
        assert_eq!(category("").validate().expect("empty is none").category, None);
        for bad in ["Lighting", "a b", "x;drop", &"a".repeat(65)] {
            let error = category(bad).validate().expect_err("invalid slug");
            assert_eq!(error.field, "category", "{bad}");
        }
    }

    #[test]
    fn every_bad_search_parameter_is_named() {
        let cases: [(SearchParams, &str); 10] = [
            (SearchParams { q: Some("x".repeat(10_240)), ..Default::default() }, "q"),
            (SearchParams { page: Some(0), ..Default::default() }, "page"),
            (SearchParams { sort: Some("random".into()), ..Default::default() }, "sort"),
            (
                SearchParams {
                    min_price: Some("-5".into()),
                    currency: Some("USD".into()),
                    ..Default::default()
                },
                "min_price",
            ),
            (
                SearchParams {
                    max_price: Some("ten".into()),
                    currency: Some("USD".into()),
                    ..Default::default()
                },
                "max_price",
            ),
            (SearchParams { min_price: Some("5".into()), ..Default::default() }, "currency"),
            (SearchParams { region: Some("XX".into()), ..Default::default() }, "region"),
            (SearchParams { delivery_days: Some(3), ..Default::default() }, "region"),
            (
                SearchParams { region: Some("DE".into()), delivery_days: Some(0), ..Default::default() },
                "delivery_days",
            ),
            (SearchParams { min_rating: Some("6".into()), ..Default::default() }, "min_rating"),
        ];
        for (params, field) in cases {
            let error = params.clone().validate().expect_err("must be refused");
            assert_eq!(error.field, field, "{params:?}");
        }
        let inverted = SearchParams {
            min_price: Some("50".into()),
            max_price: Some("10".into()),
            currency: Some("EUR".into()),
            ..Default::default()
        };
        assert_eq!(inverted.validate().expect_err("inverted").field, "max_price");
    }

    #[test]
    fn price_bounds_default_to_the_region_currency_in_minor_units() {
        let query = SearchParams {
            q: Some("Brass LAMP".into()),
            region: Some("kr".into()),
            min_price: Some("12900".into()),
            max_price: Some("50000".into()),
            min_rating: Some("4.5".into()),
            in_stock: Some(true),
            sort: Some("fastest_delivery".into()),
            ..Default::default()
        }
        .validate()
        .expect("valid");
        assert_eq!(query.terms, ["brass", "lamp"]);
        assert_eq!(query.region.as_deref(), Some("KR"));
        let price = query.price.expect("a price range");
        assert_eq!(
            (price.currency.code(), price.min_minor, price.max_minor),
            ("KRW", Some(12_900), Some(50_000))
        );
        assert_eq!(query.min_rating_x100, Some(450));
        assert!(query.in_stock);
        assert_eq!(query.sort, SearchSort::FastestDelivery);
        let usd = SearchParams {
            max_price: Some("19.99".into()),
            currency: Some("usd".into()),
            ..Default::default()
        };
        assert_eq!(usd.validate().expect("valid").price.and_then(|p| p.max_minor), Some(1_999));
    }

    #[test]
    fn a_subtree_holds_the_node_and_all_below_it() {
        let id = |n: u64| CategoryId::from_parts(n, [0; 10]);
        let row = |n: u64, parent: Option<u64>| FlatCategory {
            id: id(n),
            parent_id: parent.map(id),
            slug: format!("c{n}"),
            name: format!("C{n}"),
            position: n as i64,
        };
        let tree =
            CategoryNode::build_tree(vec![row(1, None), row(2, Some(1)), row(3, Some(2)), row(4, None)]);
        assert_eq!(CategoryNode::subtree_ids(&tree, "c1"), Some(vec![id(1), id(2), id(3)]));
        assert_eq!(CategoryNode::subtree_ids(&tree, "c3"), Some(vec![id(3)]));
        assert_eq!(CategoryNode::subtree_ids(&tree, "nope"), None);
    }

    #[test]
    fn defaults_to_the_first_page() {
        let request = PageRequest::parse(None, None).expect("defaults are valid");
        assert_eq!((request.page(), request.per_page(), request.offset()), (1, DEFAULT_PER_PAGE, 0));
    }

    #[test]
    fn error_envelope_has_the_documented_shape() {
        let envelope = ErrorEnvelope {
            error: ErrorBody { code: "not_found".into(), message: "No such product.".into(), field: None },
        };
        let json = serde_json::to_value(&envelope).expect("serializes");
        assert_eq!(json, serde_json::json!({"error": {"code": "not_found", "message": "No such product."}}));
    }

    proptest! {
        #[test]
        fn pages_tile_the_list_without_gaps(page in 1u32..10_000, per_page in 1u32..=MAX_PER_PAGE) {
            let this = PageRequest::parse(Some(page), Some(per_page)).expect("in range");
            let next = PageRequest::parse(Some(page + 1), Some(per_page)).expect("in range");
            prop_assert_eq!(this.offset() + u64::from(per_page), next.offset());
        }

        #[test]
        fn page_count_covers_every_row(total in 0u64..1_000_000, per_page in 1u32..=MAX_PER_PAGE) {
            let page: Page<()> = Page { items: vec![], page: 1, per_page, total };
            let count = page.page_count();
            prop_assert!(count * u64::from(per_page) >= total);
            prop_assert!(count == 1 || (count - 1) * u64::from(per_page) < total);
        }
    }
}
