use leptos::prelude::*;
use shared::regions::REGIONS;

use crate::state::locale::use_messages;
use crate::state::region::use_region;

/// "Deliver to": a labelled `<select>` of the served regions, each named in its own language.
#[component]
pub fn RegionPicker() -> impl IntoView {
    let region = use_region();
    let t = use_messages();
    view! {
        <label class="region-picker">
            <span class="region-picker__label">{move || t.get().search.deliver_to}</span>
            <select
                data-testid="region-picker"
                prop:value=move || region.get()
                on:change=move |event| {
                    let chosen = event_target_value(&event);
                    if shared::regions::region(&chosen).is_some() {
                        region.set(chosen);
                    }
                }
            >
                {REGIONS
                    .iter()
                    .map(|r| view! { <option value=r.code>{format!("{} · {}", r.code, r.native_name)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}
