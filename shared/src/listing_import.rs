//! Bulk import of listings from a CSV file: the format, and how a file becomes listings and row problems.
//!
//! One row is one variant. Rows with the same `listing` handle make one listing; its first row gives the listing's
//! own fields (title, description, category, attributes, warranty), every row its variant (SKU, options, price,
//! stock). The browser parses the file with [`parse_import`] to preview it, and the server parses it again, as the
//! authority, before it imports anything. A listing with a problem in any of its rows is not imported; the others
//! are, and the rows with problems can be downloaded, fixed and imported again.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::dto::Attribute;
use crate::ids::CategoryId;
use crate::listing::{ATTRIBUTE_NAMES, ListingInput, ListingProblem, VariantInput};
use crate::money::{Currency, Money};

/// The columns, in the order a template lists them. `listing`, `sku` and `price` are needed on every row; `title`
/// and `category` on a listing's first row.
pub const IMPORT_COLUMNS: [&str; 13] = [
    "listing",
    "title",
    "description",
    "category",
    "sku",
    "price",
    "stock",
    "colour",
    "size",
    "material",
    "capacity",
    "pattern",
    "warranty_months",
];

/// The most rows one file may hold.
pub const IMPORT_MAX_ROWS: usize = 10_000;
/// The largest file accepted, in bytes (10,000 rows with long descriptions).
pub const IMPORT_MAX_BYTES: usize = 8 * 1024 * 1024;

/// What is wrong with a whole file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ImportFileProblem {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_bytes} bytes")]
    TooLarge { max_bytes: u32 },
    #[error("the file has more than {max_rows} rows")]
    TooManyRows { max_rows: u32 },
    #[error("the header row lacks the column {column:?}")]
    MissingColumn { column: String },
    #[error("line {line} is not CSV: {reason}")]
    NotCsv { line: u32, reason: String },
}

/// What is wrong with one row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RowProblemKind {
    /// The column needs a value on this row.
    Missing,
    /// Not an amount in the shop's currency (e.g. `12.50`).
    NotAPrice,
    /// Not a whole number.
    NotANumber,
    /// No category has this slug.
    UnknownCategory,
    /// The listing's rules (`shared::listing`) refuse the value.
    Listing(ListingProblem),
    /// Another row of the listing has a problem, so the listing is left out.
    ListingLeftOut,
}

impl std::fmt::Display for RowProblemKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RowProblemKind::Missing => write!(f, "needs a value"),
            RowProblemKind::NotAPrice => write!(f, "is not a price in the shop's currency (e.g. 12.50)"),
            RowProblemKind::NotANumber => write!(f, "is not a whole number"),
            RowProblemKind::UnknownCategory => write!(f, "names no category (use a category slug)"),
            RowProblemKind::Listing(problem) => write!(f, "{problem}"),
            RowProblemKind::ListingLeftOut => write!(f, "another row of this listing has a problem"),
        }
    }
}

/// A problem of one row, with the column it is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowProblem {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub column: String,
    pub problem: RowProblemKind,
}

impl RowProblem {
    /// "line 7, price: is not a price in the shop's currency (e.g. 12.50)".
    pub fn message(&self) -> String {
        format!("line {}, {}: {}", self.line, self.column, self.problem)
    }
}

/// A listing read from the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedListing {
    pub handle: String,
    /// The lines of its rows, in the file's order (one per variant).
    pub lines: Vec<u32>,
    pub input: ListingInput,
}

/// A parsed file: the listings that can be imported, and the problems of the rows that cannot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedImport {
    pub listings: Vec<ImportedListing>,
    pub problems: Vec<RowProblem>,
    /// Data rows read (the header not counted).
    pub rows: u32,
    /// The file's lines by line number, for the download of rows with problems.
    pub header: Vec<String>,
}

/// Reads a CSV file of listings priced in `currency`; `category` finds a category by its slug.
pub fn parse_import(
    text: &str,
    currency: Currency,
    category: impl Fn(&str) -> Option<CategoryId>,
) -> Result<ParsedImport, ImportFileProblem> {
    if text.len() > IMPORT_MAX_BYTES {
        return Err(ImportFileProblem::TooLarge { max_bytes: IMPORT_MAX_BYTES as u32 });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(ImportFileProblem::Empty);
    }
    let mut reader =
        csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|error| ImportFileProblem::NotCsv { line: 1, reason: error.to_string() })?
        .iter()
        .map(|name| name.to_ascii_lowercase())
        .collect();
    let position = |name: &str| header.iter().position(|column| column == name);
    for required in ["listing", "sku", "price"] {
        if position(required).is_none() {
            return Err(ImportFileProblem::MissingColumn { column: required.into() });
        }
    }
    let columns: HashMap<&str, usize> =
        IMPORT_COLUMNS.iter().filter_map(|name| position(name).map(|index| (*name, index))).collect();

    let mut parsed = ParsedImport { header: header.clone(), ..ParsedImport::default() };
    // Listings in the order their first row appears; each with the problems of its rows.
    let mut order: Vec<String> = Vec::new();
    let mut building: HashMap<String, (ImportedListing, Vec<RowProblem>)> = HashMap::new();
    for record in reader.records() {
        let line = parsed.rows + 2;
        let record = record.map_err(|error| ImportFileProblem::NotCsv { line, reason: error.to_string() })?;
        if record.iter().all(str::is_empty) {
            continue;
        }
        parsed.rows += 1;
        if parsed.rows as usize > IMPORT_MAX_ROWS {
            return Err(ImportFileProblem::TooManyRows { max_rows: IMPORT_MAX_ROWS as u32 });
        }
        let value =
            |name: &str| columns.get(name).and_then(|&index| record.get(index)).unwrap_or("").to_string();
        let mut problems = Vec::new();
        let mut problem = |column: &str, kind: RowProblemKind| {
            problems.push(RowProblem { line, column: column.into(), problem: kind });
        };
        let handle = value("listing");
        if handle.is_empty() {
            problem("listing", RowProblemKind::Missing);
            parsed.problems.append(&mut problems);
            continue;
        }
        let first_row = !building.contains_key(&handle);
        let price = value("price");
        let price_minor = if price.is_empty() {
            problem("price", RowProblemKind::Missing);
            0
        } else {
            Money::from_major_str(&price, currency).map(|money| money.amount_minor).unwrap_or_else(|_| {
                problem("price", RowProblemKind::NotAPrice);
                0
            })
        };
        let stock_text = value("stock");
        let stock = if stock_text.is_empty() {
            0
        } else {
            stock_text.parse::<u32>().unwrap_or_else(|_| {
                problem("stock", RowProblemKind::NotANumber);
                0
            })
        };
        if value("sku").is_empty() {
            problem("sku", RowProblemKind::Missing);
        }
        let options: Vec<Attribute> = ["colour", "size"]
            .into_iter()
            .filter(|name| !value(name).is_empty())
            .map(|name| Attribute { name: name.into(), value: value(name) })
            .collect();
        let variant = VariantInput { id: None, sku: value("sku"), options, price_minor, stock };
        let entry = building.entry(handle.clone()).or_insert_with(|| {
            order.push(handle.clone());
            let listing =
                ImportedListing { handle: handle.clone(), lines: Vec::new(), input: ListingInput::default() };
            (listing, Vec::new())
        });
        if first_row {
            let title = value("title");
            if title.is_empty() {
                problem("title", RowProblemKind::Missing);
            }
            let slug = value("category");
            let category_id = if slug.is_empty() {
                problem("category", RowProblemKind::Missing);
                None
            } else {
                let found = category(&slug);
                if found.is_none() {
                    problem("category", RowProblemKind::UnknownCategory);
                }
                found
            };
            let warranty_text = value("warranty_months");
            let warranty_months = if warranty_text.is_empty() {
                0
            } else {
                warranty_text.parse::<u16>().unwrap_or_else(|_| {
                    problem("warranty_months", RowProblemKind::NotANumber);
                    0
                })
            };
            entry.0.input = ListingInput {
                category_id,
                title,
                description: value("description"),
                attributes: ATTRIBUTE_NAMES
                    .iter()
                    .filter(|name| !matches!(**name, "colour" | "size") && !value(name).is_empty())
                    .map(|name| Attribute { name: (*name).into(), value: value(name) })
                    .collect(),
                warranty_months,
                variants: Vec::new(),
            };
        }
        entry.0.lines.push(line);
        entry.0.input.variants.push(variant);
        entry.1.append(&mut problems);
    }

    for handle in order {
        let Some((mut listing, mut problems)) = building.remove(&handle) else { continue };
        listing.input = listing.input.normalized();
        for listing_problem in listing.input.problems() {
            problems.push(row_problem_of(&listing, &listing_problem.field, listing_problem.problem));
        }
        if problems.is_empty() {
            parsed.listings.push(listing);
            continue;
        }
        // The listing is left out whole: every row without its own problem says why.
        for &line in &listing.lines {
            if !problems.iter().any(|p| p.line == line) {
                problems.push(RowProblem {
                    line,
                    column: "listing".into(),
                    problem: RowProblemKind::ListingLeftOut,
                });
            }
        }
        parsed.problems.append(&mut problems);
    }
    parsed.problems.sort_by_key(|p| p.line);
    Ok(parsed)
}

/// The file's rows that have problems, as CSV: the file's own header plus a `problem` column holding each row's
/// problems, so the seller can fix them and import the file again. `problems` are (line, message) pairs, lines
/// numbered as [`parse_import`] numbers them.
pub fn rows_with_problems(text: &str, problems: &[(u32, String)]) -> Result<String, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(Vec::new());
    let header = reader.headers().map_err(|error| error.to_string())?.clone();
    let mut out_header: Vec<String> = header.iter().map(str::to_string).collect();
    out_header.push("problem".into());
    writer.write_record(&out_header).map_err(|error| error.to_string())?;
    let mut line = 1;
    for record in reader.records() {
        let record = record.map_err(|error| error.to_string())?;
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        line += 1;
        let messages: Vec<&str> =
            problems.iter().filter(|(at, _)| *at == line).map(|(_, message)| message.as_str()).collect();
        if messages.is_empty() {
            continue;
        }
        let mut row: Vec<String> = record.iter().map(str::to_string).collect();
        row.resize(header.len(), String::new());
        row.push(messages.join("; "));
        writer.write_record(&row).map_err(|error| error.to_string())?;
    }
    let bytes = writer.into_inner().map_err(|error| error.to_string())?;
    String::from_utf8(bytes).map_err(|error| error.to_string())
}

/// A listing rule's problem placed on its row and column: `variants[2].sku` is the listing's third row's `sku`.
fn row_problem_of(listing: &ImportedListing, field: &str, problem: ListingProblem) -> RowProblem {
    let first = listing.lines.first().copied().unwrap_or(2);
    let (line, column) = match field.strip_prefix("variants[").and_then(|rest| rest.split_once("].")) {
        Some((index, column)) => {
            let line =
                index.parse::<usize>().ok().and_then(|i| listing.lines.get(i).copied()).unwrap_or(first);
            let column = match column {
                "options" => "colour",
                other => other,
            };
            (line, column.to_string())
        }
        None => {
            let column = match field {
                "category_id" => "category",
                "attributes" => "material",
                other => other,
            };
            (first, column.to_string())
        }
    };
    RowProblem { line, column, problem: RowProblemKind::Listing(problem) }
}

/// Progress of an import as the console shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportStatus {
    pub id: crate::ids::ImportId,
    pub file_name: String,
    pub state: ImportState,
    /// Listings the file holds without problems, and how many of them are imported so far.
    pub listings_total: u32,
    pub listings_done: u32,
    /// Rows read, and rows with problems (their listings left out).
    pub rows: u32,
    pub problem_rows: u32,
    pub created_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at_ms: Option<i64>,
}

impl ImportStatus {
    /// Percent done, 0–100.
    pub fn percent(&self) -> u32 {
        if self.listings_total == 0 {
            return 100;
        }
        (u64::from(self.listings_done) * 100 / u64::from(self.listings_total)) as u32
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ImportState {
    /// Listings are being created (it continues after a restart).
    Running,
    Done,
}

impl ImportState {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportState::Running => "running",
            ImportState::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<ImportState> {
        [ImportState::Running, ImportState::Done].into_iter().find(|state| state.as_str() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "listing,title,description,category,sku,price,stock,colour,size,material,capacity,pattern,warranty_months";

    fn lighting(slug: &str) -> Option<CategoryId> {
        (slug == "lighting").then(|| CategoryId::from_parts(7, [7; 10]))
    }

    fn parse(rows: &[&str]) -> ParsedImport {
        let text = std::iter::once(HEADER).chain(rows.iter().copied()).collect::<Vec<_>>().join("\n");
        parse_import(&text, Currency::USD, lighting).expect("a CSV file")
    }

    #[test]
    fn rows_with_one_handle_make_one_listing_with_a_variant_each() {
        let parsed = parse(&[
            r#"lamp-1,Brass lamp,"A brass lamp, 45 cm tall, with a linen shade.",lighting,LAMP-S,45.00,3,Sage,,Brass,,,24"#,
            "lamp-1,,,,LAMP-N,39.5,2,Navy,,,,,",
            "mug-1,Stoneware mug,A mug glazed by hand in small batches.,lighting,MUG-1,12,10,,,Stoneware,350 ml,,",
        ]);
        assert_eq!(parsed.problems, vec![]);
        assert_eq!(parsed.rows, 3);
        assert_eq!(parsed.listings.len(), 2);
        let lamp = &parsed.listings[0];
        assert_eq!((lamp.handle.as_str(), lamp.lines.clone()), ("lamp-1", vec![2, 3]));
        assert_eq!(lamp.input.title, "Brass lamp");
        assert_eq!(lamp.input.description, "A brass lamp, 45 cm tall, with a linen shade.");
        assert_eq!(lamp.input.warranty_months, 24);
        assert_eq!(lamp.input.variants.iter().map(|v| v.price_minor).collect::<Vec<_>>(), [4_500, 3_950]);
        assert_eq!(
            lamp.input.variants[1].options,
            vec![Attribute { name: "colour".into(), value: "Navy".into() }]
        );
        assert_eq!(parsed.listings[1].input.attributes.len(), 2, "material and capacity");
    }

    #[test]
    fn a_listing_with_a_bad_row_is_left_out_whole_and_each_row_says_why() {
        let parsed = parse(&[
            "lamp-1,Brass lamp,A brass lamp with a linen shade.,lighting,LAMP-S,45.00,3,Sage,,,,,",
            "lamp-1,,,,LAMP-N,forty,2,Navy,,,,,",
            "shelf-1,Oak shelf,A shelf of solid oak.,furniture,SHELF,80,1,,,,,,",
            "vase-1,Vase,A tall vase.,lighting,VASE,20,x,,,,,,",
            ",Orphan,,lighting,ORPHAN,1,1,,,,,,",
            "lamp-2,Lamp,A lamp.,lighting,BAD SKU,5,1,,,,,,",
        ]);
        assert!(parsed.listings.is_empty());
        let found: Vec<(u32, &str, RowProblemKind)> =
            parsed.problems.iter().map(|p| (p.line, p.column.as_str(), p.problem)).collect();
        assert_eq!(
            found,
            vec![
                (2, "listing", RowProblemKind::ListingLeftOut),
                (3, "price", RowProblemKind::NotAPrice),
                (4, "category", RowProblemKind::UnknownCategory),
                (5, "stock", RowProblemKind::NotANumber),
                (6, "listing", RowProblemKind::Missing),
                (7, "sku", RowProblemKind::Listing(ListingProblem::InvalidSku)),
            ]
        );
        assert_eq!(
            parsed.problems[1].message(),
            "line 3, price: is not a price in the shop's currency (e.g. 12.50)"
        );
    }

    #[test]
    fn the_rows_with_problems_download_with_a_problem_column() {
        let text = [
            HEADER,
            "lamp-1,Brass lamp,A brass lamp with a linen shade.,lighting,LAMP-S,45.00,3,,,,,,",
            "",
            r#"lamp-2,"Lamp, tall",A lamp with a shade.,lighting,LAMP-T,forty,2,,,,,,"#,
        ]
        .join("\n");
        let parsed = parse_import(&text, Currency::USD, lighting).expect("CSV");
        assert_eq!(parsed.problems.iter().map(|p| p.line).collect::<Vec<_>>(), [3]);
        let problems: Vec<(u32, String)> =
            parsed.problems.iter().map(|p| (p.line, format!("{}: {}", p.column, p.problem))).collect();
        let download = rows_with_problems(&text, &problems).expect("CSV out");
        let lines: Vec<&str> = download.lines().collect();
        assert_eq!(lines.len(), 2, "{download}");
        assert_eq!(lines[0], format!("{HEADER},problem"));
        assert!(lines[1].starts_with(r#"lamp-2,"Lamp, tall","#), "{}", lines[1]);
        assert!(
            lines[1].ends_with("price: is not a price in the shop's currency (e.g. 12.50)"),
            "{}",
            lines[1]
        );
        // Fixed and parsed again, it imports.
        let fixed = download
            .replace("forty", "40")
            .replace(",price: is not a price in the shop's currency (e.g. 12.50)", "");
        assert_eq!(parse_import(&fixed, Currency::USD, lighting).expect("CSV").listings.len(), 1);
    }

    #[test]
    fn whole_file_problems_are_named() {
        assert_eq!(parse_import("", Currency::USD, lighting), Err(ImportFileProblem::Empty));
        assert_eq!(
            parse_import("title,price\nLamp,1", Currency::USD, lighting),
            Err(ImportFileProblem::MissingColumn { column: "listing".into() })
        );
        let many = std::iter::once("listing,sku,price".to_string())
            .chain((0..=IMPORT_MAX_ROWS).map(|n| format!("l{n},S{n},1")))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            parse_import(&many, Currency::USD, lighting),
            Err(ImportFileProblem::TooManyRows { max_rows: IMPORT_MAX_ROWS as u32 })
        );
    }

    #[test]
    fn headers_are_case_blind_columns_may_be_missing_and_a_bom_is_ignored() {
        let text = "\u{feff}Listing,SKU,Price,Title,Category\nk1,K-1,7,Key ring,lighting\n\n";
        let parsed = parse_import(text, Currency::KRW, lighting).expect("CSV");
        assert_eq!(parsed.listings.len(), 1);
        assert_eq!(parsed.listings[0].input.variants[0].price_minor, 7, "KRW has no minor unit");
        assert_eq!(parsed.rows, 1, "the blank line is not a row");
    }
}
