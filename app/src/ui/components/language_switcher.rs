use leptos::prelude::*;
use shared::locale::Locale;

use crate::state::locale::{use_locale, use_messages};

/// A labelled `<select>` of the UI languages, each named in itself.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let t = use_messages();
    view! {
        <label class="language-switcher">
            <span class="language-switcher__label">{move || t.get().language_label}</span>
            <select
                data-testid="language-switcher"
                prop:value=move || locale.get().tag()
                on:change=move |event| {
                    if let Some(chosen) = Locale::from_tag(&event_target_value(&event)) {
                        locale.set(chosen);
                    }
                }
            >
                {Locale::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <option value=option.tag() lang=option.tag()>
                                {option.native_name()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}
