//! Wire types: what crosses HTTP between the browser, partners and the server.
//!
//! Both the Leptos server functions and the `/api/v1` REST endpoints speak these types, so the storefront and a
//! partner's script see the same shapes. Domain values convert to and from them by hand at the boundary.

use serde::{Deserialize, Serialize};

use crate::auth::{Role, Scope};
use crate::ids::{CategoryId, ProductId, SellerId, TokenId, UserId};
use crate::money::Money;

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

/// A validated product-list request: a page, optionally within one category (and its subcategories).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ProductQuery {
    pub page: PageRequest,
    /// Category slug; the list then holds that category and everything below it.
    pub category: Option<String>,
}

impl ProductQuery {
    /// Checks raw query values: a category slug is 1–64 of `a-z`, `0-9` and `-`.
    pub fn parse(
        page: Option<u32>,
        per_page: Option<u32>,
        category: Option<String>,
    ) -> Result<Self, FieldError> {
        let page = PageRequest::parse(page, per_page)?;
        let category = category.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(slug) = &category {
            let valid = slug.len() <= 64
                && slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(FieldError {
                    field: "category",
                    message: "must be a category slug such as lighting".into(),
                });
            }
        }
        Ok(Self { page, category })
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
    /// Absolute path of the main image, when the listing has one; the UI draws a placeholder otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
}

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
    /// Units available now.
    pub stock: u32,
    /// Typed attributes of the category (material, colour, size…), in a stable order.
    pub attributes: Vec<Attribute>,
    /// The category path from the root department to the product's own category.
    pub breadcrumb: Vec<CategoryRef>,
    pub seller: SellerCard,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
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

    #[test]
    fn category_filters_are_slugs_and_name_their_parameter() {
        let query = ProductQuery::parse(None, None, Some(" lighting ".into())).expect("valid");
        assert_eq!(query.category.as_deref(), Some("lighting"));
        assert_eq!(
            ProductQuery::parse(None, None, Some(String::new())).expect("empty is none").category,
            None
        );
        for bad in ["Lighting", "a b", "x;drop", &"a".repeat(65)] {
            let error = ProductQuery::parse(None, None, Some(bad.to_string())).expect_err("invalid slug");
            assert_eq!(error.field, "category", "{bad}");
        }
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
