use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::suggest;
use crate::state::locale::use_messages;
use crate::ui::url::with_query;

/// The search box: a combobox that suggests words while typing (forgiving a slip) and searches on Enter.
///
/// Follows the ARIA combobox pattern: arrow keys move through the suggestions, Enter takes the highlighted one
/// (or searches what was typed), Escape closes the list.
#[component]
pub fn SearchBox() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let navigate = use_navigate();
    let text = RwSignal::new(String::new());
    // Follow the URL: after a search, a back button, or a link elsewhere, the box shows what is being searched.
    Effect::new(move |_| text.set(query.read().get("q").unwrap_or_default()));
    let typed = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let highlighted = RwSignal::new(None::<usize>);
    let suggestions = LocalResource::new(move || {
        let typed = typed.get();
        async move {
            if typed.trim().chars().count() < 2 {
                Vec::new()
            } else {
                suggest(typed).await.unwrap_or_default()
            }
        }
    });
    let items = move || suggestions.get().unwrap_or_default();
    let search = move |words: String| {
        open.set(false);
        highlighted.set(None);
        text.set(words.clone());
        navigate(&with_query("/", &[("q", words.trim().to_string())]), Default::default());
    };
    let on_keydown = {
        let search = search.clone();
        move |event: leptos::ev::KeyboardEvent| {
            let count = items().len();
            match event.key().as_str() {
                "ArrowDown" if count > 0 => {
                    event.prevent_default();
                    open.set(true);
                    highlighted.update(|h| *h = Some(h.map_or(0, |i| (i + 1) % count)));
                }
                "ArrowUp" if count > 0 => {
                    event.prevent_default();
                    highlighted.update(|h| *h = Some(h.map_or(count - 1, |i| (i + count - 1) % count)));
                }
                "Escape" => {
                    open.set(false);
                    highlighted.set(None);
                }
                "Enter" => {
                    if let Some(chosen) = highlighted.get().and_then(|i| items().get(i).cloned()) {
                        event.prevent_default();
                        search(chosen);
                    }
                }
                _ => {}
            }
        }
    };
    let on_submit = {
        let search = search.clone();
        move |event: leptos::ev::SubmitEvent| {
            event.prevent_default();
            search(text.get_untracked());
        }
    };
    view! {
        <form class="search-box" role="search" on:submit=on_submit>
            <label class="visually-hidden" for="search-input">{move || t.get().search.label}</label>
            <input
                id="search-input"
                class="search-box__input"
                type="search"
                name="q"
                autocomplete="off"
                maxlength="200"
                role="combobox"
                aria-autocomplete="list"
                aria-controls="search-suggestions"
                aria-expanded=move || (open.get() && !items().is_empty()).to_string()
                aria-activedescendant=move || highlighted.get().map(|i| format!("search-suggestion-{i}"))
                placeholder=move || t.get().search.placeholder
                data-testid="search-input"
                prop:value=move || text.get()
                on:input=move |event| {
                    let value = event_target_value(&event);
                    text.set(value.clone());
                    typed.set(value);
                    open.set(true);
                    highlighted.set(None);
                }
                on:keydown=on_keydown
                on:blur=move |_| open.set(false)
            />
            <ul
                id="search-suggestions"
                class="search-box__suggestions"
                role="listbox"
                data-testid="search-suggestions"
                hidden=move || !open.get() || items().is_empty()
            >
                {move || {
                    items()
                        .into_iter()
                        .enumerate()
                        .map(|(index, word)| {
                            let search = search.clone();
                            let chosen = word.clone();
                            view! {
                                <li
                                    id=format!("search-suggestion-{index}")
                                    role="option"
                                    class="search-box__suggestion"
                                    aria-selected=move || (highlighted.get() == Some(index)).to_string()
                                    // mousedown, not click: it fires before the input's blur closes the list.
                                    on:mousedown=move |event| {
                                        event.prevent_default();
                                        search(chosen.clone());
                                    }
                                >
                                    {word}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <button class="button search-box__submit" type="submit">{move || t.get().search.submit}</button>
        </form>
    }
}
