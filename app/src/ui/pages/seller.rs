use leptos::prelude::*;
use shared::auth::Role;

use crate::state::locale::use_messages;
use crate::state::session::use_session;
use crate::ui::components::console::{ConsoleFrame, RequireRole};
use crate::ui::components::tokens::TokensPanel;

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
                sections=Signal::derive(move || t.get().console_sections)
            >
                <section class="panel">
                    <h2>{move || t.get().account.your_shop}</h2>
                    <p class="shop-name" data-testid="shop-name">
                        {move || session.me.get().and_then(|me| me.shop).map(|shop| shop.name)}
                    </p>
                </section>
                <TokensPanel role=Role::Seller />
            </ConsoleFrame>
        </RequireRole>
    }
}
