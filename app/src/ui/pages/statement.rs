//! The seller's money statement in the console: a period of UTC days (from/to, default this month), the
//! period's totals per currency, the lines newest first a page at a time (paged on the server), each order linked,
//! and a download of the same period as CSV from the REST API. The period and page live in the URL
//! (`statement_from`, `statement_to`, `statement_page`), so a statement has an address to share.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::locale::Locale;
use shared::statement::{
    SellerStatement, StatementEntry, StatementKind, StatementOrder, StatementParams, StatementTotals,
};

use crate::api::commerce::seller_statement;
use crate::i18n::Messages;
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::pagination::Pagination;
use crate::ui::components::time::utc_minute;

/// The console's address with a statement period, order and page.
fn statement_href(from: &str, to: &str, order: StatementOrder, page: u32) -> String {
    let mut parts = Vec::new();
    if !from.is_empty() {
        parts.push(format!("statement_from={from}"));
    }
    if !to.is_empty() {
        parts.push(format!("statement_to={to}"));
    }
    if order != StatementOrder::default() {
        parts.push(format!("statement_sort={}", order.as_str()));
    }
    if page > 1 {
        parts.push(format!("statement_page={page}"));
    }
    // The hash brings the reader back to the statement after the navigation.
    format!("/seller?{}#statement-heading", parts.join("&"))
}

/// Dates go into URLs as typed only when they look like dates (digits and dashes); the server checks the rest.
fn date_param(text: &str) -> String {
    text.chars().filter(|c| c.is_ascii_digit() || *c == '-').take(10).collect()
}

/// The statement panel of the seller console.
#[component]
pub fn StatementPanel() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let query = use_query_map();
    let navigate = use_navigate();
    let from =
        Memo::new(move |_| query.read().get("statement_from").map(|d| date_param(&d)).unwrap_or_default());
    let to = Memo::new(move |_| query.read().get("statement_to").map(|d| date_param(&d)).unwrap_or_default());
    let page = Memo::new(move |_| {
        query.read().get("statement_page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1)
    });
    let order = Memo::new(move |_| {
        query.read().get("statement_sort").and_then(|s| StatementOrder::parse(&s)).unwrap_or_default()
    });
    let statement = LocalResource::new(move || {
        let params = StatementParams {
            from: Some(from.get()).filter(|d| !d.is_empty()),
            to: Some(to.get()).filter(|d| !d.is_empty()),
            page: Some(page.get()),
            per_page: None,
            sort: Some(order.get().as_str().to_string()),
        };
        seller_statement(params)
    });
    // What the inputs hold: the URL's period, else the one the server answered with (this month).
    let from_input = RwSignal::new(String::new());
    let to_input = RwSignal::new(String::new());
    Effect::new(move |_| {
        let answered = statement.get().and_then(Result::ok);
        let pick = |asked: String, answered: Option<String>| {
            if asked.is_empty() { answered.unwrap_or_default() } else { asked }
        };
        from_input.set(pick(from.get(), answered.as_ref().map(|s| s.from.clone())));
        to_input.set(pick(to.get(), answered.as_ref().map(|s| s.to.clone())));
    });
    let show = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let url = statement_href(
            &date_param(&from_input.get_untracked()),
            &date_param(&to_input.get_untracked()),
            order.get_untracked(),
            1,
        );
        navigate(&url, Default::default());
    };
    let navigate_for_order = use_navigate();
    let reorder = move |event: leptos::ev::Event| {
        let chosen = StatementOrder::parse(&event_target_value(&event)).unwrap_or_default();
        let url = statement_href(&from.get_untracked(), &to.get_untracked(), chosen, 1);
        navigate_for_order(&url, Default::default());
    };
    let csv_href = move || {
        format!(
            "/api/v1/seller/statement.csv?from={}&to={}",
            date_param(&from_input.get()),
            date_param(&to_input.get())
        )
    };
    view! {
        <section class="panel statement" aria-labelledby="statement-heading" data-testid="statement-panel">
            <h2 id="statement-heading">{move || t.get().statement.title}</h2>
            <p class="panel__intro">{move || t.get().statement.intro}</p>
            <form class="statement__period" on:submit=show>
                <div class="field">
                    <label for="statement-from">{move || t.get().statement.from}</label>
                    <input
                        id="statement-from"
                        type="date"
                        name="from"
                        data-testid="statement-from"
                        prop:value=move || from_input.get()
                        on:input=move |event| from_input.set(event_target_value(&event))
                    />
                </div>
                <div class="field">
                    <label for="statement-to">{move || t.get().statement.to}</label>
                    <input
                        id="statement-to"
                        type="date"
                        name="to"
                        data-testid="statement-to"
                        prop:value=move || to_input.get()
                        on:input=move |event| to_input.set(event_target_value(&event))
                    />
                </div>
                <div class="field">
                    <label for="statement-sort">{move || t.get().seller_orders.sort_by}</label>
                    // The queue's "newest first" and "oldest first" say the same of statement lines.
                    <select id="statement-sort" data-testid="statement-sort" on:change=reorder>
                        {StatementOrder::ALL.into_iter().enumerate().map(|(index, option)| view! {
                            <option value=option.as_str() selected=move || order.get() == option>
                                {move || t.get().seller_orders.sorts[index]}
                            </option>
                        }).collect_view()}
                    </select>
                </div>
                <button class="button button--secondary" type="submit">{move || t.get().statement.show}</button>
                <a class="button button--secondary statement__download" href=csv_href download="" data-testid="statement-csv" rel="external">
                    {move || t.get().statement.download}
                </a>
            </form>
            {move || match statement.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(statement)) => statement_view(t.get(), locale.get(), statement, order.get_untracked()).into_any(),
            }}
        </section>
    }
}

fn statement_view(
    t: &'static Messages,
    locale: Locale,
    statement: SellerStatement,
    order: StatementOrder,
) -> impl IntoView {
    let texts = &t.statement;
    let pages = statement.entries.page_count();
    let current = statement.entries.page;
    let total = statement.entries.total;
    let (from, to) = (statement.from.clone(), statement.to.clone());
    let entries = statement.entries.items;
    view! {
        <h3 class="statement__subtitle">{texts.totals}</h3>
        {statement.totals.into_iter().map(|totals| totals_view(t, locale, totals)).collect_view()}
        <p class="field__hint" data-testid="statement-count">{(texts.entry_count)(total)}</p>
        {if entries.is_empty() {
            view! { <p data-testid="statement-empty">{texts.empty}</p> }.into_any()
        } else {
            view! {
                <div class="table-scroll" role="region" aria-labelledby="statement-heading" tabindex="0">
                    <table class="table statement__table" data-testid="statement-table">
                        <thead>
                            <tr>
                                {texts.columns.into_iter().enumerate().map(|(index, name)| {
                                    let numeric = index >= 3;
                                    view! { <th scope="col" class:statement__number=numeric>{name}</th> }
                                }).collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {entries.into_iter().map(|entry| entry_row(t, locale, entry)).collect_view()}
                        </tbody>
                    </table>
                </div>
                <Pagination
                    current
                    pages
                    href=Callback::new(move |page| statement_href(&from, &to, order, page))
                />
            }.into_any()
        }}
    }
}

fn totals_view(t: &'static Messages, locale: Locale, totals: StatementTotals) -> impl IntoView {
    let names = t.statement.total_names;
    let sums = [totals.held, totals.released, totals.commission, totals.refunds, totals.paid_out];
    view! {
        <dl class="balances statement__totals" data-currency=totals.currency.code() data-testid="statement-totals">
            {names.into_iter().zip(sums).map(|(name, sum)| view! {
                <div class="balance">
                    <dt>{name}</dt>
                    <dd class:is-negative=sum.is_negative()>{locale.format_money(sum)}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

fn kind_name(t: &'static Messages, kind: StatementKind) -> &'static str {
    let index = StatementKind::ALL.iter().position(|k| *k == kind).unwrap_or_default();
    t.statement.kinds[index]
}

fn entry_row(t: &'static Messages, locale: Locale, entry: StatementEntry) -> impl IntoView {
    let order = entry.order_id.map(|id| {
        let id = id.to_string();
        // The id's last characters tell orders apart (UUIDv7 starts with the time, alike within a day).
        let short = id.chars().rev().take(8).collect::<Vec<_>>().into_iter().rev().collect::<String>();
        let label = (t.statement.order)(&id);
        view! { <A href=format!("/orders/{id}") attr:aria-label=label attr:title=id.clone()>{format!("…{short}")}</A> }
    });
    let negative = entry.amount.is_negative();
    view! {
        <tr data-testid="statement-entry" data-kind=entry.kind.as_str()>
            <td>{utc_minute(entry.created_at_ms)}</td>
            <td>{kind_name(t, entry.kind)}</td>
            <td>{order}</td>
            <td class="statement__number" class:is-negative=negative>{locale.format_money(entry.amount)}</td>
            <td class="statement__number">{entry.available_after.map(|m| locale.format_money(m))}</td>
        </tr>
    }
}
