//! The page shell every route shares: header with navigation and language switcher, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use leptos_router::hooks::use_navigate;

use crate::api::accounts::sign_out;
use crate::state::cart::{is_shopper, use_cart};
use crate::state::locale::use_messages;
use crate::state::session::use_session;
use crate::ui::components::connection::ConnectionStatus;
use crate::ui::components::language_switcher::LanguageSwitcher;
use crate::ui::components::region_picker::RegionPicker;
use crate::ui::components::search_box::SearchBox;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let t = use_messages();
    view! {
        <a class="skip-link" href="#main">{move || t.get().skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"B"</span>
                    <span class="brand__text">
                        <span class="brand__name">"Bazaar"</span>
                        <span class="brand__tagline">{move || t.get().brand_tagline}</span>
                    </span>
                </A>
                <nav class="site-nav" aria-label=move || t.get().main_navigation>
                    <A href="/" exact=true>{move || t.get().nav_shop}</A>
                    <A href="/seller">{move || t.get().nav_seller}</A>
                    <A href="/admin">{move || t.get().nav_admin}</A>
                </nav>
                <SearchBox />
                <div class="site-header__tools">
                    <CartLink />
                    <RegionPicker />
                    <LanguageSwitcher />
                    <AccountMenu />
                </div>
            </div>
        </header>
        <ConnectionStatus />
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{move || t.get().footer_note}</p>
        </footer>
        // The installable app: service worker registration and the "new version" prompt (crate::pwa).
        <crate::pwa::UpdatePrompt />
    }
}

/// The cart with its item count, and "My orders" for signed-in shoppers.
#[component]
fn CartLink() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let cart = use_cart();
    // Sellers, operators and partners do not buy with their accounts, so they get no cart.
    let buys = move || session.me.get().is_none() || is_shopper(&session);
    view! {
        {move || is_shopper(&session).then(|| view! { <A href="/orders" attr:class="header-link">{move || t.get().shop.orders_title}</A> })}
        <Show when=buys>
        <A href="/cart" attr:class="cart-link" attr:data-testid="cart-link" attr:aria-label=move || (t.get().shop.cart_items)(cart.count(&session))>
            <svg class="cart-link__icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true">
                <path d="M3 4h2l2.4 10.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 1.9-1.4L21 8H6.2" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" />
                <circle cx="10" cy="20" r="1.5" fill="currentColor" />
                <circle cx="17" cy="20" r="1.5" fill="currentColor" />
            </svg>
            <span class="cart-link__label">{move || t.get().shop.cart}</span>
            <span class="cart-link__count" data-testid="cart-count">{move || cart.count(&session)}</span>
        </A>
        </Show>
    }
}

/// Sign-in and sign-up links, or the account's name and a sign-out button.
#[component]
fn AccountMenu() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let navigate = use_navigate();
    let leave = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // Signed out locally even if the call fails; the cookie is HttpOnly and the server ends the session.
            let _ = sign_out().await;
            session.me.set(None);
            navigate("/", Default::default());
        });
    };
    view! {
        <div class="account-menu" data-testid="account-menu">
            {move || match session.me.get() {
                Some(me) => {
                    view! {
                        <span class="account-menu__name" title=(t.get().account.signed_in_as)(&me.display_name)>
                            {me.display_name.clone()}
                        </span>
                        <button class="button button--secondary button--small" on:click=leave.clone()>
                            {move || t.get().account.sign_out}
                        </button>
                    }
                        .into_any()
                }
                None => {
                    view! {
                        <A href="/signin" attr:class="button button--secondary button--small">
                            {move || t.get().account.sign_in}
                        </A>
                        <A href="/signup" attr:class="button button--small">
                            {move || t.get().account.sign_up}
                        </A>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}
