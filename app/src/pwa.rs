//! The installable app's side in the page: registers the service worker (`public/sw.js`) and offers a deploy's
//! new version when it is ready.
//!
//! A new worker installs in the background and then waits (it never calls `skipWaiting` on its own), so an open
//! page keeps the code and caches it started with. When one is waiting, [`UpdatePrompt`] says so; "Reload" posts
//! `SKIP_WAITING` to it, and the page reloads once when the new worker takes control (`controllerchange`). The
//! first install also takes control (the worker claims its clients) but does not reload: only a reload the user
//! asked for does.
//!
//! Registration lives here, in the wasm, rather than in an inline script, so the CSP keeps its exact script
//! hashes. The few ServiceWorker APIs used are bound by hand below instead of enabling more `web-sys` features.

use leptos::prelude::*;

use crate::state::locale::use_messages;

/// Registers the service worker once, and shows "A new version is available — Reload" while one waits.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let t = use_messages();
    let waiting = RwSignal::new(false);
    // Runs once, after the shell is mounted, so registering never competes with the first render.
    Effect::new(move |_| {
        imp::remove_boot_shell();
        imp::register(move || waiting.set(true));
    });
    view! {
        <div class="update-prompt" role="status" aria-live="polite">
            <Show when=move || waiting.get()>
                <p class="update-prompt__text" data-testid="update-prompt">
                    <span>{move || t.get().pwa.update_available}</span>
                    " "
                    <button
                        type="button"
                        class="button button--small"
                        data-testid="update-reload"
                        on:click=move |_| imp::activate_waiting()
                    >
                        {move || t.get().pwa.reload}
                    </button>
                </p>
            </Show>
        </div>
    }
}

#[cfg(feature = "csr")]
mod imp {
    use std::cell::{Cell, RefCell};

    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        /// `navigator.serviceWorker`.
        #[wasm_bindgen(extends = web_sys::EventTarget)]
        #[derive(Clone)]
        type Container;
        #[wasm_bindgen(method)]
        fn register(this: &Container, url: &str) -> js_sys::Promise;
        #[wasm_bindgen(method, getter)]
        fn controller(this: &Container) -> Option<Worker>;

        /// A `ServiceWorkerRegistration`.
        #[wasm_bindgen(extends = web_sys::EventTarget)]
        #[derive(Clone)]
        type Registration;
        #[wasm_bindgen(method, getter)]
        fn waiting(this: &Registration) -> Option<Worker>;
        #[wasm_bindgen(method, getter)]
        fn installing(this: &Registration) -> Option<Worker>;

        /// A `ServiceWorker`.
        #[wasm_bindgen(extends = web_sys::EventTarget)]
        #[derive(Clone)]
        type Worker;
        #[wasm_bindgen(method, getter)]
        fn state(this: &Worker) -> String;
        #[wasm_bindgen(method, js_name = postMessage)]
        fn post_message(this: &Worker, message: &JsValue);

        #[wasm_bindgen(js_namespace = location, js_name = reload)]
        fn reload_page();
    }

    thread_local! {
        static REGISTRATION: RefCell<Option<Registration>> = const { RefCell::new(None) };
        /// Set when the user pressed "Reload": only then does a change of controller reload the page.
        static RELOAD_ASKED: Cell<bool> = const { Cell::new(false) };
        static RELOADED: Cell<bool> = const { Cell::new(false) };
    }

    /// `navigator.serviceWorker`, absent outside secure contexts and in old browsers.
    fn container() -> Option<Container> {
        let navigator = web_sys::window()?.navigator();
        let value = js_sys::Reflect::get(&navigator, &JsValue::from_str("serviceWorker")).ok()?;
        (!value.is_undefined() && !value.is_null()).then(|| value.unchecked_into())
    }

    /// Adds an event listener that lives as long as the page (these are added once per page).
    fn listen(target: &web_sys::EventTarget, kind: &str, handler: impl FnMut() + 'static) {
        let closure = Closure::<dyn FnMut()>::new(handler);
        let _ = target.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        closure.forget();
    }

    /// Removes index.html's first-paint placeholder (CSS already hides it once the app's header exists).
    pub fn remove_boot_shell() {
        let shell = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.query_selector(".boot-shell").ok().flatten());
        if let Some(shell) = shell {
            shell.remove();
        }
    }

    pub fn register(on_waiting: impl Fn() + Clone + 'static) {
        let Some(container) = container() else { return };
        if REGISTRATION.with(|r| r.borrow().is_some()) {
            return;
        }
        listen(&container, "controllerchange", || {
            if RELOAD_ASKED.get() && !RELOADED.replace(true) {
                reload_page();
            }
        });
        let promise = container.register("/sw.js");
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else { return };
            let registration: Registration = registration.unchecked_into();
            REGISTRATION.with(|r| *r.borrow_mut() = Some(registration.clone()));
            // A worker that was already waiting when the page opened (installed during an earlier visit).
            if registration.waiting().is_some() && container.controller().is_some() {
                on_waiting();
            }
            let watched = registration.clone();
            listen(&registration, "updatefound", move || {
                let Some(worker) = watched.installing() else { return };
                let container = container.clone();
                let on_waiting = on_waiting.clone();
                let installed = worker.clone();
                listen(&worker, "statechange", move || {
                    // With no controller this is the first install, not an update: nothing to offer.
                    if installed.state() == "installed" && container.controller().is_some() {
                        on_waiting();
                    }
                });
            });
        });
    }

    /// Tells the waiting worker to take over; the `controllerchange` listener then reloads the page once.
    pub fn activate_waiting() {
        RELOAD_ASKED.set(true);
        let waiting = REGISTRATION.with(|r| r.borrow().as_ref().and_then(Registration::waiting));
        match waiting {
            Some(worker) => {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"SKIP_WAITING".into());
                worker.post_message(&message);
            }
            // The waiting worker is gone (another tab activated it): the page is simply out of date.
            None => {
                if !RELOADED.replace(true) {
                    reload_page();
                }
            }
        }
    }
}

/// Server builds render no browser: nothing to register.
#[cfg(not(feature = "csr"))]
mod imp {
    pub fn remove_boot_shell() {}
    pub fn register(_on_waiting: impl Fn() + Clone + 'static) {}
    pub fn activate_waiting() {}
}
