//! The UI language: chosen once, remembered in the browser, reflected in `<html lang>`.

use leptos::prelude::*;
use shared::locale::Locale;

use crate::i18n::{Messages, messages};

/// The current UI language, shared by every component.
#[derive(Clone, Copy)]
pub struct LocaleContext(pub RwSignal<Locale>);

/// Creates the language signal (stored choice, else the browser's language, else English) and keeps the browser
/// in step with it.
pub fn provide_locale() -> LocaleContext {
    let locale =
        RwSignal::new(browser::stored_locale().or_else(browser::navigator_locale).unwrap_or_default());
    Effect::new(move |_| {
        let current = locale.get();
        browser::remember_locale(current);
    });
    let context = LocaleContext(locale);
    provide_context(context);
    context
}

/// The current language signal.
pub fn use_locale() -> RwSignal<Locale> {
    use_context::<LocaleContext>().map(|c| c.0).unwrap_or_else(|| RwSignal::new(Locale::default()))
}

/// The current language's texts, tracked reactively.
pub fn use_messages() -> Signal<&'static Messages> {
    let locale = use_locale();
    Signal::derive(move || messages(locale.get()))
}

#[cfg(feature = "csr")]
mod browser {
    use shared::locale::Locale;

    /// Where the chosen language is remembered between visits.
    const STORAGE_KEY: &str = "bazaar.locale";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_locale() -> Option<Locale> {
        Locale::from_tag(&storage()?.get_item(STORAGE_KEY).ok().flatten()?)
    }

    pub fn navigator_locale() -> Option<Locale> {
        Locale::from_tag(&web_sys::window()?.navigator().language()?)
    }

    /// Persists the choice and sets `<html lang>` so screen readers and fonts follow the language.
    pub fn remember_locale(locale: Locale) {
        if let Some(storage) = storage() {
            // Private browsing may refuse storage; the choice then lasts for this visit only.
            let _ = storage.set_item(STORAGE_KEY, locale.tag());
        }
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", locale.tag());
        }
    }
}

#[cfg(not(feature = "csr"))]
mod browser {
    use shared::locale::Locale;

    pub fn stored_locale() -> Option<Locale> {
        None
    }

    pub fn navigator_locale() -> Option<Locale> {
        None
    }

    pub fn remember_locale(_locale: Locale) {}
}
