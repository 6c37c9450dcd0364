use leptos::prelude::*;

use crate::state::locale::use_messages;

/// The frame of the seller and operator consoles: a section list beside the working area.
#[component]
pub fn ConsoleFrame(
    test_id: &'static str,
    title: Signal<&'static str>,
    intro: Signal<&'static str>,
    sections: Signal<[&'static str; 4]>,
) -> impl IntoView {
    let t = use_messages();
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
                <div class="notice">{move || t.get().console_sign_in_needed}</div>
            </section>
        </div>
    }
}
