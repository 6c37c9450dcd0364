//! A seller's own listings: create and edit drafts, publish and take off sale, change prices and stock in bulk.
//!
//! Only the shop's seller (with `catalog:write`) reaches its listings; someone else's listing answers 404 like a
//! missing one. Input is checked with `shared::listing` — the rules the console's form applies as the seller
//! types — and publishing needs a complete listing of a shop the operator has verified. Every change is audited,
//! and every change shoppers can see empties the catalog read caches once committed.

use anyhow::Context;
use app::ports::{Listings, RequestContext, ServiceError};
use async_trait::async_trait;
use shared::auth::{Role, Scope};
use shared::commerce::check_idempotency_key;
use shared::delivery::DeliveryOption;
use shared::dto::{Attribute, Page, PageRequest};
use shared::ids::{ImportId, ProductId, VariantId};
use shared::listing::{
    FieldProblem, ListingAction, ListingDefaults, ListingEditor, ListingInput, ListingProblem, ListingSort,
    ListingStatus, MAX_BULK_CHANGES, SellerListing, VariantChange, VariantInput, VariantStock, next_status,
};
use shared::listing_import::ImportStatus;
use shared::money::Currency;
use sqlx::AnyConnection;

use super::catalog::attributes_from_json;
use super::images::product_image;

use crate::db::Database;
use crate::db::catalog::{note_catalog_write, variants_of};
use crate::db::images::{images_of, main_images};
use crate::db::listings::{self as store, ListingFields, VariantFields};
use crate::ids::{fresh, now_ms};

#[derive(Clone)]
pub struct ListingService {
    pub(super) db: Database,
}

impl ListingService {
    pub fn new(db: Database) -> Self {
        Self { db }
    }

    /// The caller's shop: listings are managed by their seller, with `catalog:write`.
    pub(super) fn shop_of(context: &RequestContext) -> Result<String, ServiceError> {
        let principal = context.actor.require_signed_in()?;
        if principal.role != Role::Seller {
            return Err(ServiceError::Forbidden("Listings are managed by their shop's seller.".into()));
        }
        let principal = context.actor.require(Role::Seller, Scope::CatalogWrite)?;
        principal
            .seller_id
            .map(|shop| shop.to_string())
            .ok_or_else(|| ServiceError::Forbidden("This account has no shop yet.".into()))
    }

    /// The listing if it is the shop's; NotFound otherwise (someone else's looks like a missing one).
    async fn own_listing(&self, shop: &str, id: ProductId) -> Result<store::EditableListing, ServiceError> {
        store::editable_listing(self.db.pool(), &id.to_string())
            .await
            .context("reading the listing")?
            .filter(|listing| listing.seller_id == shop)
            .ok_or(ServiceError::NotFound("listing"))
    }

    async fn editor(&self, listing: store::EditableListing) -> Result<ListingEditor, ServiceError> {
        let pool = self.db.pool();
        let (variants, images, standing) = tokio::try_join!(
            async { variants_of(pool, &listing.id).await.context("reading variants") },
            async { images_of(pool, &listing.id).await.context("reading images") },
            async { store::shop_standing(pool, &listing.seller_id).await.context("reading the shop") },
        )?;
        let currency = Currency::from_code(&listing.currency).context("stored currency")?;
        let variants = variants
            .into_iter()
            .map(|v| {
                Ok(VariantInput {
                    id: Some(v.id.parse().context("stored variant id")?),
                    sku: v.sku,
                    options: attributes_from_json(&v.options),
                    price_minor: v.price_minor,
                    stock: u32::try_from(v.stock.max(0)).unwrap_or(u32::MAX),
                })
            })
            .collect::<Result<Vec<_>, anyhow::Error>>()?;
        let images = images
            .iter()
            .map(product_image)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| anyhow::anyhow!("stored image: {error}"))?;
        Ok(ListingEditor {
            id: listing.id.parse().context("stored listing id")?,
            status: ListingStatus::parse(&listing.status).context("stored listing status")?,
            currency,
            input: ListingInput {
                category_id: Some(listing.category_id.parse().context("stored category id")?),
                title: listing.title,
                description: listing.description,
                attributes: attributes_from_json(&listing.attributes),
                warranty_months: u16::try_from(listing.warranty_months.max(0)).unwrap_or(u16::MAX),
                variants,
            },
            images,
            shop_verified: standing.is_some_and(|(_, verified)| verified),
            updated_at_ms: listing.updated_at_ms,
        })
    }

    pub(super) async fn audit(
        &self,
        context: &RequestContext,
        action: &str,
        subject: &str,
    ) -> Result<(), ServiceError> {
        let actor = context.actor.principal().map(|principal| principal.user_id);
        super::audit::record(&self.db, context, actor.as_ref(), action, Some(subject)).await
    }

    /// Stores the listing's fields and variants (a new draft when `existing` is None), in one transaction.
    /// Saves the listing (a new draft when `existing` is None) in one transaction. A new draft with a
    /// `creation_key` is recorded under it in the same transaction; when a request with the same key got there
    /// first (two retries racing), this one's draft is rolled back and the answer is the first's listing, with
    /// `false` for "not made by this call".
    async fn save(
        &self,
        shop: &str,
        existing: Option<&store::EditableListing>,
        input: ListingInput,
        creation_key: Option<&str>,
    ) -> Result<(String, bool), ServiceError> {
        let currency = match existing {
            Some(listing) => listing.currency.clone(),
            None => {
                store::shop_standing(self.db.pool(), shop)
                    .await
                    .context("reading the shop")?
                    .ok_or(ServiceError::NotFound("shop"))?
                    .0
            }
        };
        let mut tx = self.db.begin_write().await.context("opening the listing transaction")?;
        let id = self.save_in(&mut tx, shop, &currency, existing, input).await?;
        if let Some(key) = creation_key.filter(|_| existing.is_none()) {
            match store::record_creation(&mut tx, shop, key, &id, now_ms()).await {
                Ok(()) => {}
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                    drop(tx);
                    let first = store::created_with(self.db.pool(), shop, key)
                        .await
                        .context("reading a creation")?
                        .context("a creation key vanished")?;
                    return Ok((first, false));
                }
                Err(error) => return Err(anyhow::Error::new(error).context("recording the creation").into()),
            }
        }
        tx.commit().await.context("committing the listing")?;
        note_catalog_write();
        Ok((id, true))
    }

    /// [`Self::save`] inside the caller's transaction (an import saves a chunk of listings in one). Returns the
    /// listing's id.
    pub(super) async fn save_in(
        &self,
        tx: &mut AnyConnection,
        shop: &str,
        currency: &str,
        existing: Option<&store::EditableListing>,
        input: ListingInput,
    ) -> Result<String, ServiceError> {
        let input = input.normalized();
        refuse(input.problems())?;
        let now = now_ms();
        let category_id = match &input.category_id {
            Some(category) => category.to_string(),
            // A draft may be saved without one, but the table keeps a category: the stored one.
            None => match existing {
                Some(listing) => listing.category_id.clone(),
                None => return Err(invalid("category_id", ListingProblem::Required)),
            },
        };
        if !store::category_exists(tx, &category_id).await.context("checking the category")? {
            return Err(ServiceError::Invalid {
                field: Some("category_id".into()),
                message: "category_id: there is no such category.".into(),
            });
        }
        let listing_attributes = attributes_json(&input.attributes);
        let fields = ListingFields {
            category_id: &category_id,
            title: &input.title,
            description: &input.description,
            attributes_json: &listing_attributes,
            warranty_months: i64::from(input.warranty_months),
        };
        let id = match existing {
            Some(listing) => {
                store::update_listing(tx, &listing.id, &fields, now).await.context("saving the listing")?;
                listing.id.clone()
            }
            None => {
                let id = fresh(ProductId::from_parts).to_string();
                store::insert_listing(tx, &id, shop, currency, &fields, now)
                    .await
                    .context("creating the listing")?;
                id
            }
        };
        let mut kept = Vec::with_capacity(input.variants.len());
        for (position, variant) in input.variants.iter().enumerate() {
            let variant_id = match variant.id {
                Some(known) => known.to_string(),
                None => fresh(VariantId::from_parts).to_string(),
            };
            let options_json = attributes_json(&variant.options);
            let stored = VariantFields {
                id: &variant_id,
                sku: &variant.sku,
                options_json: &options_json,
                price_minor: variant.price_minor,
                stock: i64::from(variant.stock),
                position: position as i64,
            };
            if !store::upsert_variant(tx, &id, &stored).await.context("saving a variant")? {
                return Err(ServiceError::NotFound("variant"));
            }
            kept.push(variant_id);
        }
        if existing.is_some() {
            for gone in store::variant_ids(tx, &id).await.context("reading variants")? {
                if kept.contains(&gone) {
                    continue;
                }
                if !store::remove_unused_variant(tx, &gone).await.context("removing a variant")? {
                    return Err(ServiceError::ConflictWith {
                        code: "variant_in_use",
                        message:
                            "A variant that was ordered or is in a shopper's cart cannot be removed; set its \
                                  stock to 0 instead."
                                .into(),
                    });
                }
            }
        }
        store::refresh_headline(tx, &id).await.context("updating the listing's price and stock")?;
        Ok(id)
    }
}

#[async_trait]
impl Listings for ListingService {
    async fn seller_listings(
        &self,
        context: &RequestContext,
        status: Option<ListingStatus>,
        sort: ListingSort,
        page: PageRequest,
    ) -> Result<Page<SellerListing>, ServiceError> {
        let shop = Self::shop_of(context)?;
        let pool = self.db.pool();
        let (rows, total) = store::seller_listings(
            pool,
            &shop,
            status.map(ListingStatus::as_str),
            sort,
            i64::try_from(page.offset()).unwrap_or(i64::MAX),
            i64::from(page.per_page()),
        )
        .await
        .context("listing the shop's listings")?;
        let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
        let (variants, images) = tokio::try_join!(
            async { store::variants_of_listings(pool, &ids).await.context("reading variants") },
            async { main_images(pool, &ids).await.context("reading pictures") },
        )?;
        let items = rows
            .into_iter()
            .map(|row| {
                let variants = variants
                    .iter()
                    .filter(|variant| variant.product_id == row.id)
                    .map(|variant| {
                        Ok(VariantStock {
                            id: variant.id.parse().context("stored variant id")?,
                            sku: variant.sku.clone(),
                            price_minor: variant.price_minor,
                            stock: u32::try_from(variant.stock.max(0)).unwrap_or(u32::MAX),
                        })
                    })
                    .collect::<Result<Vec<_>, anyhow::Error>>()?;
                let image_url =
                    images.get(&row.id).and_then(|image| product_image(image).ok()).map(|image| image.url);
                Ok(SellerListing {
                    id: row.id.parse().context("stored listing id")?,
                    title: row.title,
                    status: ListingStatus::parse(&row.status).context("stored listing status")?,
                    category_name: row.category_name,
                    currency: Currency::from_code(&row.currency).context("stored currency")?,
                    price_minor: row.price_minor,
                    stock: u64::try_from(row.stock.max(0)).unwrap_or_default(),
                    variants,
                    image_url,
                    updated_at_ms: row.updated_at_ms,
                })
            })
            .collect::<Result<Vec<_>, anyhow::Error>>()?;
        Ok(Page {
            items,
            page: page.page(),
            per_page: page.per_page(),
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn listing(&self, context: &RequestContext, id: ProductId) -> Result<ListingEditor, ServiceError> {
        let shop = Self::shop_of(context)?;
        let listing = self.own_listing(&shop, id).await?;
        self.editor(listing).await
    }

    async fn delivery_preview(
        &self,
        context: &RequestContext,
        region: Option<String>,
    ) -> Result<Vec<DeliveryOption>, ServiceError> {
        let shop = Self::shop_of(context)?;
        let Some(region) = shared::dto::parse_region(region.as_deref())? else { return Ok(Vec::new()) };
        let pool = self.db.pool();
        let shop = crate::db::shops::find_shop(pool, &shop)
            .await
            .context("reading the shop")?
            .ok_or(ServiceError::NotFound("shop"))?;
        let lanes: Vec<_> = crate::db::catalog::lanes_into(pool, &region)
            .await
            .context("reading shipping lanes")?
            .into_iter()
            .filter(|row| row.origin_region == shop.region)
            .filter_map(|row| row.to_lane())
            .collect();
        Ok(shared::delivery::delivery_options(super::catalog::days(shop.handling_days), &lanes))
    }

    async fn listing_defaults(&self, context: &RequestContext) -> Result<ListingDefaults, ServiceError> {
        let shop = Self::shop_of(context)?;
        let (currency, shop_verified) = store::shop_standing(self.db.pool(), &shop)
            .await
            .context("reading the shop")?
            .ok_or(ServiceError::NotFound("shop"))?;
        Ok(ListingDefaults {
            currency: Currency::from_code(&currency).context("stored currency")?,
            shop_verified,
        })
    }

    async fn create_listing(
        &self,
        context: &RequestContext,
        input: ListingInput,
        creation_key: Option<String>,
    ) -> Result<ListingEditor, ServiceError> {
        let shop = Self::shop_of(context)?;
        let key = creation_key.filter(|key| !key.is_empty());
        if let Some(key) = &key {
            check_idempotency_key(key)?;
            // A retry of a create that went through (its answer lost): what the seller sent now is saved into the
            // listing that create made, as an edit, so nothing they typed since is dropped.
            if let Some(id) =
                store::created_with(self.db.pool(), &shop, key).await.context("reading a creation")?
            {
                return self.update_listing(context, id.parse().context("stored listing id")?, input).await;
            }
        }
        let (id, made_here) = self.save(&shop, None, input, key.as_deref()).await?;
        if made_here {
            self.audit(context, "listing_created", &id).await?;
        }
        let listing = self.own_listing(&shop, id.parse().context("new listing id")?).await?;
        self.editor(listing).await
    }

    async fn update_listing(
        &self,
        context: &RequestContext,
        id: ProductId,
        input: ListingInput,
    ) -> Result<ListingEditor, ServiceError> {
        let shop = Self::shop_of(context)?;
        let listing = self.own_listing(&shop, id).await?;
        let status = ListingStatus::parse(&listing.status).context("stored listing status")?;
        if status == ListingStatus::Published {
            // What is on sale stays complete: an edit that would not publish is refused, not half-applied.
            let images = images_of(self.db.pool(), &listing.id).await.context("reading images")?.len();
            refuse(input.clone().normalized().publish_problems(images, true))?;
        }
        self.save(&shop, Some(&listing), input, None).await?;
        self.audit(context, "listing_updated", &listing.id).await?;
        let listing = self.own_listing(&shop, id).await?;
        self.editor(listing).await
    }

    async fn change_listing_status(
        &self,
        context: &RequestContext,
        id: ProductId,
        action: ListingAction,
    ) -> Result<ListingEditor, ServiceError> {
        let shop = Self::shop_of(context)?;
        let listing = self.own_listing(&shop, id).await?;
        let editor = self.editor(listing.clone()).await?;
        let Some(to) = next_status(editor.status, action) else {
            return Err(ServiceError::ConflictWith {
                code: "listing_status",
                message: format!("The listing is {} already.", editor.status.as_str()),
            });
        };
        if to == ListingStatus::Published {
            refuse(editor.input.publish_problems(editor.images.len(), editor.shop_verified))?;
        }
        let mut tx = self.db.begin_write().await.context("opening the listing transaction")?;
        if !store::set_status(&mut tx, &listing.id, editor.status.as_str(), to.as_str(), now_ms())
            .await
            .context("changing the listing's status")?
        {
            return Err(ServiceError::ConflictWith {
                code: "listing_changed",
                message: "The listing changed meanwhile; reload it and try again.".into(),
            });
        }
        tx.commit().await.context("committing the listing's status")?;
        note_catalog_write();
        let action_name = match action {
            ListingAction::Publish => "listing_published",
            ListingAction::Unpublish => "listing_unpublished",
        };
        self.audit(context, action_name, &listing.id).await?;
        let listing = self.own_listing(&shop, id).await?;
        self.editor(listing).await
    }

    async fn change_variants(
        &self,
        context: &RequestContext,
        changes: Vec<VariantChange>,
    ) -> Result<u32, ServiceError> {
        let shop = Self::shop_of(context)?;
        if changes.is_empty() || changes.len() > MAX_BULK_CHANGES {
            return Err(ServiceError::Invalid {
                field: Some("changes".into()),
                message: format!("changes: send between 1 and {MAX_BULK_CHANGES} changes."),
            });
        }
        refuse(changes.iter().enumerate().flat_map(|(index, change)| change.problems(index)).collect())?;
        let now = now_ms();
        let mut tx = self.db.begin_write().await.context("opening the bulk edit")?;
        let mut listings = Vec::new();
        for (index, change) in changes.iter().enumerate() {
            let listing = store::change_variant(
                &mut tx,
                &shop,
                &change.variant_id.to_string(),
                change.price_minor,
                change.stock.map(i64::from),
            )
            .await
            .context("changing a variant")?;
            let Some(listing) = listing else {
                // Nothing of the edit is kept: the seller fixes the row and sends it again.
                return Err(ServiceError::Invalid {
                    field: Some(format!("changes[{index}].variant_id")),
                    message: format!("changes[{index}]: this shop has no such variant."),
                });
            };
            if !listings.contains(&listing) {
                listings.push(listing);
            }
        }
        for listing in &listings {
            store::refresh_headline(&mut tx, listing)
                .await
                .context("updating a listing's price and stock")?;
            store::touch(&mut tx, listing, now).await.context("marking a listing changed")?;
        }
        tx.commit().await.context("committing the bulk edit")?;
        note_catalog_write();
        self.audit(
            context,
            "listing_prices_edited",
            &format!("{} variants of {} listings", changes.len(), listings.len()),
        )
        .await?;
        Ok(u32::try_from(changes.len()).unwrap_or(u32::MAX))
    }

    async fn start_import(
        &self,
        context: &RequestContext,
        file_name: &str,
        text: &str,
    ) -> Result<ImportStatus, ServiceError> {
        self.begin_import(context, file_name, text).await
    }

    async fn imports(&self, context: &RequestContext) -> Result<Vec<ImportStatus>, ServiceError> {
        self.recent_imports(context).await
    }

    async fn import(&self, context: &RequestContext, id: ImportId) -> Result<ImportStatus, ServiceError> {
        self.import_status(context, id).await
    }

    async fn import_problems_csv(
        &self,
        context: &RequestContext,
        id: ImportId,
    ) -> Result<String, ServiceError> {
        self.problems_csv(context, id).await
    }
}

fn invalid(field: &str, problem: ListingProblem) -> ServiceError {
    let problem = FieldProblem { field: field.into(), problem };
    ServiceError::Invalid { field: Some(problem.field.clone()), message: format!("{}.", problem.message()) }
}

/// 400 naming the first field at fault, with every problem in the message.
fn refuse(problems: Vec<FieldProblem>) -> Result<(), ServiceError> {
    let Some(first) = problems.first() else { return Ok(()) };
    let message = problems.iter().map(FieldProblem::message).collect::<Vec<_>>().join("; ");
    Err(ServiceError::Invalid { field: Some(first.field.clone()), message: format!("{message}.") })
}

fn attributes_json(attributes: &[Attribute]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = attributes
        .iter()
        .map(|attribute| (attribute.name.clone(), serde_json::Value::String(attribute.value.clone())))
        .collect();
    serde_json::Value::Object(map).to_string()
}
