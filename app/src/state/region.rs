//! Where the shopper wants things delivered: chosen once, remembered in the browser, sent with every catalog
//! read so cards and product pages show delivery options and times for that region.

use leptos::prelude::*;
use shared::locale::Locale;

/// The shopper's destination region (ISO 3166-1 alpha-2 code of a served region).
#[derive(Clone, Copy)]
pub struct RegionContext(pub RwSignal<String>);

/// Creates the region signal (stored choice, else a guess from the UI language) and persists changes.
pub fn provide_region(locale: Locale) -> RegionContext {
    let initial = browser::stored_region()
        .filter(|code| shared::regions::region(code).is_some())
        .unwrap_or_else(|| guess_from_language(locale).to_string());
    let region = RwSignal::new(initial);
    Effect::new(move |_| browser::remember_region(&region.get()));
    let context = RegionContext(region);
    provide_context(context);
    context
}

/// The current region signal.
pub fn use_region() -> RwSignal<String> {
    use_context::<RegionContext>().map(|c| c.0).unwrap_or_else(|| RwSignal::new("US".to_string()))
}

/// A first guess before the shopper chooses: the market of the language, the US otherwise.
fn guess_from_language(locale: Locale) -> &'static str {
    match locale {
        Locale::Ko => "KR",
        Locale::Ru => "RU",
        Locale::Pt => "BR",
        _ => "US",
    }
}

#[cfg(feature = "csr")]
mod browser {
    const STORAGE_KEY: &str = "bazaar.region";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_region() -> Option<String> {
        storage()?.get_item(STORAGE_KEY).ok().flatten()
    }

    pub fn remember_region(code: &str) {
        if let Some(storage) = storage() {
            // Private browsing may refuse storage; the choice then lasts for this visit only.
            let _ = storage.set_item(STORAGE_KEY, code);
        }
    }
}

#[cfg(not(feature = "csr"))]
mod browser {
    pub fn stored_region() -> Option<String> {
        None
    }

    pub fn remember_region(_code: &str) {}
}
