use leptos::prelude::*;

/// A labelled input with its hint and its error, wired for screen readers (`aria-invalid`,
/// `aria-describedby`). `error` holds a sentence to show (translated, or the server's) or nothing.
#[component]
pub fn TextField(
    id: &'static str,
    label: Signal<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    /// The keyboard a phone shows (`numeric` for card numbers and codes).
    #[prop(optional)]
    inputmode: Option<&'static str>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id>{move || label.get()}</label>
            <input
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            />
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}
