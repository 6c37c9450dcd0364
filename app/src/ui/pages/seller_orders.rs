//! `/seller/orders`: the shop's orders by state — to ship (with the handling clock of the SLA), shipped, delivered,
//! completed, cancelled — sorted and paged on the server (to ship: the handling clock that runs out first on top); and `/seller/orders/:id/packing-slip`, a printable list of what goes
//! in the parcel.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::commerce::{OrderSort, OrderSummary};
use shared::ids::OrderId;
use shared::order::OrderState;

use crate::api::commerce::{list_orders, order};
use crate::browser::now_ms;
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::console::SellerFrame;
use crate::ui::components::pagination::Pagination;
use crate::ui::components::time::utc_minute;

/// The queue's tabs, in the order a seller works through them.
const TABS: [OrderState; 5] = [
    OrderState::Paid,
    OrderState::Shipped,
    OrderState::Delivered,
    OrderState::Completed,
    OrderState::Cancelled,
];

#[component]
pub fn SellerOrdersPage() -> impl IntoView {
    let t = use_messages();
    view! {
        <SellerFrame
            test_id="seller-orders"
            path="/seller/orders"
            title=Signal::derive(move || t.get().seller_orders.title)
            intro=Signal::derive(move || t.get().seller_orders.intro)
        >
            <OrderQueue />
        </SellerFrame>
    }
}

#[component]
fn OrderQueue() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let state = Memo::new(move |_| {
        query
            .read()
            .get("state")
            .and_then(|s| OrderState::parse(&s))
            .filter(|s| TABS.contains(s))
            .unwrap_or(OrderState::Paid)
    });
    let page =
        Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let sort = Memo::new(move |_| {
        query
            .read()
            .get("sort")
            .and_then(|s| OrderSort::parse(&s))
            .unwrap_or_else(|| default_sort(state.get()))
    });
    let orders =
        LocalResource::new(move || list_orders(Some(state.get()), Some(sort.get()), Some(page.get())));
    // The address of a tab, sort and page; a tab's own default sort stays out of it.
    let href = move |state: OrderState, sort: OrderSort, page: u32| {
        let mut address = format!("/seller/orders?state={}", state.as_str());
        if sort != default_sort(state) {
            address.push_str(&format!("&sort={}", sort.as_str()));
        }
        if page > 1 {
            address.push_str(&format!("&page={page}"));
        }
        address
    };
    let navigate = use_navigate();
    let go_sort = move |event: leptos::ev::Event| {
        let chosen = OrderSort::parse(&event_target_value(&event)).unwrap_or_default();
        navigate(&href(state.get_untracked(), chosen, 1), Default::default());
    };
    view! {
        <nav class="tabs" aria-label=move || t.get().seller_orders.title>
            {TABS.into_iter().enumerate().map(|(index, tab)| view! {
                <a
                    class="tabs__tab"
                    class:is-current=move || state.get() == tab
                    aria-current=move || (state.get() == tab).then_some("page")
                    href=href(tab, default_sort(tab), 1)
                    data-testid=format!("tab-{}", tab.as_str())
                >
                    {move || t.get().seller_orders.tabs[index]}
                </a>
            }).collect_view()}
        </nav>
        <div class="queue-toolbar">
            <label class="inline-field">
                <span>{move || t.get().seller_orders.sort_by}</span>
                <select data-testid="queue-sort" on:change=go_sort>
                    {OrderSort::ALL.into_iter().enumerate().map(|(index, option)| view! {
                        <option value=option.as_str() selected=move || sort.get() == option>
                            {move || t.get().seller_orders.sorts[index]}
                        </option>
                    }).collect_view()}
                </select>
            </label>
        </div>
        <section class="panel" aria-live="polite">
            {move || match orders.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(found)) if found.items.is_empty() => view! { <p data-testid="queue-empty">{move || t.get().seller_orders.empty}</p> }.into_any(),
                Some(Ok(found)) => {
                    let pages = found.page_count();
                    let current = found.page;
                    let (tab, order) = (state.get_untracked(), sort.get_untracked());
                    view! {
                        <ul class="order-queue" data-testid="order-queue">
                            {found.items.into_iter().map(|order| view! { <QueueRow order /> }).collect_view()}
                        </ul>
                        <Pagination current pages href=Callback::new(move |page| href(tab, order, page)) />
                    }.into_any()
                }
            }}
        </section>
    }
}

/// "To ship" puts the order whose handling clock runs out first on top; the other tabs show the newest first.
fn default_sort(state: OrderState) -> OrderSort {
    if state == OrderState::Paid { OrderSort::ShipBy } else { OrderSort::Newest }
}

#[component]
fn QueueRow(order: OrderSummary) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let id = order.id;
    let total = order.total;
    let placed = utc_minute(order.created_at_ms);
    // The handling clock: how long is left to hand the parcel over, or how long it is overdue.
    let clock = order.ship_by_ms.map(|ship_by| {
        let left_ms = ship_by - now_ms();
        let minutes = u32::try_from(left_ms.unsigned_abs() / 60_000).unwrap_or(u32::MAX);
        (left_ms < 0, minutes)
    });
    view! {
        <li class="queue-row" data-testid="queue-row" data-order-id=id.to_string()>
            <div class="queue-row__main">
                <a class="queue-row__headline" href=format!("/orders/{id}")>{order.headline.clone()}</a>
                <span class="listings-table__meta">
                    {move || (t.get().seller_orders.placed)(&placed, order.item_count)}
                </span>
            </div>
            <span class="queue-row__total">{move || locale.get().format_money(total)}</span>
            {clock.map(|(overdue, minutes)| view! {
                <span class=if overdue { "sla-clock sla-clock--overdue" } else { "sla-clock" } data-testid="sla-clock">
                    {move || {
                        let duration = (t.get().scorecard.duration)(minutes);
                        if overdue { (t.get().seller_orders.overdue_by)(&duration) } else { (t.get().seller_orders.ship_within)(&duration) }
                    }}
                </span>
            })}
            <span class="queue-row__actions">
                {(order.state == OrderState::Paid).then(|| view! {
                    <a class="button" href=format!("/orders/{id}#ship") data-testid="queue-ship">{move || t.get().seller_orders.ship}</a>
                })}
                <a class="button button--secondary" href=format!("/seller/orders/{id}/packing-slip") data-testid="queue-slip">
                    {move || t.get().seller_orders.packing_slip}
                </a>
            </span>
        </li>
    }
}

/// A printable packing slip: the order, the address and what goes in the parcel (no prices: the slip travels
/// with the goods).
#[component]
pub fn PackingSlipPage() -> impl IntoView {
    let t = use_messages();
    let params = use_params_map();
    let detail = LocalResource::new(move || {
        let id = params.read().get("id").and_then(|id| id.parse::<OrderId>().ok());
        async move {
            match id {
                Some(id) => order(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="label-page" data-testid="packing-slip-page">
            {move || match detail.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="notice">{move || t.get().not_found_body}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(Some(detail))) => {
                    let to = detail.address.clone();
                    let region = shared::regions::region(&to.region).map(|r| r.native_name.to_string()).unwrap_or_else(|| to.region.clone());
                    let id = detail.summary.id;
                    let placed = utc_minute(detail.summary.created_at_ms);
                    view! {
                        <div class="label-actions">
                            <a class="back-link" href="/seller/orders">{move || t.get().seller_orders.back}</a>
                            <button class="button" on:click=move |_| { let _ = window().print(); }>{move || t.get().logistics.print}</button>
                        </div>
                        <article class="packing-slip" aria-labelledby="slip-heading">
                            <header class="packing-slip__header">
                                <h1 id="slip-heading">{move || t.get().seller_orders.packing_slip}</h1>
                                <p><strong>{detail.summary.seller.name.clone()}</strong></p>
                                <p class="listings-table__meta">{id.to_string()}" · "{placed}</p>
                            </header>
                            <section>
                                <h2>{move || t.get().logistics.label_to}</h2>
                                <address>
                                    {to.name.clone()} <br /> {to.line1.clone()} <br />
                                    {(!to.line2.is_empty()).then(|| view! { {to.line2.clone()} <br /> })}
                                    {format!("{} {}", to.postcode, to.city)} <br /> {region}
                                </address>
                            </section>
                            <table class="table packing-slip__lines" data-testid="slip-lines">
                                <thead><tr>
                                    {move || t.get().seller_orders.slip_columns.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {detail.lines.iter().map(|line| view! {
                                        <tr>
                                            <td>{line.title.clone()}</td>
                                            <td><code>{line.sku.clone()}</code></td>
                                            <td class="packing-slip__quantity">{line.quantity}</td>
                                            <td class="packing-slip__check" aria-hidden="true">"☐"</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            <p class="packing-slip__note">{move || t.get().seller_orders.slip_note}</p>
                        </article>
                    }.into_any()
                }
            }}
        </section>
    }
}
