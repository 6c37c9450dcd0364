//! A seller's money statement: reads the shop's ledger postings of a period (`db::statement`), lets
//! `shared::statement` classify, sign and total them and walk the running balance, and writes the CSV export.
//! Who may read whose statement is decided by the caller (`OrderService`), from the request's actor.

use anyhow::Context;
use app::ports::ServiceError;
use shared::dto::{Page, PageRequest};
use shared::ids::SellerId;
use shared::ledger::{Account, TransactionKind};
use shared::money::Money;
use shared::statement::{
    MAX_CSV_ENTRIES, SellerStatement, StatementCsv, StatementEntry, StatementKind, StatementLeg,
    StatementOrder, StatementPeriod, StatementTotals, classify, fill_running_balance, totals_of,
};

use super::settlement::money;
use crate::db::Database;
use crate::db::statement::{self as store, StatementRow, StatementScope};

/// Rows read per query while exporting a whole period.
const CSV_CHUNK: u32 = 1_000;

/// One page of `seller`'s statement over `period`, with the whole period's totals.
pub async fn seller_statement(
    db: &Database,
    seller: SellerId,
    period: StatementPeriod,
    page: PageRequest,
    order: StatementOrder,
) -> Result<SellerStatement, ServiceError> {
    let shop = seller.to_string();
    let available_account = Account::SellerAvailable(seller).to_string();
    let scope = scope_of(&shop, &available_account, period);
    let (totals, total) = sums(db, scope).await?;
    let oldest_first = order == StatementOrder::OldestFirst;
    let mut rows = store::statement_page(db.pool(), scope, oldest_first, page.per_page(), page.offset())
        .await
        .context("reading the statement")?;
    // The running balance is worked back from the page's newest line, so the lines are read newest first.
    if oldest_first {
        rows.reverse();
    }
    let mut entries = lines(db, scope, rows).await?;
    if oldest_first {
        entries.reverse();
    }
    Ok(SellerStatement {
        from: period.from().to_string(),
        to: period.to().to_string(),
        entries: Page { items: entries, page: page.page(), per_page: page.per_page(), total },
        totals,
    })
}

/// Every line of `seller`'s statement over `period` as CSV, newest first, with the running balance. A period
/// with more than `MAX_CSV_ENTRIES` lines is refused (Invalid, naming `to`).
pub async fn seller_statement_csv(
    db: &Database,
    seller: SellerId,
    period: StatementPeriod,
) -> Result<StatementCsv, ServiceError> {
    let shop = seller.to_string();
    let available_account = Account::SellerAvailable(seller).to_string();
    let scope = scope_of(&shop, &available_account, period);
    let (_, total) = sums(db, scope).await?;
    if total > MAX_CSV_ENTRIES as u64 {
        return Err(ServiceError::Invalid {
            field: Some("to".into()),
            message: format!(
                "The period has more than {MAX_CSV_ENTRIES} entries: export it in shorter periods."
            ),
        });
    }
    let mut rows: Vec<StatementRow> = Vec::new();
    // Bounded by the count above (plus one chunk, should lines arrive meanwhile).
    for chunk in 0..=(MAX_CSV_ENTRIES as u64).div_ceil(u64::from(CSV_CHUNK)) {
        let read = store::statement_page(db.pool(), scope, false, CSV_CHUNK, chunk * u64::from(CSV_CHUNK))
            .await
            .context("reading the statement")?;
        let done = read.len() < CSV_CHUNK as usize;
        rows.extend(read);
        if done {
            break;
        }
    }
    Ok(StatementCsv::new(period, &lines(db, scope, rows).await?))
}

fn scope_of<'a>(shop: &'a str, available_account: &'a str, period: StatementPeriod) -> StatementScope<'a> {
    StatementScope {
        seller_id: shop,
        available_account,
        start_ms: period.start_ms(),
        end_ms: period.end_ms(),
    }
}

/// The period's totals per currency and its number of lines.
async fn sums(db: &Database, scope: StatementScope<'_>) -> Result<(Vec<StatementTotals>, u64), ServiceError> {
    let sums = store::statement_sums(db.pool(), scope).await.context("summing the statement")?;
    let mut total: u64 = 0;
    let mut signed: Vec<(StatementKind, Money)> = Vec::with_capacity(sums.len());
    for sum in &sums {
        let kind = statement_kind(&sum.kind, leg_named(&sum.leg)?)?;
        signed.push((kind, kind.signed(money(sum.amount_minor, &sum.currency)?).context("signing a total")?));
        total += u64::try_from(sum.entries).context("a count")?;
    }
    Ok((totals_of(signed).context("totalling the statement")?, total))
}

/// Consecutive rows of the statement (newest first) as lines with their running available balance.
async fn lines(
    db: &Database,
    scope: StatementScope<'_>,
    rows: Vec<StatementRow>,
) -> Result<Vec<StatementEntry>, ServiceError> {
    let closing = match rows.first() {
        Some(newest) => store::available_balance_through(
            db.pool(),
            scope.available_account,
            newest.created_at_ms,
            &newest.transaction_id,
            newest.position,
        )
        .await
        .context("reading the available balance")?
        .into_iter()
        .map(|(currency, amount_minor)| money(amount_minor, &currency))
        .collect::<anyhow::Result<Vec<Money>>>()?,
        None => Vec::new(),
    };
    let mut entries = rows.into_iter().map(entry_of).collect::<Result<Vec<_>, _>>()?;
    fill_running_balance(&mut entries, &closing).context("the running balance")?;
    Ok(entries)
}

fn leg_named(leg: &str) -> anyhow::Result<StatementLeg> {
    Ok(match leg {
        "available" => StatementLeg::Available,
        "commission" => StatementLeg::Commission,
        "escrow" => StatementLeg::Escrow,
        other => anyhow::bail!("not a statement leg: {other}"),
    })
}

fn statement_kind(kind: &str, leg: StatementLeg) -> anyhow::Result<StatementKind> {
    let kind = TransactionKind::parse(kind).context("stored transaction kind")?;
    classify(kind, leg).with_context(|| format!("the statement query selected a {kind:?} posting on {leg:?}"))
}

fn entry_of(row: StatementRow) -> Result<StatementEntry, ServiceError> {
    let account: Account = row.account.parse().context("stored ledger account")?;
    let leg = StatementLeg::of(&account).context("the statement query selected another account")?;
    let kind = statement_kind(&row.kind, leg)?;
    // A capture pays several orders at once: its order is the escrow account's.
    let order_id = match account {
        Account::Escrow(order) => Some(order),
        _ => row.order_id.as_deref().map(str::parse).transpose().ok().context("stored order id")?,
    };
    Ok(StatementEntry {
        kind,
        amount: kind.signed(money(row.amount_minor, &row.currency)?).context("signing a line")?,
        order_id,
        payout_id: row.payout_id,
        transaction_id: row.transaction_id,
        created_at_ms: row.created_at_ms,
        available_after: None,
    })
}
