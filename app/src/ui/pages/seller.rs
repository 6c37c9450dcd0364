use leptos::prelude::*;
use shared::auth::Role;

use crate::api::commerce::{list_orders, request_payout, seller_balances};
use crate::state::locale::{use_locale, use_messages};
use crate::state::session::use_session;
use crate::ui::components::console::{ConsoleFrame, RequireRole};
use crate::ui::components::tokens::TokensPanel;
use crate::ui::pages::performance::PerformancePanel;
use crate::ui::pages::shipping::ShipmentsPanel;
use crate::ui::pages::statement::StatementPanel;

/// The seller console: for seller accounts only.
#[component]
pub fn SellerConsole() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    view! {
        <RequireRole role=Role::Seller notice="seller_only" path="/seller">
            <ConsoleFrame
                test_id="seller-console"
                title=Signal::derive(move || t.get().seller_title)
                intro=Signal::derive(move || t.get().seller_intro)
                sections=Signal::derive(move || &t.get().console_sections[..])
                links=crate::ui::components::console::SELLER_SECTION_LINKS
            >
                <section class="panel">
                    <h2>{move || t.get().account.your_shop}</h2>
                    <p class="shop-name" data-testid="shop-name">
                        {move || session.me.get().and_then(|me| me.shop).map(|shop| shop.name)}
                    </p>
                </section>
                <crate::ui::pages::onboarding::ShopOnboarding />
                <MoneyPanel />
                <StatementPanel />
                <OrdersToShip />
                <PerformancePanel />
                <ShipmentsPanel />
                <TokensPanel role=Role::Seller />
            </ConsoleFrame>
        </RequireRole>
    }
}

/// Held, available and paid-out money per currency, with a payout of everything available.
#[component]
fn MoneyPanel() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let version = RwSignal::new(0u32);
    let balances = LocalResource::new(move || {
        let _ = version.get();
        async move { seller_balances().await }
    });
    let notice = RwSignal::new(None::<String>);
    let pay_out = move |amount: shared::money::Money| {
        leptos::task::spawn_local(async move {
            match request_payout(amount).await {
                Ok(payout) => {
                    let text = (t.get_untracked().shop.payout_done)(
                        &locale.get_untracked().format_money(payout.amount),
                    );
                    notice.set(Some(text));
                    version.update(|v| *v += 1);
                }
                Err(error) => notice.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <section class="panel money-panel" aria-labelledby="money-heading" data-testid="money-panel">
            <h2 id="money-heading">{move || t.get().shop.money_title}</h2>
            {move || match balances.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(balances)) => balances
                    .into_iter()
                    .map(|balance| {
                        let format = move |money| locale.get().format_money(money);
                        let available = balance.available;
                        let can_pay_out = available.amount_minor >= balance.payout_minimum.amount_minor;
                        let minimum = balance.payout_minimum;
                        view! {
                            <dl class="balances" data-currency=balance.held.currency.code()>
                                <div class="balance">
                                    <dt>{move || t.get().shop.held}</dt>
                                    <dd data-testid="balance-held">{move || format(balance.held)}</dd>
                                </div>
                                <div class="balance balance--available">
                                    <dt>{move || t.get().shop.available}</dt>
                                    <dd data-testid="balance-available">{move || format(available)}</dd>
                                </div>
                                <div class="balance">
                                    <dt>{move || t.get().shop.paid_out}</dt>
                                    <dd data-testid="balance-paid-out">{move || format(balance.paid_out)}</dd>
                                </div>
                                <div class="balance">
                                    <dt>{move || t.get().shop.commission}</dt>
                                    <dd>{move || format(balance.commission)}</dd>
                                </div>
                            </dl>
                            <p class="field__hint">{move || t.get().shop.held_hint}</p>
                            {if can_pay_out {
                                view! {
                                    <button class="button" data-testid="pay-out" on:click=move |_| pay_out(available)>
                                        {move || (t.get().shop.pay_out)(&format(available))}
                                    </button>
                                }
                                    .into_any()
                            } else {
                                view! { <p class="field__hint">{move || (t.get().shop.payout_minimum)(&format(minimum))}</p> }.into_any()
                            }}
                        }
                    })
                    .collect_view()
                    .into_any(),
            }}
            <p role="status" aria-live="polite">{move || notice.get()}</p>
        </section>
    }
}

/// Paid orders waiting for the seller to ship them.
#[component]
fn OrdersToShip() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let orders = LocalResource::new(move || {
        list_orders(Some(shared::order::OrderState::Paid), Some(shared::commerce::OrderSort::ShipBy), Some(1))
    });
    view! {
        <section class="panel" aria-labelledby="to-ship-heading" data-testid="orders-to-ship">
            <h2 id="to-ship-heading">{move || t.get().shop.orders_to_ship}</h2>
            {move || match orders.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(page)) if page.items.is_empty() => view! { <p>{move || t.get().shop.nothing_to_ship}</p> }.into_any(),
                Some(Ok(page)) => view! {
                    <ul class="order-list">
                        {page.items.into_iter().map(|order| view! {
                            <li class="order-row">
                                <a class="order-row__link" href=format!("/orders/{}", order.id)>
                                    <span class="order-row__headline">{order.headline.clone()}</span>
                                </a>
                                <span class="order-row__total">{move || locale.get().format_money(order.total)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}
