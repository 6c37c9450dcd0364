//! Checkout: address, a delivery option per shop, the price breakdown, and the card.
//!
//! The card goes to the payment provider, never to Bazaar; Bazaar gets a token. Each attempt has one
//! idempotency key, kept in `sessionStorage` until the attempt has a definite answer, so a retry after a dropped
//! connection — or a reload — can never create a second order or a second charge.

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::commerce::{CheckoutRequest, CheckoutResult, PaymentState, PaymentView, ShippingAddress};
use shared::regions::REGIONS;

use crate::api::AppError;
use crate::api::commerce::{cart, checkout, refresh_checkout};
use crate::browser::{
    CardDetails, answer_challenge, attempt_key, forget_attempt_key, sleep_ms, tokenize_card,
};
use crate::state::cart::{is_shopper, use_cart};
use crate::state::locale::{use_locale, use_messages};
use crate::state::region::use_region;
use crate::state::session::use_session;
use crate::ui::components::form::TextField;
use crate::ui::pages::cart::{DeliveryPicker, OrderBreakdown, Totals};

/// Tries for a definite answer before telling the shopper to check their orders.
const SUBMIT_ATTEMPTS: u32 = 6;

/// Where the payment stands on this page.
#[derive(Debug, Clone, PartialEq)]
enum Stage {
    Editing,
    Paying,
    /// The connection dropped; the same attempt is being sent again.
    Retrying,
    /// The answer is not definite yet (the provider is slow); polling.
    Confirming,
    /// The card's bank wants the shopper to confirm.
    Challenge {
        group: shared::ids::OrderGroupId,
        payment: PaymentView,
    },
}

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    view! {
        <section class="checkout-page" data-testid="checkout-page">
            <h1>{move || t.get().shop.checkout_title}</h1>
            {move || {
                if !session.loaded.get() {
                    view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any()
                } else if is_shopper(&session) {
                    view! { <CheckoutForm /> }.into_any()
                } else {
                    view! {
                        <div class="notice notice--warning">
                            <p>{move || t.get().shop.sign_in_to_buy}</p>
                            <a class="button" href="/signin?next=/checkout">{move || t.get().account.sign_in}</a>
                        </div>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// The message for `field` among the form's problems.
fn problem_of(errors: RwSignal<Vec<(String, String)>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|all| all.iter().find(|(f, _)| f == field).map(|(_, message)| message.clone()))
    })
}

#[component]
fn CheckoutForm() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let state = use_cart();
    let navigate = use_navigate();
    let me = use_session().me;
    let name = RwSignal::new(me.get_untracked().map(|me| me.display_name).unwrap_or_default());
    let (line1, line2, city, postcode) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let region = RwSignal::new(use_region().get_untracked());
    let (card_number, expiry, cvc) =
        (RwSignal::new(String::new()), RwSignal::new(String::new()), RwSignal::new(String::new()));
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let message = RwSignal::new(None::<String>);
    let stage = RwSignal::new(Stage::Editing);

    let loaded = LocalResource::new(move || {
        let (region, _) = (region.get(), state.version.get());
        async move { cart(Some(region)).await }
    });
    let cart_view = Memo::new(move |_| loaded.get().and_then(Result::ok));
    let quote = Memo::new(move |_| cart_view.get().and_then(|view| view.quote(&state.delivery.get()).ok()));

    let finish: Finish = StoredValue::new_local(Box::new(move |result: CheckoutResult| {
        let navigate = navigate.clone();
        let group = result.group_id;
        if let Some(payment) = result.payments.iter().find(|p| p.state == PaymentState::RequiresChallenge) {
            stage.set(Stage::Challenge { group, payment: payment.clone() });
            return false;
        }
        if result.payments.iter().any(|p| p.state == PaymentState::Pending) {
            stage.set(Stage::Confirming);
            return false;
        }
        forget_attempt_key();
        leptos::task::spawn_local(async move { state.changed().await });
        if result.payments.iter().any(|p| p.state == PaymentState::Succeeded) {
            navigate(&format!("/orders?placed={group}"), Default::default());
        } else {
            let code = result.payments.iter().find_map(|p| p.failure_code.clone()).unwrap_or_default();
            message.set(Some((t.get_untracked().shop.decline_message)(&code).to_string()));
            stage.set(Stage::Editing);
        }
        true
    }));

    // Polls a checkout whose answer is not definite yet.
    let poll = move |group: shared::ids::OrderGroupId| {
        leptos::task::spawn_local(async move {
            for _ in 0..30 {
                sleep_ms(2_000).await;
                if let Ok(result) = refresh_checkout(group).await
                    && finish.with_value(|finish| finish(result))
                {
                    return;
                }
                if !matches!(stage.get_untracked(), Stage::Confirming) {
                    return;
                }
            }
        });
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if matches!(stage.get_untracked(), Stage::Paying | Stage::Retrying | Stage::Confirming) {
            return;
        }
        message.set(None);
        let required = t.get_untracked().shop.required.to_string();
        let mut problems = Vec::new();
        for (field, value) in [
            ("address.name", name),
            ("address.line1", line1),
            ("address.city", city),
            ("address.postcode", postcode),
            ("number", card_number),
            ("expiry", expiry),
            ("cvc", cvc),
        ] {
            if value.get_untracked().trim().is_empty() {
                problems.push((field.to_string(), required.clone()));
            }
        }
        let expiry_parts = parse_expiry(&expiry.get_untracked());
        if expiry_parts.is_none() && !expiry.get_untracked().trim().is_empty() {
            problems.push(("expiry".into(), (t.get_untracked().shop.card_problem)("invalid_expiry").into()));
        }
        let Some(totals) = quote.get_untracked().map(|quote| quote.totals) else {
            // Nothing to pay for (an empty cart, or it did not load): say so instead of doing nothing.
            message.set(Some(t.get_untracked().shop.cart_empty.to_string()));
            return;
        };
        errors.set(problems.clone());
        if !problems.is_empty() {
            return;
        }
        let Some((exp_month, exp_year)) = expiry_parts else { return };
        let address = ShippingAddress {
            name: name.get_untracked(),
            line1: line1.get_untracked(),
            line2: line2.get_untracked(),
            city: city.get_untracked(),
            postcode: postcode.get_untracked(),
            region: region.get_untracked(),
        };
        let card = CardDetails {
            number: card_number.get_untracked(),
            exp_month,
            exp_year,
            cvc: cvc.get_untracked(),
        };
        stage.set(Stage::Paying);
        leptos::task::spawn_local(async move {
            let texts = t.get_untracked();
            let token = match tokenize_card(&card).await {
                Ok(token) => token,
                // No answer from the provider: nothing was sent to Bazaar, so nothing can have been charged.
                Err(error) if error.error.code == "network" => {
                    message.set(Some(texts.shop.connection_lost.to_string()));
                    stage.set(Stage::Editing);
                    return;
                }
                Err(error) => {
                    let field = match error.error.field.as_deref() {
                        Some("exp_month" | "exp_year") => "expiry",
                        Some("cvc") => "cvc",
                        _ => "number",
                    };
                    errors.set(vec![(
                        field.to_string(),
                        (texts.shop.card_problem)(&error.error.code).to_string(),
                    )]);
                    stage.set(Stage::Editing);
                    return;
                }
            };
            let request = CheckoutRequest {
                address,
                delivery: state.delivery.get_untracked(),
                card_token: token.token,
                expected_totals: totals,
            };
            let key = attempt_key();
            for attempt in 1..=SUBMIT_ATTEMPTS {
                match checkout(key.clone(), request.clone()).await {
                    Ok(result) => {
                        let group = result.group_id;
                        if !finish.with_value(|finish| finish(result))
                            && stage.get_untracked() == Stage::Confirming
                        {
                            poll(group);
                        }
                        return;
                    }
                    // No answer, or the first send is still running: the same key again, a little later.
                    Err(error)
                        if matches!(error.error.code.as_str(), "network" | "idempotency_key_in_use") =>
                    {
                        stage.set(Stage::Retrying);
                        sleep_ms(700 * attempt as i32).await;
                    }
                    Err(error) => {
                        show_refusal(&error, texts, errors, message);
                        if error.error.code == "price_changed" {
                            loaded.refetch();
                        }
                        stage.set(Stage::Editing);
                        return;
                    }
                }
            }
            message.set(Some(texts.shop.retrying.to_string()));
            stage.set(Stage::Editing);
        });
    };

    let busy = move || matches!(stage.get(), Stage::Paying | Stage::Retrying | Stage::Confirming);
    view! {
        <form class="checkout-layout" on:submit=submit novalidate=true>
            <div class="checkout-main">
                <fieldset class="box">
                    <legend>{move || t.get().shop.address}</legend>
                    <TextField id="ship-name" label=Signal::derive(move || t.get().shop.full_name) value=name error=problem_of(errors, "address.name") autocomplete="name" />
                    <TextField id="ship-line1" label=Signal::derive(move || t.get().shop.address_line1) value=line1 error=problem_of(errors, "address.line1") autocomplete="address-line1" />
                    <TextField id="ship-line2" label=Signal::derive(move || t.get().shop.address_line2) value=line2 error=problem_of(errors, "address.line2") autocomplete="address-line2" />
                    <div class="field-row">
                        <TextField id="ship-city" label=Signal::derive(move || t.get().shop.city) value=city error=problem_of(errors, "address.city") autocomplete="address-level2" />
                        <TextField id="ship-postcode" label=Signal::derive(move || t.get().shop.postcode) value=postcode error=problem_of(errors, "address.postcode") autocomplete="postal-code" />
                    </div>
                    <div class="field">
                        <label for="ship-region">{move || t.get().shop.region}</label>
                        <select id="ship-region" on:change=move |event| region.set(event_target_value(&event))>
                            {REGIONS
                                .iter()
                                .map(|r| view! { <option value=r.code selected=move || region.get() == r.code>{r.native_name}</option> })
                                .collect_view()}
                        </select>
                    </div>
                </fieldset>
                {move || {
                    cart_view
                        .get()
                        .map(|view| {
                            view.sellers
                                .into_iter()
                                .enumerate()
                                .map(|(index, seller)| {
                                    let order = Signal::derive(move || quote.get().and_then(|q| q.orders.get(index).cloned()));
                                    let name = seller.seller.name.clone();
                                    view! {
                                        <section class="box shop-group" data-testid="checkout-shop">
                                            <h2 class="shop-group__name">{move || (t.get().shop.sold_by)(&name)}</h2>
                                            <ul class="checkout-lines">
                                                {seller
                                                    .lines
                                                    .iter()
                                                    .map(|line| view! { <li>{format!("{} × {}", line.quantity, line.title)}</li> })
                                                    .collect_view()}
                                            </ul>
                                            <DeliveryPicker seller_id=seller.seller.id options=seller.delivery_options.clone() />
                                            <OrderBreakdown order />
                                        </section>
                                    }
                                })
                                .collect_view()
                        })
                }}
                <fieldset class="box card-form">
                    <legend>{move || t.get().shop.payment}</legend>
                    <TextField id="card-number" label=Signal::derive(move || t.get().shop.card_number) value=card_number error=problem_of(errors, "number") autocomplete="cc-number" inputmode="numeric" />
                    <div class="field-row">
                        <TextField id="card-expiry" label=Signal::derive(move || t.get().shop.card_expiry) value=expiry error=problem_of(errors, "expiry") autocomplete="cc-exp" inputmode="numeric" />
                        <TextField id="card-cvc" label=Signal::derive(move || t.get().shop.card_cvc) value=cvc error=problem_of(errors, "cvc") autocomplete="cc-csc" inputmode="numeric" />
                    </div>
                    <details class="test-cards">
                        <summary>{move || t.get().shop.test_cards_title}</summary>
                        <ul>{move || t.get().shop.test_cards.iter().map(|line| view! { <li>{*line}</li> }).collect_view()}</ul>
                    </details>
                </fieldset>
            </div>
            <aside class="cart-summary box" aria-labelledby="checkout-total-heading">
                <h2 id="checkout-total-heading">{move || t.get().shop.to_pay}</h2>
                <Totals quote=Signal::derive(move || quote.get()) />
                <p class="cart-summary__note">{move || t.get().shop.escrow_note}</p>
                <div role="status" aria-live="polite" class="checkout-status">
                    {move || match stage.get() {
                        Stage::Retrying => Some(view! { <p class="notice notice--warning">{move || t.get().shop.retrying}</p> }.into_any()),
                        Stage::Confirming => Some(view! { <p class="notice">{move || t.get().shop.confirming_payment}</p> }.into_any()),
                        _ => None,
                    }}
                </div>
                {move || message.get().map(|text| view! { <p class="notice notice--error" role="alert" data-testid="checkout-error">{text}</p> })}
                <button class="button button--wide" type="submit" disabled=busy data-testid="pay">
                    {move || {
                        if busy() {
                            t.get().shop.paying.to_string()
                        } else {
                            let total = quote.get().map(|q| q.totals.iter().map(|m| locale.get().format_money(*m)).collect::<Vec<_>>().join(" + "));
                            (t.get().shop.pay)(&total.unwrap_or_default())
                        }
                    }}
                </button>
            </aside>
            {move || match stage.get() {
                Stage::Challenge { group, payment } => Some(view! { <ChallengeDialog group payment stage finish /> }),
                _ => None,
            }}
        </form>
    }
}

/// Takes a checkout's answer: true when it is definite (done, or failed with a message).
type Finish = StoredValue<Box<dyn Fn(CheckoutResult) -> bool>, LocalStorage>;

/// The "bank" asks the shopper to confirm (the test provider's 3-D Secure-like step).
#[component]
fn ChallengeDialog(
    group: shared::ids::OrderGroupId,
    payment: PaymentView,
    stage: RwSignal<Stage>,
    finish: Finish,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let amount = payment.amount;
    let challenge = payment.challenge_id.clone().unwrap_or_default();
    let answer = move |approve: bool| {
        let challenge = challenge.clone();
        leptos::task::spawn_local(async move {
            let _ = answer_challenge(&challenge, approve).await;
            stage.set(Stage::Confirming);
            if let Ok(result) = refresh_checkout(group).await {
                finish.with_value(|finish| finish(result));
            }
        });
    };
    let approve = answer.clone();
    view! {
        <div class="dialog-backdrop">
            <div class="dialog box" role="dialog" aria-modal="true" aria-labelledby="challenge-title" data-testid="challenge">
                <h2 id="challenge-title">{move || t.get().shop.challenge_title}</h2>
                <p>{move || (t.get().shop.challenge_body)(&locale.get().format_money(amount))}</p>
                <div class="dialog__actions">
                    <button type="button" class="button" on:click=move |_| approve(true)>{move || t.get().shop.approve}</button>
                    <button type="button" class="button button--secondary" on:click=move |_| answer(false)>{move || t.get().shop.decline}</button>
                </div>
            </div>
        </div>
    }
}

/// Shows why the server refused: under the field it names, or as a message.
fn show_refusal(
    error: &AppError,
    texts: &'static crate::i18n::Messages,
    errors: RwSignal<Vec<(String, String)>>,
    message: RwSignal<Option<String>>,
) {
    match (error.error.code.as_str(), error.error.field.as_deref()) {
        ("price_changed", _) => {
            message.set(Some(format!("{} {}", texts.shop.price_changed, error.error.message)))
        }
        (_, Some(field)) if field.starts_with("address.") => {
            errors.set(vec![(field.to_string(), error.error.message.clone())]);
        }
        _ => message.set(Some(error.error.message.clone())),
    }
}

/// "12/29" or "12 / 2029" → (12, 2029).
fn parse_expiry(text: &str) -> Option<(u32, u32)> {
    let (month, year) = text.split_once('/')?;
    let month: u32 = month.trim().parse().ok()?;
    let year: u32 = year.trim().parse().ok()?;
    let year = if year < 100 { 2000 + year } else { year };
    (1..=12).contains(&month).then_some((month, year))
}

#[cfg(test)]
mod tests {
    use super::parse_expiry;

    #[test]
    fn expiry_reads_two_and_four_digit_years() {
        assert_eq!(parse_expiry("12/29"), Some((12, 2029)));
        assert_eq!(parse_expiry(" 3 / 2031 "), Some((3, 2031)));
        assert_eq!(parse_expiry("13/29"), None);
        assert_eq!(parse_expiry("1229"), None);
    }
}
