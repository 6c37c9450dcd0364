use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::locale::use_messages;

/// Shown for any path the router does not know.
#[component]
pub fn NotFound() -> impl IntoView {
    let t = use_messages();
    view! {
        <section class="empty-state" data-testid="not-found">
            <p class="empty-state__code" aria-hidden="true">"404"</p>
            <h1>{move || t.get().not_found_title}</h1>
            <p>{move || t.get().not_found_body}</p>
            <A href="/" attr:class="button">{move || t.get().back_to_shop}</A>
        </section>
    }
}
