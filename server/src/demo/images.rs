//! Placeholder images for the demo catalog: a soft gradient in the product's colour, a simple shape, and the
//! initial of its category, drawn as SVG by us (so they are safe to serve; uploads never accept SVG).
//!
//! The set is bounded — leaf categories × [`PALETTE`] colours × [`VIEWS`] compositions, a few hundred small files
//! — and every product points at 2–4 of them. Content addressing stores each file once, so seeding a million
//! products writes no more files than seeding a thousand; the cost per product is a few image rows, inserted in
//! the same batched way as the products. Everything is derived from the product's id, category and colour (never
//! from the generator's random stream), so the catalog's products are the same with or without images.

use std::collections::HashMap;

use anyhow::Context;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use shared::ids::ProductImageId;
use shared::media::{ImageFormat, MediaKey};
use sqlx::AnyPool;

use crate::db::catalog::{NewCategory, NewProduct};
use crate::db::images::{NewImage, insert_images};
use crate::media::MediaStore;

/// Side of every placeholder, in pixels (square, like the storefront's cards).
pub const SIDE_PX: i64 = 800;

/// Compositions per (category, colour): a product's images are consecutive views, starting at one its id picks.
pub const VIEWS: u8 = 4;

/// The demo vocabulary's colours, as a shop photo would show them. Unknown colour names (and products without a
/// colour) get one of these by hash, so the set of files stays bounded whatever the generator produces.
pub const PALETTE: &[(&str, [u8; 3])] = &[
    ("Black", [0x2e, 0x30, 0x35]),
    ("White", [0xf3, 0xf1, 0xec]),
    ("Sand", [0xd8, 0xc1, 0x9b]),
    ("Olive", [0x7d, 0x81, 0x3f]),
    ("Navy", [0x2c, 0x3e, 0x6c]),
    ("Terracotta", [0xc4, 0x69, 0x47]),
    ("Charcoal", [0x4b, 0x4e, 0x54]),
    ("Sage", [0x9c, 0xb0, 0x8a]),
    ("Cream", [0xef, 0xe4, 0xc8]),
    ("Rust", [0xa8, 0x54, 0x2e]),
    ("Sky Blue", [0x8b, 0xc2, 0xe5]),
];

/// One placeholder file: which category initial, which colour, which composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Spec {
    initial: char,
    colour: usize,
    view: u8,
}

/// A leaf category as placeholders need it.
#[derive(Debug, Clone, Copy)]
struct Leaf {
    initial: char,
    /// Fallback colour for products without a known colour.
    default_colour: usize,
}

/// Hands out placeholder images for batches of demo products, writing each file the first time it is used.
pub struct Placeholders {
    media: MediaStore,
    /// Leaf categories by id.
    leaves: HashMap<String, Leaf>,
    /// Files already stored (or queued in this batch), by what they show.
    stored: HashMap<Spec, MediaKey>,
}

impl Placeholders {
    /// Placeholders for products in `categories` (leaves are the categories with a parent).
    pub fn new(media: MediaStore, categories: &[NewCategory]) -> Placeholders {
        let leaves = categories
            .iter()
            .filter(|c| c.parent_id.is_some())
            .map(|c| {
                let initial = c.name.chars().find(|c| c.is_alphanumeric()).unwrap_or('?');
                let initial = initial.to_uppercase().next().unwrap_or(initial);
                let default_colour = (fnv1a(c.slug.as_bytes()) % PALETTE.len() as u64) as usize;
                (c.id.clone(), Leaf { initial, default_colour })
            })
            .collect();
        Placeholders { media, leaves, stored: HashMap::new() }
    }

    /// The image rows of `products` (2–4 each), storing any placeholder file not stored yet. Pure apart from
    /// those writes: the same products always get the same rows.
    pub async fn rows_for(&mut self, products: &[NewProduct]) -> anyhow::Result<Vec<NewImage>> {
        let mut rows = Vec::with_capacity(products.len() * 4);
        let mut new_files = Vec::new();
        for product in products {
            let Some(leaf) = self.leaves.get(&product.category_id).copied() else { continue };
            let colour = colour_of(&product.attributes_json).unwrap_or(leaf.default_colour);
            let hash = fnv1a(product.id.as_bytes());
            let count = 2 + (hash % 3) as usize;
            let first_view = ((hash / 3) % u64::from(VIEWS)) as u8;
            for position in 0..count {
                let spec =
                    Spec { initial: leaf.initial, colour, view: (first_view + position as u8) % VIEWS };
                let key = match self.stored.get(&spec) {
                    Some(key) => key.clone(),
                    None => {
                        let svg = placeholder_svg(spec.initial, PALETTE[spec.colour].1, spec.view);
                        let key = MediaStore::key_of(svg.as_bytes(), ImageFormat::Svg);
                        new_files.push(svg);
                        self.stored.insert(spec, key.clone());
                        key
                    }
                };
                rows.push(NewImage {
                    id: image_id(product, position).to_string(),
                    product_id: product.id.clone(),
                    position: position as i64,
                    media_key: key.to_string(),
                    content_type: ImageFormat::Svg.content_type().into(),
                    width: SIDE_PX,
                    height: SIDE_PX,
                    alt_text: None,
                    created_at_ms: product.created_at_ms,
                });
            }
        }
        if !new_files.is_empty() {
            let media = self.media.clone();
            tokio::task::spawn_blocking(move || {
                new_files.iter().try_for_each(|svg| media.put(svg.as_bytes(), ImageFormat::Svg).map(drop))
            })
            .await
            .context("storing placeholder images")?
            .with_context(|| format!("writing placeholder images to {}", self.media.root().display()))?;
        }
        Ok(rows)
    }

    /// Stores the image rows of `products` (inserted after them, in one transaction per batch).
    pub async fn attach(&mut self, pool: &AnyPool, products: &[NewProduct]) -> anyhow::Result<()> {
        let rows = self.rows_for(products).await?;
        insert_images(pool, &rows).await.context("inserting placeholder image rows")
    }
}

/// A deterministic id: the product's time, and random bits derived from the product id and the position.
fn image_id(product: &NewProduct, position: usize) -> ProductImageId {
    let mut hasher = Sha256::new();
    hasher.update(product.id.as_bytes());
    hasher.update([position as u8]);
    let digest = hasher.finalize();
    let mut random = [0u8; 10];
    random.copy_from_slice(&digest[..10]);
    ProductImageId::from_parts(product.created_at_ms.max(0) as u64, random)
}

/// The palette index of the product's `colour` attribute, when it names one.
fn colour_of(attributes_json: &str) -> Option<usize> {
    #[derive(Deserialize)]
    struct Attributes<'a> {
        #[serde(borrow)]
        colour: Option<std::borrow::Cow<'a, str>>,
    }
    let attributes: Attributes<'_> = serde_json::from_str(attributes_json).ok()?;
    let colour = attributes.colour?;
    Some(
        PALETTE
            .iter()
            .position(|(name, _)| name.eq_ignore_ascii_case(&colour))
            .unwrap_or_else(|| (fnv1a(colour.as_bytes()) % PALETTE.len() as u64) as usize),
    )
}

/// FNV-1a: a tiny, stable hash (the standard library's hasher may change between Rust versions).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}

/// `colour` moved `percent` of the way towards `target`.
fn mix(colour: [u8; 3], target: [u8; 3], percent: u32) -> String {
    let channel = |c: u8, t: u8| (u32::from(c) * (100 - percent) + u32::from(t) * percent + 50) / 100;
    format!(
        "#{:02x}{:02x}{:02x}",
        channel(colour[0], target[0]),
        channel(colour[1], target[1]),
        channel(colour[2], target[2])
    )
}

const WHITE: [u8; 3] = [0xff, 0xff, 0xff];
const BLACK: [u8; 3] = [0x00, 0x00, 0x00];

/// One placeholder: an 800×800 SVG. Light colours get dark lettering, dark ones white, so the initial reads on
/// every card.
pub fn placeholder_svg(initial: char, rgb: [u8; 3], view: u8) -> String {
    // Perceived brightness (ITU-R BT.601 weights), 0..=255.
    let brightness = (299 * u32::from(rgb[0]) + 587 * u32::from(rgb[1]) + 114 * u32::from(rgb[2])) / 1000;
    let ink = if brightness >= 160 { "#23262b" } else { "#ffffff" };
    let base = mix(rgb, BLACK, 0);
    let edge = mix(rgb, BLACK, 18);
    let (light, soft) = (mix(rgb, WHITE, 78), mix(rgb, WHITE, 45));
    let (shape, letter_size, letter_y) = match view % VIEWS {
        // A disc.
        0 => (
            format!(r#"<circle cx="400" cy="380" r="210" fill="{base}" stroke="{edge}" stroke-width="4"/>"#),
            220,
            380,
        ),
        // A tilted rounded square.
        1 => (
            format!(
                r#"<rect x="220" y="200" width="360" height="360" rx="56" fill="{base}" stroke="{edge}" stroke-width="4" transform="rotate(-8 400 380)"/>"#
            ),
            190,
            380,
        ),
        // An arch.
        2 => (
            format!(
                r#"<path d="M215 600V380a185 185 0 0 1 370 0v220z" fill="{base}" stroke="{edge}" stroke-width="4"/>"#
            ),
            180,
            430,
        ),
        // Two overlapping discs.
        _ => (
            format!(
                r#"<circle cx="330" cy="420" r="170" fill="{soft}"/><circle cx="460" cy="340" r="170" fill="{base}" stroke="{edge}" stroke-width="4"/>"#
            ),
            150,
            340,
        ),
    };
    let letter_x = if view % VIEWS == 3 { 460 } else { 400 };
    let angle = [135, 160, 115, 145][usize::from(view % VIEWS)];
    format!(
        concat!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800">"#,
            r#"<defs><linearGradient id="g" gradientTransform="rotate({angle} .5 .5)">"#,
            r#"<stop offset="0" stop-color="{light}"/><stop offset="1" stop-color="{soft}"/></linearGradient>"#,
            r##"<radialGradient id="h" cx=".28" cy=".22" r=".75"><stop offset="0" stop-color="#fff" stop-opacity=".5"/>"##,
            r##"<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>"##,
            r##"<rect width="800" height="800" fill="url(#g)"/><rect width="800" height="800" fill="url(#h)"/>"##,
            r#"<ellipse cx="400" cy="618" rx="210" ry="24" fill="{edge}" fill-opacity=".18"/>"#,
            "{shape}",
            r#"<text x="{letter_x}" y="{letter_y}" dy=".35em" text-anchor="middle" "#,
            r#"font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="{letter_size}" "#,
            r#"font-weight="600" fill="{ink}" fill-opacity=".92">{initial}</text></svg>"#,
        ),
        angle = angle,
        light = light,
        soft = soft,
        edge = edge,
        shape = shape,
        letter_x = letter_x,
        letter_y = letter_y,
        letter_size = letter_size,
        ink = ink,
        initial = xml_escape(initial),
    )
}

fn xml_escape(c: char) -> String {
    match c {
        '&' => "&amp;".into(),
        '<' => "&lt;".into(),
        '>' => "&gt;".into(),
        '"' => "&quot;".into(),
        '\'' => "&apos;".into(),
        c => c.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::Generator;

    /// Start tags minus end tags, ignoring self-closing ones; a well-formed document ends at zero and never dips.
    fn tags_balance(svg: &str) -> bool {
        let mut depth = 0i32;
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            let Some(close) = rest[open..].find('>') else { return false };
            let tag = &rest[open + 1..open + close];
            if tag.starts_with('/') {
                depth -= 1;
            } else if !tag.ends_with('/') {
                depth += 1;
            }
            if depth < 0 {
                return false;
            }
            rest = &rest[open + close + 1..];
        }
        depth == 0
    }

    #[test]
    fn every_placeholder_is_a_well_formed_svg_without_script() {
        for (name, rgb) in PALETTE {
            for view in 0..VIEWS {
                let svg = placeholder_svg('L', *rgb, view);
                assert!(
                    svg.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800""#)
                );
                assert!(svg.ends_with("</svg>"), "{name} view {view}");
                assert!(tags_balance(&svg), "{name} view {view}: {svg}");
                let lower = svg.to_lowercase();
                assert!(!lower.contains("<script") && !lower.contains("javascript:"));
                assert!(!lower.split_whitespace().any(|word| word.starts_with("on")), "no event handlers");
                assert!(!lower.contains("href"), "no external references");
                assert!(svg.len() < 2_000, "small: {} bytes", svg.len());
            }
        }
        assert_eq!(placeholder_svg('&', PALETTE[0].1, 0).matches("&amp;").count(), 1);
    }

    #[test]
    fn light_colours_get_dark_letters_and_dark_colours_white_ones() {
        assert!(placeholder_svg('K', [0xf3, 0xf1, 0xec], 0).contains(r##"fill="#23262b""##));
        assert!(placeholder_svg('K', [0x2c, 0x3e, 0x6c], 0).contains(r##"fill="#ffffff""##));
    }

    #[tokio::test]
    async fn placeholders_are_deterministic_bounded_and_stored_once() {
        let catalog = || {
            let mut generator = Generator::new(42);
            let categories = generator.categories();
            let sellers = generator.sellers(5);
            let products = generator.products(&sellers, 0, 600);
            (categories, products)
        };
        let (categories, products) = catalog();
        let first_dir = tempfile::tempdir().expect("temp dir");
        let second_dir = tempfile::tempdir().expect("temp dir");
        let mut first = Placeholders::new(MediaStore::new(first_dir.path()), &categories);
        let mut second = Placeholders::new(MediaStore::new(second_dir.path()), &catalog().0);
        let rows = first.rows_for(&products).await.expect("rows");
        assert_eq!(rows, second.rows_for(&catalog().1).await.expect("rows"), "same catalog, same rows");

        // 2–4 images per product, positions 0.., unique ids.
        for product in &products {
            let mine: Vec<_> = rows.iter().filter(|r| r.product_id == product.id).collect();
            assert!((2..=4).contains(&mine.len()), "{} has {}", product.id, mine.len());
            assert!(mine.iter().enumerate().all(|(i, r)| r.position == i as i64));
        }
        let ids: std::collections::HashSet<_> = rows.iter().map(|r| &r.id).collect();
        assert_eq!(ids.len(), rows.len());
        let counts: std::collections::HashSet<_> =
            products.iter().map(|p| rows.iter().filter(|r| r.product_id == p.id).count()).collect();
        assert_eq!(counts.len(), 3, "products get 2, 3 and 4 images");

        // Bounded: at most leaves × colours × views files, each stored once and readable under its key.
        let leaves = categories.iter().filter(|c| c.parent_id.is_some()).count();
        let keys: std::collections::HashSet<_> = rows.iter().map(|r| r.media_key.clone()).collect();
        assert!(keys.len() <= leaves * PALETTE.len() * usize::from(VIEWS));
        assert!(
            keys.len() < rows.len() / 2,
            "{} files for {} rows: placeholders are shared",
            keys.len(),
            rows.len()
        );
        let store = MediaStore::new(first_dir.path());
        for key in &keys {
            let key: MediaKey = key.parse().expect("valid key");
            let bytes = store.read(&key).expect("readable").expect("stored");
            assert_eq!(MediaStore::key_of(&bytes, ImageFormat::Svg), key, "content matches its name");
        }

        // A later batch reuses what is stored and writes nothing new for known specs.
        let again = first.rows_for(&products[..10]).await.expect("rows");
        assert_eq!(
            again,
            rows.iter()
                .filter(|r| products[..10].iter().any(|p| p.id == r.product_id))
                .cloned()
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn colours_come_from_the_attribute_or_a_stable_fallback() {
        assert_eq!(colour_of(r#"{"colour":"Navy","material":"Oak"}"#), Some(4));
        assert_eq!(colour_of(r#"{"colour":"Chartreuse"}"#), colour_of(r#"{"colour":"Chartreuse"}"#));
        assert!(colour_of(r#"{"colour":"Chartreuse"}"#).is_some_and(|i| i < PALETTE.len()));
        assert_eq!(colour_of(r#"{"material":"Oak"}"#), None);
        assert_eq!(colour_of("not json"), None);
    }
}
