//! Product images: which files are accepted, how stored media is named, and the image as the API shows it.
//!
//! Everything here is pure: the server hashes and stores the bytes, this module only decides. The browser may
//! run the same checks (size, type) before uploading, so a seller learns at once why a file is refused.
//!
//! # Invariants
//! - An upload is accepted only when its first bytes prove it is PNG, JPEG or WebP **and** that is the type the
//!   client declared. SVG, HTML and everything else are refused: a stored file must never run script when opened.
//! - A [`MediaKey`] is exactly 64 lower-case hex digits (SHA-256 of the content), a dot and a known extension,
//!   so it can never name a path outside the media directory.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::ProductImageId;

/// Largest image a seller may upload: 5 MiB.
pub const MAX_IMAGE_BYTES: usize = 5 * 1024 * 1024;
/// Most images one product may have.
pub const MAX_IMAGES_PER_PRODUCT: usize = 12;
/// Longest alternative text, in characters.
pub const MAX_ALT_CHARS: usize = 200;
/// Largest accepted width or height, in pixels: larger ones are almost always a mistake (or a decompression bomb).
pub const MAX_IMAGE_SIDE_PX: u32 = 12_000;

/// A kind of stored image file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImageFormat {
    Png,
    Jpeg,
    Webp,
    /// Only for placeholders the server draws itself; never accepted from an upload.
    Svg,
}

impl ImageFormat {
    /// The formats a seller may upload.
    pub const UPLOADABLE: [ImageFormat; 3] = [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp];
    const ALL: [ImageFormat; 4] = [ImageFormat::Png, ImageFormat::Jpeg, ImageFormat::Webp, ImageFormat::Svg];

    pub fn content_type(self) -> &'static str {
        match self {
            ImageFormat::Png => "image/png",
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Webp => "image/webp",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Png => "png",
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Webp => "webp",
            ImageFormat::Svg => "svg",
        }
    }

    pub fn from_extension(extension: &str) -> Option<ImageFormat> {
        ImageFormat::ALL.into_iter().find(|format| format.extension() == extension)
    }

    /// The uploadable format a `Content-Type` header names (parameters such as `; charset=…` are ignored).
    pub fn from_upload_content_type(header: &str) -> Option<ImageFormat> {
        let essence = header.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        ImageFormat::UPLOADABLE.into_iter().find(|format| format.content_type() == essence)
    }

    /// The uploadable format the content's magic bytes prove, if any.
    pub fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(ImageFormat::Webp)
        } else {
            None
        }
    }
}

/// Why an upload's bytes are refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UploadProblem {
    #[error("The image is larger than {} MB.", MAX_IMAGE_BYTES / (1024 * 1024))]
    TooLarge,
    #[error("The body is empty; send the image file as the request body.")]
    Empty,
    #[error("Content-Type {declared:?} is not accepted; send image/png, image/jpeg or image/webp.")]
    UnsupportedType { declared: String },
    #[error("The file is not a PNG, JPEG or WebP image (SVG, HTML and other files are refused).")]
    UnrecognizedContent,
    #[error("The file is a {actual} image but was declared as {declared}.")]
    TypeMismatch { declared: &'static str, actual: &'static str },
}

/// Checks an upload before anything is stored: size, declared type, and that the magic bytes match it.
pub fn check_upload(declared_content_type: &str, bytes: &[u8]) -> Result<ImageFormat, UploadProblem> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(UploadProblem::TooLarge);
    }
    let declared = ImageFormat::from_upload_content_type(declared_content_type).ok_or_else(|| {
        UploadProblem::UnsupportedType { declared: declared_content_type.chars().take(80).collect() }
    })?;
    if bytes.is_empty() {
        return Err(UploadProblem::Empty);
    }
    let actual = ImageFormat::sniff(bytes).ok_or(UploadProblem::UnrecognizedContent)?;
    if actual != declared {
        return Err(UploadProblem::TypeMismatch {
            declared: declared.content_type(),
            actual: actual.content_type(),
        });
    }
    Ok(actual)
}

/// Alternative text for an image: trimmed, at most [`MAX_ALT_CHARS`] characters, no control characters. Empty
/// means "none", and the UI then describes the image by the product's title.
pub fn normalize_alt(text: Option<&str>) -> Result<Option<String>, String> {
    let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if text.chars().count() > MAX_ALT_CHARS {
        return Err(format!("Use at most {MAX_ALT_CHARS} characters."));
    }
    if text.chars().any(char::is_control) {
        return Err("Use plain text without control characters.".into());
    }
    Ok(Some(text.to_string()))
}

/// The name of a stored media file: `<sha256 of the content, 64 lower-case hex>.<extension>`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MediaKey {
    text: String,
    format: ImageFormat,
}

/// Why a string is not a media key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a media key: expected 64 hex digits and .png, .jpg, .webp or .svg")]
pub struct MediaKeyError;

impl MediaKey {
    /// The key of content whose SHA-256 digest is `digest`.
    pub fn from_digest(digest: &[u8; 32], format: ImageFormat) -> MediaKey {
        let mut text = String::with_capacity(64 + 5);
        for byte in digest {
            text.push(char::from(HEX[usize::from(byte >> 4)]));
            text.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
        text.push('.');
        text.push_str(format.extension());
        MediaKey { text, format }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The 64 hex digits of the content hash (used as the HTTP ETag).
    pub fn digest_hex(&self) -> &str {
        &self.text[..64]
    }

    pub fn format(&self) -> ImageFormat {
        self.format
    }

    /// Where the file is served.
    pub fn url(&self) -> String {
        media_url(&self.text)
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

impl FromStr for MediaKey {
    type Err = MediaKeyError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (digest, extension) = text.split_once('.').ok_or(MediaKeyError)?;
        let is_digest = digest.len() == 64 && digest.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        let format = ImageFormat::from_extension(extension).filter(|_| is_digest).ok_or(MediaKeyError)?;
        Ok(MediaKey { text: text.to_string(), format })
    }
}

impl fmt::Display for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for MediaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MediaKey({})", self.text)
    }
}

/// The absolute path a stored media file is served at: `/media/{key}`.
pub fn media_url(key: &str) -> String {
    format!("/media/{key}")
}

/// One image of a product, as the API returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProductImage {
    pub id: ProductImageId,
    /// Absolute path of the file (`/media/<sha256>.<ext>`); cached by browsers for a year, it never changes.
    #[cfg_attr(
        feature = "openapi",
        schema(example = "/media/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08.png")
    )]
    pub url: String,
    /// `image/png`, `image/jpeg`, `image/webp` (or `image/svg+xml` for generated placeholders).
    pub content_type: String,
    pub width: u32,
    pub height: u32,
    /// Order on the product page; the lowest is the main image shown on cards.
    pub position: u32,
    /// Alternative text; absent means the product's title describes the image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alt: Option<String>,
}

/// A new order of a product's images: every image id of the product, each once, main image first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImageOrder {
    pub image_ids: Vec<ProductImageId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];
    const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 ";

    #[test]
    fn magic_bytes_name_the_format() {
        assert_eq!(ImageFormat::sniff(PNG), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::sniff(JPEG), Some(ImageFormat::Jpeg));
        assert_eq!(ImageFormat::sniff(WEBP), Some(ImageFormat::Webp));
        assert_eq!(ImageFormat::sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
        assert_eq!(ImageFormat::sniff(b"<!doctype html><script>alert(1)</script>"), None);
        assert_eq!(ImageFormat::sniff(b"GIF89a"), None);
        assert_eq!(ImageFormat::sniff(b""), None);
    }

    #[test]
    fn uploads_must_be_what_they_claim_and_never_svg() {
        assert_eq!(check_upload("image/png", PNG), Ok(ImageFormat::Png));
        assert_eq!(check_upload("IMAGE/JPEG; charset=binary", JPEG), Ok(ImageFormat::Jpeg));
        assert_eq!(check_upload("image/webp", WEBP), Ok(ImageFormat::Webp));
        assert_eq!(
            check_upload("image/png", JPEG),
            Err(UploadProblem::TypeMismatch { declared: "image/png", actual: "image/jpeg" })
        );
        assert_eq!(check_upload("image/png", b"<svg/>"), Err(UploadProblem::UnrecognizedContent));
        assert!(matches!(
            check_upload("image/svg+xml", b"<svg/>"),
            Err(UploadProblem::UnsupportedType { .. })
        ));
        assert!(matches!(check_upload("text/html", PNG), Err(UploadProblem::UnsupportedType { .. })));
        assert_eq!(check_upload("image/png", b""), Err(UploadProblem::Empty));
        let huge = vec![0u8; MAX_IMAGE_BYTES + 1];
        assert_eq!(check_upload("image/png", &huge), Err(UploadProblem::TooLarge));
    }

    #[test]
    fn media_keys_are_strict() {
        let key = MediaKey::from_digest(&[0xab; 32], ImageFormat::Png);
        assert_eq!(key.as_str(), format!("{}.png", "ab".repeat(32)));
        assert_eq!(key.as_str().parse::<MediaKey>(), Ok(key.clone()));
        assert_eq!(key.url(), format!("/media/{}", key.as_str()));
        let hex = "0".repeat(64);
        for bad in [
            format!("{hex}.exe"),
            format!("{hex}.png.png"),
            format!("{}.png", "A".repeat(64)),
            format!("{}.png", "0".repeat(63)),
            format!("../{}.png", "0".repeat(61)),
            format!("{hex}/x.png"),
            hex.clone(),
            String::new(),
        ] {
            assert_eq!(bad.parse::<MediaKey>(), Err(MediaKeyError), "{bad:?}");
        }
    }

    #[test]
    fn alt_text_is_trimmed_bounded_and_optional() {
        assert_eq!(normalize_alt(None), Ok(None));
        assert_eq!(normalize_alt(Some("   ")), Ok(None));
        assert_eq!(normalize_alt(Some(" Brass lamp, side view ")), Ok(Some("Brass lamp, side view".into())));
        assert!(normalize_alt(Some(&"x".repeat(MAX_ALT_CHARS + 1))).is_err());
        assert!(normalize_alt(Some("a\u{0}b")).is_err());
    }
}
