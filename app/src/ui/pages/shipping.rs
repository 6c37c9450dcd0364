//! The carrier network in the UI: the delivery promise on an order, the seller's ship flow (carrier choice, own
//! carrier), the printable label, the seller's shipments with their SLA standing, and the carriers' scorecards.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::commerce::OrderDetail;
use shared::ids::OrderId;
use shared::logistics::{BreachKind, CarrierProposal};

use crate::api::commerce::{
    carrier_proposals, carrier_scorecards, seller_shipments, seller_sla, ship_order, shipping_label,
};
use crate::i18n::Messages;
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::time::utc_date;

/// "21 Nov 2026" in the UI language.
fn day(t: &Messages, unix_ms: i64) -> String {
    let (year, month, day) = utc_date(unix_ms);
    (t.shop.date)(year, month, day)
}

/// "Arrives 28 Nov – 1 Dec": a delivery option's window of days as dates from today.
pub fn arrival_dates(t: &Messages, days_min: u16, days_max: u16) -> String {
    let today = crate::browser::now_ms();
    let short = |days: u16| {
        let (_, month, day) = utc_date(today + i64::from(days) * shared::order::DAY_MS);
        (t.logistics.short_date)(month, day)
    };
    (t.logistics.arrives_dates)(&short(days_min.min(days_max)), &short(days_max))
}

/// When the order should arrive, and whether that promise is broken; for the seller, the handling deadline.
#[component]
pub fn DeliveryPromise(detail: OrderDetail) -> impl IntoView {
    let t = use_messages();
    // Once delivered, the promise gives way to the day it was kept (or not).
    let delivered = detail.delivered_at_ms;
    let window = detail.arrives_from_ms.zip(detail.arrives_by_ms).filter(|_| delivered.is_none());
    let late = detail.late;
    let ship_by = detail.ship_by_ms.filter(|_| detail.can_ship);
    view! {
        <div class="promise" data-testid="delivery-promise">
            {window.map(|(from, to)| view! {
                <p class="promise__window">
                    {move || (t.get().logistics.arrives_between)(&day(t.get(), from), &day(t.get(), to))}
                    {late.then(|| view! { " " <span class="badge badge--late" data-testid="late">{move || t.get().logistics.late}</span> })}
                </p>
            })}
            {delivered.map(|at| view! {
                <p class="promise__window" data-testid="delivered-on">{move || (t.get().logistics.delivered_on)(&day(t.get(), at))}</p>
            })}
            {late.then(|| view! { <p class="field__hint">{move || t.get().logistics.late_hint}</p> })}
            {ship_by.map(|by| view! {
                <p class="promise__ship-by" data-testid="ship-by">{move || (t.get().logistics.ship_by)(&day(t.get(), by))}</p>
            })}
        </div>
    }
}

/// The seller ships: a carrier of the network (ranked proposals, the best preselected), or their own carrier with
/// a tracking number. `shipped` runs after the order moved.
#[component]
pub fn ShipPanel(order: OrderId, shipped: Callback<()>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let proposals = LocalResource::new(move || carrier_proposals(order));
    let chosen = RwSignal::new(None::<String>);
    let tracking = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let send = move |carrier: Option<String>| {
        busy.set(true);
        problem.set(None);
        let number = if carrier.is_some() { String::new() } else { tracking.get_untracked() };
        leptos::task::spawn_local(async move {
            let result = ship_order(order, number, carrier).await;
            busy.set(false);
            match result {
                Ok(_) => shipped.run(()),
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let option = move |proposal: CarrierProposal| {
        let code = proposal.carrier_code.clone();
        let id = format!("carrier-{code}");
        let checked = {
            let code = code.clone();
            move || chosen.get().as_deref() == Some(code.as_str())
        };
        let pick = {
            let code = code.clone();
            move |_| chosen.set(Some(code.clone()))
        };
        let price = proposal.price;
        let (min, max, score) =
            (proposal.transit_min_days, proposal.transit_max_days, proposal.partner.score);
        let reasons = proposal.reasons.clone();
        view! {
            <li class="carrier-option" class:carrier-option--full=!proposal.available data-carrier=code.clone()>
                <input type="radio" name="carrier" id=id.clone() prop:checked=checked disabled=!proposal.available on:change=pick />
                <label for=id>
                    <span class="carrier-option__name">{proposal.carrier_name.clone()}</span>
                    <span class="carrier-option__price">{move || locale.get().format_money(price)}</span>
                    <span class="carrier-option__facts">
                        {move || (t.get().logistics.transit_days)(min, max)} " · " {move || (t.get().logistics.partner_score)(score)}
                    </span>
                    <span class="carrier-option__reasons">
                        {reasons
                            .iter()
                            .map(|reason| {
                                let class = format!("chip chip--{reason}");
                                let reason = reason.clone();
                                view! { <span class=class>{move || reason_name(t.get(), &reason)}</span> }
                            })
                            .collect_view()}
                    </span>
                </label>
            </li>
        }
    };
    view! {
        <section class="ship-panel" aria-labelledby="ship-heading" data-testid="ship-panel">
            <h2 id="ship-heading">{move || t.get().logistics.choose_carrier}</h2>
            <p class="field__hint">{move || t.get().logistics.choose_carrier_hint}</p>
            {move || match proposals.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p class="notice">{move || t.get().logistics.no_carriers}</p> }.into_any(),
                Some(Ok(list)) => {
                    if chosen.get_untracked().is_none() {
                        chosen.set(list.iter().find(|p| p.available).map(|p| p.carrier_code.clone()));
                    }
                    let names: Vec<(String, String)> =
                        list.iter().map(|p| (p.carrier_code.clone(), p.carrier_name.clone())).collect();
                    view! {
                        <fieldset class="carrier-options">
                            <legend class="visually-hidden">{move || t.get().logistics.choose_carrier}</legend>
                            <ul>{list.into_iter().map(option).collect_view()}</ul>
                        </fieldset>
                        <button
                            class="button"
                            data-testid="ship-with-carrier"
                            disabled=move || busy.get() || chosen.get().is_none()
                            on:click=move |_| send(chosen.get_untracked())
                        >
                            {move || {
                                let name = chosen
                                    .get()
                                    .and_then(|code| names.iter().find(|(c, _)| *c == code).map(|(_, n)| n.clone()))
                                    .unwrap_or_default();
                                (t.get().logistics.ship_with)(&name)
                            }}
                        </button>
                    }
                        .into_any()
                }
            }}
            <details class="own-carrier">
                <summary>{move || t.get().logistics.own_carrier}</summary>
                <div class="field">
                    <label for="tracking">{move || t.get().shop.tracking_number}</label>
                    <input id="tracking" autocomplete="off" prop:value=move || tracking.get() on:input=move |e| tracking.set(event_target_value(&e)) />
                </div>
                <button class="button button--secondary" data-testid="ship" disabled=move || busy.get() on:click=move |_| send(None)>
                    {move || t.get().shop.mark_shipped}
                </button>
            </details>
            <p class="field__error" role="alert">{move || problem.get()}</p>
        </section>
    }
}

fn reason_name(t: &Messages, reason: &str) -> &'static str {
    let index = match reason {
        "recommended" => 0,
        "cheapest" => 1,
        "fastest" => 2,
        "most_reliable" => 3,
        "after_cutoff" => 4,
        _ => 5,
    };
    t.logistics.reasons[index]
}

fn breach_name(t: &Messages, kind: BreachKind) -> &'static str {
    let index = BreachKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    t.logistics.breach_names[index]
}

/// The printable label of a shipped order: `/seller/orders/:id/label`.
#[component]
pub fn LabelPage() -> impl IntoView {
    let t = use_messages();
    let params = use_params_map();
    let label = LocalResource::new(move || {
        let id = params.read().get("id").and_then(|id| id.parse::<OrderId>().ok());
        async move {
            match id {
                Some(id) => shipping_label(id).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        <section class="label-page" data-testid="label-page">
            {move || match label.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Ok(None)) => view! { <p class="notice">{move || t.get().not_found_body}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(Some(label))) => {
                    let region = |code: &str| {
                        shared::regions::region(code).map(|r| r.native_name.to_string()).unwrap_or_else(|| code.to_string())
                    };
                    let level = label.service_level;
                    let items = label.item_count;
                    let to = label.to.clone();
                    view! {
                        <div class="label-actions">
                            <a class="back-link" href=format!("/orders/{}", label.order_id)>{move || t.get().shop.back_to_orders}</a>
                            <button class="button" on:click=move |_| { let _ = window().print(); }>{move || t.get().logistics.print}</button>
                        </div>
                        <article class="shipping-label" aria-label=move || t.get().logistics.label_title>
                            <header class="shipping-label__carrier">
                                <strong>{label.carrier_name.clone()}</strong>
                                <span class="shipping-label__level">
                                    {move || {
                                        let index = shared::delivery::ServiceLevel::ALL.iter().position(|l| *l == level).unwrap_or(0);
                                        t.get().search.service_levels[index]
                                    }}
                                </span>
                            </header>
                            <div class="shipping-label__barcode" aria-hidden="true">{barcode(&label.tracking_number)}</div>
                            <p class="shipping-label__number" data-testid="label-tracking">{label.tracking_number.clone()}</p>
                            <div class="shipping-label__addresses">
                                <section>
                                    <h2>{move || t.get().logistics.label_from}</h2>
                                    <p>{label.from_shop.clone()} <br /> {region(&label.from_region)}</p>
                                </section>
                                <section>
                                    <h2>{move || t.get().logistics.label_to}</h2>
                                    <address>
                                        {to.name.clone()} <br /> {to.line1.clone()} <br />
                                        {(!to.line2.is_empty()).then(|| view! { {to.line2.clone()} <br /> })}
                                        {format!("{} {}", to.postcode, to.city)} <br /> {region(&to.region)}
                                    </address>
                                </section>
                            </div>
                            <footer class="shipping-label__footer">
                                <span>{move || (t.get().logistics.label_items)(items)}</span>
                                <span>{label.order_id.to_string()}</span>
                            </footer>
                        </article>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// A barcode-looking rendering of the tracking number: bars from the characters' bits, so each number draws
/// differently. The carrier scans the number printed under it; this only has to look and print like a label.
fn barcode(text: &str) -> impl IntoView {
    let mut x = 0u32;
    let mut bars = Vec::new();
    for byte in text.bytes() {
        for bit in 0..6 {
            let wide = (byte >> bit) & 1 == 1;
            let width = if wide { 3 } else { 1 };
            bars.push((x, width));
            x += width + 2;
        }
    }
    let width = x.max(1);
    view! {
        <svg viewBox=format!("0 0 {width} 40") preserveAspectRatio="none" role="presentation" focusable="false">
            {bars.into_iter().map(|(x, w)| view! { <rect x=x y="0" width=w height="40" /> }).collect_view()}
        </svg>
    }
}

/// The seller's shipments with their SLA standing.
#[component]
pub fn ShipmentsPanel() -> impl IntoView {
    let t = use_messages();
    let page = RwSignal::new(1u32);
    let shipments = LocalResource::new(move || seller_shipments(page.get()));
    let report = LocalResource::new(seller_sla);
    view! {
        <section class="panel" aria-labelledby="shipments-heading" data-testid="shipments-panel">
            <h2 id="shipments-heading">{move || t.get().logistics.shipments_title}</h2>
            {move || report.get().and_then(Result::ok).map(|report| {
                let rules = report.rules;
                let (late, unscanned) = (report.late_shipments_30d, report.missing_scans_30d);
                let counts_class = if late + unscanned > 0 { "sla-box__counts sla-box__counts--bad" } else { "sla-box__counts" };
                view! {
                    <div class="sla-box" data-testid="sla-report">
                        <h3>{move || t.get().logistics.sla_title}</h3>
                        <p>{move || (t.get().logistics.sla_rules)(rules.handling_business_days, rules.first_scan_hours)}</p>
                        <p class=counts_class>{move || (t.get().logistics.sla_counts)(late, unscanned)}</p>
                    </div>
                }
            })}
            {move || match shipments.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.items.is_empty() => view! { <p>{move || t.get().logistics.no_shipments}</p> }.into_any(),
                Some(Ok(list)) => {
                    let (current, total, per_page) = (list.page, list.total, list.per_page);
                    view! {
                        <div class="table-scroll">
                            <table class="table" data-testid="shipments">
                                <thead>
                                    <tr>{move || t.get().logistics.shipments_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                                </thead>
                                <tbody>
                                    {list.items.into_iter().map(|shipment| {
                                        let status = shipment.status;
                                        let breaches = shipment.breaches.clone();
                                        let deliver_by = shipment.deliver_by_ms;
                                        let order = shipment.order_id;
                                        view! {
                                            <tr data-status=status.as_str()>
                                                <td><a href=format!("/orders/{order}")>{short_id(&order.to_string())}</a></td>
                                                <td>{shipment.carrier_name.clone()}</td>
                                                <td><a href=format!("/seller/orders/{order}/label")><code>{shipment.tracking_number.clone()}</code></a></td>
                                                <td>{move || crate::ui::pages::orders::tracking_name(t.get(), status)}</td>
                                                <td>{move || deliver_by.map(|by| day(t.get(), by)).unwrap_or_else(|| "—".into())}</td>
                                                <td>
                                                    {breaches.into_iter().map(|kind| view! {
                                                        <span class="chip chip--breach" data-breach=kind.as_str()>{move || breach_name(t.get(), kind)}</span>
                                                    }).collect_view()}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(total > u64::from(per_page)).then(|| {
                            let pages = total.div_ceil(u64::from(per_page.max(1)));
                            view! {
                                <nav class="pagination" aria-label=move || t.get().pagination_label>
                                    <button class="button button--secondary" disabled=current <= 1 on:click=move |_| page.set(current - 1)>
                                        {move || t.get().previous_page}
                                    </button>
                                    <span>{move || (t.get().page_status)(current, pages)}</span>
                                    <button class="button button--secondary" disabled=u64::from(current) >= pages on:click=move |_| page.set(current + 1)>
                                        {move || t.get().next_page}
                                    </button>
                                </nav>
                            }
                        })}
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The carriers of the network with their partner scores: for operators (and any seller comparing them).
#[component]
pub fn CarriersPanel() -> impl IntoView {
    let t = use_messages();
    let cards = LocalResource::new(carrier_scorecards);
    let percent = |bps: u32| format!("{}.{} %", bps / 100, (bps % 100) / 10);
    view! {
        <section class="panel" aria-labelledby="carriers-heading" data-testid="carriers-panel">
            <h2 id="carriers-heading">{move || t.get().logistics.carriers_title}</h2>
            <div class="table-scroll">
                <table class="table" data-testid="carriers">
                    <thead>
                        <tr>{move || t.get().logistics.carriers_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || cards.get().and_then(Result::ok).map(|cards| cards.into_iter().map(|card| {
                            let provisional = card.partner.provisional;
                            view! {
                                <tr data-carrier=card.code.clone()>
                                    <th scope="row">{card.name.clone()}</th>
                                    <td>
                                        <span class="score">{card.partner.score}</span>
                                        {provisional.then(|| view! { " " <span class="chip">{move || t.get().logistics.provisional}</span> })}
                                    </td>
                                    <td>{percent(card.partner.on_time_bps)}</td>
                                    <td>{percent(card.partner.exception_bps)}</td>
                                    <td>{percent(card.partner.scan_completeness_bps)}</td>
                                    <td data-testid="carrier-breaches">{card.breaches_30d}</td>
                                    <td>{format!("{} / {}", card.booked_today, card.daily_capacity)}</td>
                                </tr>
                            }
                        }).collect_view())}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

/// The last eight characters of an id: its random part (a UUIDv7 starts with the time, so orders placed close
/// together share their first characters).
fn short_id(id: &str) -> String {
    let start = id.len().saturating_sub(8);
    format!("…{}", &id[start..])
}
