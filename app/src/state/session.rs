//! The signed-in account, loaded once per visit and updated by sign-in, sign-up and sign-out.

use leptos::prelude::*;
use shared::dto::Me;

use crate::api::accounts::current_user;

#[derive(Clone, Copy)]
pub struct SessionState {
    /// The account, or None when signed out.
    pub me: RwSignal<Option<Me>>,
    /// False until the first answer from the server, so guards do not redirect before they know.
    pub loaded: RwSignal<bool>,
}

pub fn provide_session() -> SessionState {
    let state = SessionState { me: RwSignal::new(None), loaded: RwSignal::new(false) };
    leptos::task::spawn_local(async move {
        // A failed check (offline) leaves the visitor signed out in the UI; the server still decides.
        if let Ok(me) = current_user().await {
            state.me.set(me);
        }
        state.loaded.set(true);
    });
    provide_context(state);
    state
}

pub fn use_session() -> SessionState {
    use_context::<SessionState>()
        .unwrap_or_else(|| SessionState { me: RwSignal::new(None), loaded: RwSignal::new(true) })
}
