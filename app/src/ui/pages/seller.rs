use leptos::prelude::*;

use crate::state::locale::use_messages;
use crate::ui::components::console::ConsoleFrame;

/// The seller console's home. Sign-in and the shop's own data arrive with accounts.
#[component]
pub fn SellerConsole() -> impl IntoView {
    let t = use_messages();
    view! {
        <ConsoleFrame
            test_id="seller-console"
            title=Signal::derive(move || t.get().seller_title)
            intro=Signal::derive(move || t.get().seller_intro)
            sections=Signal::derive(move || t.get().console_sections)
        />
    }
}
