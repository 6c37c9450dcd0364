//! Product images: upload, list, delete, reorder. Authorization is decided here from the request's actor, so the
//! REST API and a future seller-console server function behave alike.
//!
//! Who may change a product's images: the seller whose shop sells it, and operators — signed in, or with a token
//! that carries `catalog:write`. Another seller's product answers 404, exactly like a product that does not exist.

use anyhow::Context;
use app::ports::{RequestContext, ServiceError};
use shared::auth::{Denied, Principal, Role, Scope};
use shared::dto::ErrorBody;
use shared::ids::{ProductId, ProductImageId};
use shared::media::{
    ImageFormat, ImageOrder, MAX_IMAGE_SIDE_PX, MAX_IMAGES_PER_PRODUCT, ProductImage, UploadProblem,
    check_upload, normalize_alt,
};

use crate::db::Database;
use crate::db::images::{self as store, Appended, ImageRow, NewImage};
use crate::ids::{fresh, now_ms};
use crate::media::MediaStore;

/// Why an image call failed: the service errors every call can have, plus what only uploads can.
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error(transparent)]
    Service(#[from] ServiceError),
    /// The bytes are refused before anything is stored (size, declared type, magic bytes).
    #[error("{0}")]
    Upload(#[from] UploadProblem),
    /// The file claims the right format but its header cannot be read, or its dimensions are out of bounds.
    #[error("{0}")]
    Unreadable(String),
    /// The product already has the most images allowed.
    #[error("A product can have at most {MAX_IMAGES_PER_PRODUCT} images; delete one first.")]
    TooManyImages,
}

impl From<Denied> for ImageError {
    fn from(denied: Denied) -> Self {
        ImageError::Service(denied.into())
    }
}

impl From<anyhow::Error> for ImageError {
    fn from(error: anyhow::Error) -> Self {
        ImageError::Service(ServiceError::Unexpected(error))
    }
}

impl ImageError {
    /// The HTTP status and the user-safe body, like [`ServiceError::into_response_parts`].
    pub fn into_response_parts(self) -> (u16, ErrorBody) {
        let body = |code: &str, message: String, field: Option<&str>| ErrorBody {
            code: code.into(),
            message,
            field: field.map(Into::into),
        };
        match self {
            ImageError::Service(error) => error.into_response_parts(),
            ImageError::Upload(problem) => {
                let message = problem.to_string();
                match problem {
                    UploadProblem::TooLarge => (413, body("payload_too_large", message, None)),
                    UploadProblem::Empty => (400, body("invalid_image", message, None)),
                    UploadProblem::UnsupportedType { .. } => {
                        (415, body("unsupported_media_type", message, Some("content-type")))
                    }
                    UploadProblem::UnrecognizedContent | UploadProblem::TypeMismatch { .. } => {
                        (415, body("unsupported_media_type", message, None))
                    }
                }
            }
            ImageError::Unreadable(message) => (400, body("invalid_image", message, None)),
            error @ ImageError::TooManyImages => (409, body("too_many_images", error.to_string(), None)),
        }
    }
}

/// An image as uploaded: the declared `Content-Type`, the bytes, and optional alternative text.
#[derive(Debug)]
pub struct Upload<'a> {
    pub content_type: &'a str,
    pub bytes: Vec<u8>,
    pub alt: Option<&'a str>,
}

pub struct ImageService {
    db: Database,
    media: MediaStore,
}

impl ImageService {
    pub fn new(db: Database, media: MediaStore) -> Self {
        Self { db, media }
    }

    /// A product's images in display order (public, like the product itself).
    pub async fn list(&self, product: ProductId) -> Result<Vec<ProductImage>, ImageError> {
        let product_id = product.to_string();
        let pool = self.db.pool();
        if store::product_seller(pool, &product_id).await.context("finding the product")?.is_none() {
            return Err(ServiceError::NotFound("product").into());
        }
        let rows = store::images_of(pool, &product_id).await.context("listing images")?;
        rows.iter().map(product_image).collect()
    }

    /// Stores an uploaded image and appends it to the product's images.
    pub async fn upload(
        &self,
        context: &RequestContext,
        product: ProductId,
        upload: Upload<'_>,
    ) -> Result<ProductImage, ImageError> {
        let principal = self.authorize(context, product).await?;
        let alt = normalize_alt(upload.alt)
            .map_err(|message| ServiceError::Invalid { field: Some("alt".into()), message })?;
        let format = check_upload(upload.content_type, &upload.bytes)?;
        let (width, height) = dimensions(&upload.bytes, format)?;
        let product_id = product.to_string();
        let pool = self.db.pool();
        // Checked again atomically on insert; checking first avoids storing a file nobody will show.
        if store::images_of(pool, &product_id).await.context("counting images")?.len()
            >= MAX_IMAGES_PER_PRODUCT
        {
            return Err(ImageError::TooManyImages);
        }
        let media = self.media.clone();
        let key = tokio::task::spawn_blocking(move || media.put(&upload.bytes, format))
            .await
            .context("storing the image")?
            .context("writing the image file")?;
        let id = fresh(ProductImageId::from_parts).to_string();
        let row = NewImage {
            id: id.clone(),
            product_id: product_id.clone(),
            position: 0,
            media_key: key.to_string(),
            content_type: format.content_type().into(),
            width: i64::from(width),
            height: i64::from(height),
            alt_text: alt,
            created_at_ms: now_ms(),
        };
        match store::append_image(pool, &row, MAX_IMAGES_PER_PRODUCT).await {
            Ok(Appended::Stored) => {}
            Ok(Appended::LimitReached) => return Err(ImageError::TooManyImages),
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
                return Err(ServiceError::Conflict(
                    "Another image was added to this product at the same moment; try again.".into(),
                )
                .into());
            }
            Err(e) => return Err(anyhow::Error::from(e).context("storing the image row").into()),
        }
        self.audit(context, &principal, "product_image_added", &format!("{product_id}/{id}")).await?;
        let stored = store::find_image(pool, &product_id, &id).await.context("reading the new image")?;
        product_image(&stored.context("the new image vanished")?)
    }

    /// Removes one image from a product. The file stays: other products may show the same content.
    pub async fn delete(
        &self,
        context: &RequestContext,
        product: ProductId,
        image: ProductImageId,
    ) -> Result<(), ImageError> {
        let principal = self.authorize(context, product).await?;
        let (product_id, image_id) = (product.to_string(), image.to_string());
        if !store::delete_image(self.db.pool(), &product_id, &image_id).await.context("deleting an image")? {
            return Err(ServiceError::NotFound("image").into());
        }
        self.audit(context, &principal, "product_image_removed", &format!("{product_id}/{image_id}")).await
    }

    /// Puts the product's images in the given order; the list must name each of its images exactly once.
    pub async fn reorder(
        &self,
        context: &RequestContext,
        product: ProductId,
        order: ImageOrder,
    ) -> Result<Vec<ProductImage>, ImageError> {
        let principal = self.authorize(context, product).await?;
        let product_id = product.to_string();
        let pool = self.db.pool();
        let current = store::images_of(pool, &product_id).await.context("listing images")?;
        let mut wanted: Vec<String> = order.image_ids.iter().map(ToString::to_string).collect();
        let mut have: Vec<String> = current.iter().map(|row| row.id.clone()).collect();
        let ordered = wanted.clone();
        wanted.sort();
        have.sort();
        if wanted != have {
            return Err(ServiceError::Invalid {
                field: Some("image_ids".into()),
                message: format!(
                    "List each of the product's {} images exactly once, main image first.",
                    current.len()
                ),
            }
            .into());
        }
        store::reorder_images(pool, &product_id, &ordered).await.context("reordering images")?;
        self.audit(context, &principal, "product_images_reordered", &product_id).await?;
        let rows = store::images_of(pool, &product_id).await.context("listing images")?;
        rows.iter().map(product_image).collect()
    }

    /// The caller may change this product's images: its seller or an operator, with `catalog:write`. Not signed
    /// in is 401, a role that never may is 403, and someone else's product is 404 like a missing one.
    async fn authorize(&self, context: &RequestContext, product: ProductId) -> Result<Principal, ImageError> {
        let principal = context.actor.require_signed_in()?;
        match principal.role {
            Role::Seller | Role::Operator => context.actor.require(principal.role, Scope::CatalogWrite)?,
            Role::Shopper | Role::Partner => {
                return Err(ServiceError::Forbidden(
                    "Only the product's seller or an operator can change its images.".into(),
                )
                .into());
            }
        };
        let seller = store::product_seller(self.db.pool(), &product.to_string())
            .await
            .context("finding the product's seller")?;
        let owns = |seller: &str| principal.seller_id.is_some_and(|own| own.to_string() == seller);
        match seller {
            Some(_) if principal.role == Role::Operator => Ok(principal.clone()),
            Some(seller) if owns(&seller) => Ok(principal.clone()),
            _ => Err(ServiceError::NotFound("product").into()),
        }
    }

    async fn audit(
        &self,
        context: &RequestContext,
        principal: &Principal,
        action: &str,
        subject: &str,
    ) -> Result<(), ImageError> {
        Ok(super::audit::record(&self.db, context, Some(&principal.user_id), action, Some(subject)).await?)
    }
}

/// Width and height from the file's header, within [`MAX_IMAGE_SIDE_PX`].
pub(crate) fn dimensions(bytes: &[u8], format: ImageFormat) -> Result<(u32, u32), ImageError> {
    let unreadable = || {
        ImageError::Unreadable(format!(
            "The {} file is damaged: its size cannot be read.",
            format.extension().to_uppercase()
        ))
    };
    let size = imagesize::blob_size(bytes).map_err(|_| unreadable())?;
    let width = u32::try_from(size.width).map_err(|_| unreadable())?;
    let height = u32::try_from(size.height).map_err(|_| unreadable())?;
    if width == 0 || height == 0 {
        return Err(unreadable());
    }
    if width > MAX_IMAGE_SIDE_PX || height > MAX_IMAGE_SIDE_PX {
        return Err(ImageError::Unreadable(format!(
            "The image is {width}×{height} pixels; use at most {MAX_IMAGE_SIDE_PX} on each side."
        )));
    }
    Ok((width, height))
}

/// A stored row as the API shows it.
pub fn product_image(row: &ImageRow) -> Result<ProductImage, ImageError> {
    Ok(ProductImage {
        id: row.id.parse().with_context(|| format!("image id {:?}", row.id))?,
        url: row.url(),
        content_type: row.content_type.clone(),
        width: u32::try_from(row.width).context("image width")?,
        height: u32::try_from(row.height).context("image height")?,
        position: u32::try_from(row.position).context("image position")?,
        alt: row.alt_text.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 PNG: signature, then the IHDR chunk (the rest of the file is not needed to read the size).
    const PNG_3X2: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x03\0\0\0\x02\x08\x06\0\0\0\0\0\0\0";

    #[test]
    fn dimensions_come_from_the_header() {
        assert_eq!(dimensions(PNG_3X2, ImageFormat::Png).expect("readable"), (3, 2));
        let truncated = &PNG_3X2[..12];
        assert!(matches!(dimensions(truncated, ImageFormat::Png), Err(ImageError::Unreadable(_))));
    }

    #[test]
    fn upload_problems_answer_413_415_and_409() {
        let status = |error: ImageError| error.into_response_parts().0;
        assert_eq!(status(UploadProblem::TooLarge.into()), 413);
        assert_eq!(status(UploadProblem::UnrecognizedContent.into()), 415);
        assert_eq!(status(UploadProblem::UnsupportedType { declared: "image/svg+xml".into() }.into()), 415);
        assert_eq!(status(ImageError::TooManyImages), 409);
        assert_eq!(status(ServiceError::NotFound("product").into()), 404);
    }
}
