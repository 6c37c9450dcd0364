//! The connection indicator: "Offline" in words (not colour alone) in a live status region, the number of changes
//! waiting to be sent, and the conflicts a replay found, until the shopper dismisses them.

use leptos::prelude::*;

use crate::i18n::offline::{OfflineTexts, offline_texts};
use crate::state::locale::use_locale;
use crate::state::offline::{Conflict, use_offline};

#[component]
pub fn ConnectionStatus() -> impl IntoView {
    let offline = use_offline();
    let locale = use_locale();
    let texts = move || offline_texts(locale.get());
    let shown = move || !offline.online.get() || offline.pending.get() > 0;
    view! {
        <div class="connection-area">
        // The live region is always in the page, so screen readers announce what appears in it.
        <div
            class="connection"
            role="status"
            aria-label=move || texts().indicator_label
            data-testid="connection-status"
            data-online=move || offline.online.get().to_string()
        >
            {move || shown().then(|| {
                let online = offline.online.get();
                view! {
                    <p class=if online { "connection__bar" } else { "connection__bar connection__bar--offline" }>
                        <span class="connection__icon" aria-hidden="true">{if online { "↻" } else { "⚠" }}</span>
                        <span class="connection__state" data-testid="connection-state">
                            {move || if online { texts().online } else { texts().offline }}
                        </span>
                        {move || (offline.pending.get() > 0).then(|| view! {
                            <span class="connection__pending" data-testid="pending-changes">{(texts().pending)(offline.pending.get())}</span>
                        })}
                        {move || offline.syncing.get().then(|| view! { <span class="connection__pending">{texts().syncing}</span> })}
                    </p>
                }
            })}
        </div>
        {move || {
            let conflicts = offline.conflicts.get();
            (!conflicts.is_empty()).then(|| view! {
                <div class="notice notice--warning connection__conflicts" role="alert" data-testid="replay-conflicts">
                    <p class="connection__conflicts-title">{move || texts().conflicts_title}</p>
                    <ul>
                        {conflicts.iter().map(|conflict| {
                            let conflict = conflict.clone();
                            view! { <li data-testid="replay-conflict">{move || describe(texts(), &conflict, locale.get())}</li> }
                        }).collect_view()}
                    </ul>
                    <button class="button button--secondary button--small" on:click=move |_| offline.conflicts.set(Vec::new())>
                        {move || texts().dismiss}
                    </button>
                </div>
            })
        }}
        </div>
    }
}

/// A conflict in the shopper's words.
fn describe(texts: &OfflineTexts, conflict: &Conflict, locale: shared::locale::Locale) -> String {
    match conflict {
        Conflict::PriceChanged { title, was, now } => {
            (texts.price_changed)(title, &locale.format_money(*was), &locale.format_money(*now))
        }
        Conflict::ShortStock { title, available } => (texts.short_stock)(title, *available),
        Conflict::Gone { title } => (texts.gone)(title),
        Conflict::Refused { title, reason } => format!("{title}: {reason}"),
        Conflict::NotConfirmed { headline, reason } => (texts.not_confirmed)(headline, reason),
    }
}
