//! The UI: the router, the page shell, pages and components.

pub mod components;
pub mod layout;
pub mod pages;
pub mod url;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::state::cart::provide_cart;
use crate::state::locale::provide_locale;
use crate::state::region::provide_region;
use crate::state::session::provide_session;

/// The whole single-page app: storefront at `/`, seller console at `/seller`, operator console at `/admin`.
#[component]
pub fn App() -> impl IntoView {
    let locale = provide_locale();
    provide_region(locale.0.get_untracked());
    provide_session();
    provide_cart();
    view! {
        <Router>
            <layout::Shell>
                <Routes fallback=pages::not_found::NotFound>
                    <Route path=path!("/") view=pages::storefront::Home />
                    <Route path=path!("/products/:id") view=pages::product::ProductPage />
                    <Route path=path!("/cart") view=pages::cart::CartPage />
                    <Route path=path!("/checkout") view=pages::checkout::CheckoutPage />
                    <Route path=path!("/orders") view=pages::orders::OrdersPage />
                    <Route path=path!("/orders/:id") view=pages::orders::OrderPage />
                    <Route path=path!("/signin") view=pages::account::SignIn />
                    <Route path=path!("/signup") view=pages::account::SignUp />
                    <Route path=path!("/seller") view=pages::seller::SellerConsole />
                    <Route path=path!("/seller/orders/:id/label") view=pages::shipping::LabelPage />
                    <Route path=path!("/seller/orders") view=pages::seller_orders::SellerOrdersPage />
                    <Route path=path!("/seller/orders/:id/packing-slip") view=pages::seller_orders::PackingSlipPage />
                    <Route path=path!("/seller/analytics") view=pages::analytics::AnalyticsPage />
                    <Route path=path!("/seller/listings") view=pages::listings::ListingsPage />
                    <Route path=path!("/seller/listings/new") view=pages::listings::ListingEditorPage />
                    <Route path=path!("/seller/listings/import") view=pages::imports::ImportPage />
                    <Route path=path!("/seller/listings/:id") view=pages::listings::ListingEditorPage />
                    <Route path=path!("/admin") view=pages::admin::AdminConsole />
                </Routes>
            </layout::Shell>
        </Router>
    }
}
