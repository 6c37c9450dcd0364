//! "My orders" and one order: state, escrow in plain words ("Bazaar holds your payment until you confirm
//! receipt; it is released automatically on 3 December"), the split between seller and platform, and the moves
//! the viewer may make (confirm receipt, cancel, ship).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use shared::commerce::{OrderDetail, OrderSummary};
use shared::ids::OrderId;
use shared::order::OrderState;
use shared::tracking::TrackingStatus;

use crate::api::AppError;
use crate::api::commerce::{cancel_order, confirm_receipt, list_orders, order, tracking};
use crate::i18n::offline::offline_texts;
use crate::state::locale::{use_locale, use_messages};
use crate::state::offline::{OfflineState, QueuedAction, Saved, SavedOrder, action_key, use_offline};
use crate::state::session::use_session;
use crate::ui::components::time::{utc_date, utc_minute};
use crate::ui::pages::shipping::{DeliveryPromise, ShipPanel};

/// The words for an order's state.
pub fn state_name(t: &crate::i18n::Messages, state: OrderState) -> &'static str {
    let index = OrderState::ALL.iter().position(|s| *s == state).unwrap_or(0);
    t.shop.states[index]
}

/// The escrow sentence for an order, with its release date when it has one.
pub fn escrow_sentence(t: &crate::i18n::Messages, state: OrderState, release_at_ms: Option<i64>) -> String {
    let date = release_at_ms.map(|ms| {
        let (year, month, day) = utc_date(ms);
        (t.shop.date)(year, month, day)
    });
    (t.shop.escrow_status)(state.as_str(), date.as_deref())
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let session = use_session();
    let query = use_query_map();
    let placed = move || query.read().get("placed");
    let offline = use_offline();
    let orders = LocalResource::new(move || {
        let _ = (session.me.get(), offline.synced.get());
        shown_orders(offline)
    });
    view! {
        <section class="orders-page" data-testid="orders-page">
            <h1>{move || t.get().shop.orders_title}</h1>
            {move || {
                placed()
                    .map(|group| {
                        let count = orders
                            .get()
                            .and_then(Result::ok)
                            .map(|shown| shown.rows.iter().filter(|o| o.summary.group_id.to_string() == group).count())
                            .unwrap_or(1);
                        view! {
                            <div class="notice notice--success" role="status" data-testid="order-placed">
                                <p>{move || (t.get().shop.order_placed)(count.max(1))}</p>
                                <p>{move || t.get().shop.escrow_note}</p>
                            </div>
                        }
                    })
            }}
            {move || match orders.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) if error.error.code == "unauthenticated" => {
                    view! {
                        <div class="notice">
                            <p>{move || t.get().shop.sign_in_to_buy}</p>
                            <A href="/signin?next=/orders" attr:class="button">{move || t.get().account.sign_in}</A>
                        </div>
                    }
                        .into_any()
                }
                Some(Err(error)) if error.error.code == "network" => {
                    view! { <p class="notice" role="status" data-testid="nothing-saved">{move || offline_texts(locale.get()).nothing_saved}</p> }.into_any()
                }
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(shown)) if shown.rows.is_empty() && shown.saved_at_ms.is_none() => {
                    view! {
                        <div class="empty-state">
                            <p>{move || t.get().shop.orders_empty}</p>
                            <A href="/" attr:class="button">{move || t.get().shop.continue_shopping}</A>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(shown)) => {
                    view! {
                        {shown.saved_at_ms.map(|at| view! {
                            <div class="notice notice--warning saved-notice" data-testid="saved-orders">
                                <p>{move || offline_texts(locale.get()).showing_saved}</p>
                                <p data-testid="last-updated">{move || (offline_texts(locale.get()).last_updated)(&utc_minute(at))}</p>
                            </div>
                        })}
                        <ul class="order-list">{shown.rows.into_iter().map(|row| view! { <OrderRow order=row.summary tracking=row.tracking /> }).collect_view()}</ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The orders to show: the server's (with the last tracking status kept on this device), or, without an answer,
/// the list this device saved with its time.
#[derive(Debug, Clone)]
struct ShownOrders {
    rows: Vec<SavedOrder>,
    /// Set when the rows come from this device rather than the server.
    saved_at_ms: Option<i64>,
}

async fn shown_orders(offline: OfflineState) -> Result<ShownOrders, AppError> {
    let result = list_orders(None, None, Some(1)).await;
    offline.saw(&result);
    let saved = offline.load::<Saved<Vec<SavedOrder>>>("orders").await;
    match result {
        Ok(page) => {
            let known = |id: OrderId| {
                saved
                    .as_ref()
                    .and_then(|s| s.value.iter().find(|o| o.summary.id == id))
                    .and_then(|o| o.tracking)
            };
            let rows: Vec<SavedOrder> = page
                .items
                .into_iter()
                .map(|summary| SavedOrder { tracking: known(summary.id), summary })
                .collect();
            leptos::task::spawn_local(save_orders(offline, rows.clone()));
            Ok(ShownOrders { rows, saved_at_ms: None })
        }
        Err(error) if error.error.code == "network" => match saved {
            Some(saved) => Ok(ShownOrders { rows: saved.value, saved_at_ms: Some(saved.saved_at_ms) }),
            None => Err(error),
        },
        Err(error) => Err(error),
    }
}

/// Keeps the list on this device with each parcel's current tracking status (asked for the orders on their way,
/// at most [`TRACKED_ORDERS`] of them, one after another so a slow phone is not flooded).
async fn save_orders(offline: OfflineState, mut rows: Vec<SavedOrder>) {
    const TRACKED_ORDERS: usize = 10;
    let on_the_way = |state: OrderState| matches!(state, OrderState::Shipped | OrderState::Delivered);
    for row in rows.iter_mut().filter(|row| on_the_way(row.summary.state)).take(TRACKED_ORDERS) {
        match tracking(row.summary.id).await {
            Ok(shipment) => row.tracking = shipment.map(|s| s.status).or(row.tracking),
            Err(error) if error.error.code == "network" => return,
            Err(_) => {}
        }
    }
    offline.store_fresh("orders", rows).await;
}

#[component]
fn OrderRow(order: OrderSummary, tracking: Option<TrackingStatus>) -> impl IntoView {
    let t = use_messages();
    let offline_locale = use_locale();
    let locale = use_locale();
    let state = order.state;
    let release = order.release_at_ms;
    let seller = order.seller.name.clone();
    let (year, month, day) = utc_date(order.created_at_ms);
    view! {
        <li class="order-row" data-testid="order-row" data-state=state.as_str()>
            <a class="order-row__link" href=format!("/orders/{}", order.id)>
                <span class="order-row__headline">{order.headline.clone()}</span>
                <span class="order-row__shop">{move || (t.get().shop.order_from)(&seller)}</span>
                <span class="order-row__date">{move || (t.get().shop.placed_on)(&(t.get().shop.date)(year, month, day))}</span>
            </a>
            <span class=format!("badge badge--{}", state.as_str())>{move || state_name(t.get(), state)}</span>
            <span class="order-row__total">{move || locale.get().format_money(order.total)}</span>
            <p class="order-row__escrow">{move || escrow_sentence(t.get(), state, release)}</p>
            {tracking.map(|status| view! {
                <p class="order-row__tracking" data-testid="last-tracking">
                    {move || (offline_texts(offline_locale.get()).last_tracking)(tracking_name(t.get(), status))}
                </p>
            })}
        </li>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let t = use_messages();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<OrderId>().ok()));
    let version = RwSignal::new(0u32);
    let offline = use_offline();
    let detail = LocalResource::new(move || {
        let (id, _, _) = (id.get(), version.get(), offline.synced.get());
        async move {
            match id {
                Some(id) => order(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="order-page" data-testid="order-page">
            <A href="/orders" attr:class="back-link">{move || t.get().shop.back_to_orders}</A>
            {move || match detail.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Ok(Some(detail))) => view! { <OrderView detail version /> }.into_any(),
                Some(Ok(None)) => view! { <p class="notice">{move || t.get().not_found_body}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn OrderView(detail: OrderDetail, version: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let summary = detail.summary.clone();
    let id = summary.id;
    let state = summary.state;
    let release = summary.release_at_ms;
    let problem = RwSignal::new(None::<String>);
    let queued = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let offline = use_offline();
    let headline = summary.headline.clone();
    let act = move |action: OrderAction| {
        busy.set(true);
        let headline = headline.clone();
        leptos::task::spawn_local(async move {
            let confirming = matches!(action, OrderAction::Confirm);
            let result = match action {
                OrderAction::Confirm if !offline.online.get_untracked() => {
                    Err(AppError::new("network", "offline", None))
                }
                OrderAction::Confirm => confirm_receipt(id).await,
                OrderAction::Cancel(reason) => cancel_order(id, reason).await,
            };
            offline.saw(&result);
            busy.set(false);
            match result {
                Ok(_) => version.update(|v| *v += 1),
                // No connection: a confirmation waits on this device and is sent (once) when it returns.
                Err(error) if confirming && error.error.code == "network" => {
                    let action = QueuedAction::ConfirmReceipt { key: action_key(), order_id: id, headline };
                    if offline.confirmation_queued(id).await || offline.enqueue(action).await {
                        problem.set(None);
                        queued.set(true);
                    } else {
                        problem.set(Some(error.to_string()));
                    }
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let reason = RwSignal::new(String::new());
    let card = detail
        .payment
        .card_brand
        .clone()
        .zip(detail.payment.card_last4.clone())
        .map(|(brand, last4)| move || (t.get().shop.paid_with)(&capitalized(&brand), &last4));
    let (net, commission) = (detail.seller_net, detail.commission);
    let seller = summary.seller.name.clone();
    let address = detail.address.clone();
    let format = move |money| locale.get().format_money(money);
    view! {
        <article class="order-detail" data-testid="order-detail" data-state=state.as_str()>
            <header class="order-detail__header">
                <h1>{move || (t.get().shop.order_from)(&seller)}</h1>
                <span class=format!("badge badge--{}", state.as_str()) data-testid="order-state">{move || state_name(t.get(), state)}</span>
            </header>
            <p class="escrow-status" data-testid="escrow-status">{move || escrow_sentence(t.get(), state, release)}</p>
            <DeliveryPromise detail=detail.clone() />
            {detail.can_ship.then(|| view! {
                <section class="box"><ShipPanel order=id shipped=Callback::new(move |_| version.update(|v| *v += 1)) /></section>
            })}
            <TrackingTimeline order=id />
            <div class="order-detail__layout">
                <section class="box">
                    <ul class="order-lines">
                        {detail
                            .lines
                            .iter()
                            .map(|line| {
                                let total = line.total;
                                view! {
                                    <li class="order-line">
                                        <a href=format!("/products/{}", line.product_id)>{format!("{} × {}", line.quantity, line.title)}</a>
                                        <span>{move || format(total)}</span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                    <dl class="breakdown">
                        <dt>{move || t.get().shop.items}</dt>
                        <dd>{format(detail.items_subtotal)}</dd>
                        {(!detail.discount.is_zero()).then(|| {
                            let discount = detail.discount;
                            view! {
                                <dt class="breakdown__discount">{move || t.get().shop.discount}</dt>
                                <dd class="breakdown__discount">"−" {move || format(discount)}</dd>
                            }
                        })}
                        <dt>{move || t.get().shop.shipping}</dt>
                        <dd>{format(detail.shipping)}</dd>
                        <dt class="breakdown__total">{move || t.get().shop.order_total}</dt>
                        <dd class="breakdown__total">{format(summary.total)}</dd>
                    </dl>
                    <p class="order-detail__split">{move || (t.get().shop.split)(&format(net), &format(commission))}</p>
                    {card.map(|card| view! { <p class="order-detail__card">{card}</p> })}
                </section>
                <section class="box">
                    <h2>{move || t.get().shop.ship_to}</h2>
                    <address class="order-detail__address">
                        {address.name.clone()} <br /> {address.line1.clone()} <br />
                        {(!address.line2.is_empty()).then(|| view! { {address.line2.clone()} <br /> })}
                        {format!("{} {}", address.postcode, address.city)} <br />
                        {shared::regions::region(&address.region).map(|r| r.native_name).unwrap_or_default()}
                    </address>
                    {detail.tracking_number.clone().map(|number| view! { <p>{move || t.get().shop.tracking_number} ": " {number.clone()}</p> })}
                    <div class="order-actions">
                        {detail.can_confirm_receipt.then(|| view! {
                            <p class="field__hint">{move || t.get().shop.confirm_receipt_hint}</p>
                            <button class="button" data-testid="confirm-receipt" disabled=move || busy.get() || queued.get() on:click={
                                let act = act.clone();
                                move |_| act(OrderAction::Confirm)
                            }>
                                {move || t.get().shop.confirm_receipt}
                            </button>
                            <p role="status" data-testid="confirm-queued">
                                {move || queued.get().then(|| offline_texts(locale.get()).confirm_queued)}
                            </p>
                        })}
                        {detail.can_cancel.then(|| view! {
                            <div class="field">
                                <label for="cancel-reason">{move || t.get().shop.cancel_reason}</label>
                                <input id="cancel-reason" prop:value=move || reason.get() on:input=move |e| reason.set(event_target_value(&e)) />
                            </div>
                            <button class="button button--secondary" data-testid="cancel-order" disabled=move || busy.get() on:click={
                                let act = act.clone();
                                move |_| act(OrderAction::Cancel(reason.get_untracked()))
                            }>
                                {move || t.get().shop.cancel_order}
                            </button>
                        })}
                        <p class="field__error" role="alert">{move || problem.get()}</p>
                    </div>
                </section>
            </div>
        </article>
    }
}

/// The parcel's journey: the carrier, its number, and every event in Bazaar's words, with the carrier's own.
#[component]
fn TrackingTimeline(order: OrderId) -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let is_seller = move || session.me.get().is_some_and(|me| me.role == shared::auth::Role::Seller);
    let shipment = LocalResource::new(move || tracking(order));
    view! {
        {move || match shipment.get() {
            Some(Ok(Some(shipment))) => {
                let carrier = format!("{} · {}", shipment.carrier_name, shipment.tracking_number);
                let current = shipment.status;
                Some(
                    view! {
                        <section class="box tracking" aria-labelledby="tracking-heading" data-testid="tracking">
                            <h2 id="tracking-heading">{move || t.get().shop.tracking_title}</h2>
                            <p class="tracking__carrier">
                                {carrier}
                                {move || is_seller().then(|| view! {
                                    " · " <a href=format!("/seller/orders/{order}/label") data-testid="print-label">{move || t.get().logistics.print_label}</a>
                                })}
                            </p>
                            <p class="tracking__status" data-testid="tracking-status">
                                {move || tracking_name(t.get(), current)}
                            </p>
                            <ol class="timeline">
                                {shipment
                                    .events
                                    .into_iter()
                                    .rev()
                                    .map(|event| {
                                        let status = event.status;
                                        let when = utc_minute(event.occurred_at_ms);
                                        let place = event.location.clone().unwrap_or_default();
                                        let raw = format!("{} {}", event.raw_code, event.raw_text);
                                        view! {
                                            <li class="timeline__event" data-status=status.as_str()>
                                                <span class="timeline__what">{move || tracking_name(t.get(), status)}</span>
                                                <span class="timeline__when">{when} " " {place}</span>
                                                <span class="timeline__raw">{move || (t.get().shop.carrier_said)(&raw)}</span>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ol>
                        </section>
                    },
                )
            }
            _ => None,
        }}
    }
}

/// The words for a tracking status.
pub fn tracking_name(t: &crate::i18n::Messages, status: TrackingStatus) -> &'static str {
    let index = TrackingStatus::ALL.iter().position(|s| *s == status).unwrap_or(0);
    t.shop.tracking_statuses[index]
}

/// "visa" → "Visa": card brands as people write them.
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[derive(Debug, Clone)]
enum OrderAction {
    Confirm,
    Cancel(String),
}
