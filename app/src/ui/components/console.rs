use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use shared::auth::Role;

use crate::state::locale::use_messages;
use crate::state::session::use_session;

/// The frame of the seller and operator consoles: a section list beside the working area.
#[component]
pub fn ConsoleFrame(
    test_id: &'static str,
    title: Signal<&'static str>,
    intro: Signal<&'static str>,
    sections: Signal<[&'static str; 4]>,
    children: Children,
) -> impl IntoView {
    view! {
        <div class="console" data-testid=test_id>
            <aside class="console__nav">
                <ul>
                    {move || {
                        sections
                            .get()
                            .into_iter()
                            .enumerate()
                            .map(|(index, name)| {
                                view! {
                                    <li class=if index == 0 { "console__section is-current" } else { "console__section" }>
                                        {name}
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </aside>
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
