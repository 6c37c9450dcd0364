use leptos::prelude::*;

use crate::state::locale::use_messages;
use crate::ui::components::console::ConsoleFrame;

/// The operator console's home.
#[component]
pub fn AdminConsole() -> impl IntoView {
    let t = use_messages();
    view! {
        <ConsoleFrame
            test_id="admin-console"
            title=Signal::derive(move || t.get().admin_title)
            intro=Signal::derive(move || t.get().admin_intro)
            sections=Signal::derive(move || t.get().admin_sections)
        />
    }
}
