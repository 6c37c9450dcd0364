use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::locale::use_messages;

/// Previous / next links with "page N of M"; links rather than buttons, so each page has a URL to share.
#[component]
pub fn Pagination(current: u32, pages: u64, href: Callback<u32, String>) -> impl IntoView {
    let t = use_messages();
    let has_previous = current > 1;
    let has_next = u64::from(current) < pages;
    // The caller's link keeps the search and its filters on every page.
    let href = move |page: u32| href.run(page);
    view! {
        <nav class="pagination" aria-label=move || t.get().pagination_label>
            {has_previous
                .then(|| {
                    view! {
                        <A href=href(current - 1) attr:class="button button--secondary" attr:rel="prev">
                            {move || t.get().previous_page}
                        </A>
                    }
                })}
            <span class="pagination__status" aria-current="page">
                {move || (t.get().page_status)(current, pages)}
            </span>
            {has_next
                .then(|| {
                    view! {
                        <A href=href(current + 1) attr:class="button button--secondary" attr:rel="next">
                            {move || t.get().next_page}
                        </A>
                    }
                })}
        </nav>
    }
}
