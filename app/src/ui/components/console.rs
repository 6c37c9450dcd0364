use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use shared::auth::Role;

use crate::state::locale::use_messages;
use crate::state::session::use_session;

/// The frame of the seller and operator consoles: a section list beside the working area.
#[component]
pub fn ConsoleFrame(
    test_id: &'static str,
    title: Signal<&'static str>,
    intro: Signal<&'static str>,
    sections: Signal<&'static [&'static str]>,
    /// Where each section lives (as many as `sections`); without them the sections are labels, the first one
    /// current.
    #[prop(optional)]
    links: Option<&'static [&'static str]>,
    children: Children,
) -> impl IntoView {
    let location = use_location();
    // The section whose link is the longest prefix of the current path ("/seller/listings/…" is Listings).
    let current = Memo::new(move |_| {
        let path = location.pathname.get();
        links
            .and_then(|links| {
                links
                    .iter()
                    .enumerate()
                    .filter(|(_, link)| {
                        !link.contains('#') && (path == **link || path.starts_with(&format!("{link}/")))
                    })
                    .max_by_key(|(_, link)| link.len())
                    .map(|(index, _)| index)
            })
            .unwrap_or(0)
    });
    view! {
        <div class="console" data-testid=test_id>
            <nav class="console__nav" aria-label=move || sections.get()[0]>
                <ul>
                    {move || {
                        sections
                            .get()
                            .iter()
                            .copied()
                            .enumerate()
                            .map(|(index, name)| {
                                let is_current = move || current.get() == index;
                                let class = move || if is_current() { "console__section is-current" } else { "console__section" };
                                match links.and_then(|links| links.get(index).copied()) {
                                    Some(link) => view! {
                                        <li class=class>
                                            <a href=link aria-current=move || is_current().then_some("page")>{name}</a>
                                        </li>
                                    }
                                    .into_any(),
                                    None => view! { <li class=class>{name}</li> }.into_any(),
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </nav>
            <section class="console__main">
                <h1>{move || title.get()}</h1>
                <p class="console__intro">{move || intro.get()}</p>
                {children()}
            </section>
        </div>
    }
}

/// Shows `children` only to an account of `role`. Signed-out visitors go to sign-in (and come back after);
/// other roles go to the storefront with `notice` explaining why. The server checks again on every call.
#[component]
pub fn RequireRole(
    role: Role,
    notice: &'static str,
    path: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let session = use_session();
    let t = use_messages();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if !session.loaded.get() {
            return;
        }
        match session.me.get() {
            None => navigate(&format!("/signin?next={path}"), Default::default()),
            Some(me) if me.role != role => navigate(&format!("/?notice={notice}"), Default::default()),
            Some(_) => {}
        }
    });
    view! {
        <Show
            when=move || session.me.get().is_some_and(|me| me.role == role)
            fallback=move || view! { <p class="notice" role="status">{move || t.get().account.working}</p> }
        >
            {children()}
        </Show>
    }
}

/// Where the seller console's sections live.
pub const SELLER_SECTION_LINKS: &[&str] =
    &["/seller", "/seller/listings", "/seller/orders", "/seller/analytics", "/seller#money-heading"];

/// A page of the seller console: for sellers only (others are sent on as [`RequireRole`] says), inside the console
/// frame with the sections linked.
#[component]
pub fn SellerFrame(
    test_id: &'static str,
    /// Where sign-in brings a signed-out visitor back to.
    path: &'static str,
    title: Signal<&'static str>,
    intro: Signal<&'static str>,
    children: ChildrenFn,
) -> impl IntoView {
    let t = use_messages();
    let children = StoredValue::new(children);
    view! {
        <RequireRole role=Role::Seller notice="seller_only" path=path>
            <ConsoleFrame
                test_id=test_id
                title=title
                intro=intro
                sections=Signal::derive(move || &t.get().console_sections[..])
                links=SELLER_SECTION_LINKS
            >
                {children.read_value()()}
            </ConsoleFrame>
        </RequireRole>
    }
}
