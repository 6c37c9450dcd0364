//! Sign-in and sign-up. Fields are checked in the browser with the same rules the server applies
//! (`shared::auth`), so mistakes show at once; the server's answer is still the authority.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::auth::{Role, check_new_password, normalize_email, normalize_name};
use shared::dto::Me;

use crate::api::AppError;
use crate::api::accounts::{sign_in, sign_up};
use crate::state::locale::use_messages;
use crate::state::session::use_session;
use crate::ui::components::form::TextField;

/// Where to go after signing in: the `next` parameter when it is a local path, else the role's home.
fn destination(next: Option<String>, me: &Me) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") => path,
        _ => match me.role {
            Role::Seller => "/seller".into(),
            Role::Operator => "/admin".into(),
            _ => "/".into(),
        },
    }
}

/// Ends a sign-in or sign-up: on success the session holds the account and the browser moves on; on failure
/// the server's answer is shown where it belongs.
fn settle(
    result: Result<Me, AppError>,
    session: crate::state::session::SessionState,
    errors: FieldErrors,
    next: Option<String>,
    navigate: impl Fn(&str, leptos_router::NavigateOptions),
) {
    match result {
        Ok(me) => {
            let to = destination(next, &me);
            session.me.set(Some(me));
            navigate(&to, Default::default());
        }
        Err(error) => errors.show(error),
    }
}

/// Per-field problem codes, translated on display.
#[derive(Clone, Copy)]
struct FieldErrors {
    email: RwSignal<Option<String>>,
    password: RwSignal<Option<String>>,
    display_name: RwSignal<Option<String>>,
    shop_name: RwSignal<Option<String>>,
    /// A message for the whole form (wrong credentials, too many attempts, network).
    form: RwSignal<Option<String>>,
    /// Seconds to wait after a 429, for the form message.
    retry_after: RwSignal<Option<u64>>,
}

impl FieldErrors {
    fn new() -> Self {
        Self {
            email: RwSignal::new(None),
            password: RwSignal::new(None),
            display_name: RwSignal::new(None),
            shop_name: RwSignal::new(None),
            form: RwSignal::new(None),
            retry_after: RwSignal::new(None),
        }
    }

    fn clear(&self) {
        for signal in [self.email, self.password, self.display_name, self.shop_name, self.form] {
            signal.set(None);
        }
    }

    fn for_field(&self, field: &str) -> Option<RwSignal<Option<String>>> {
        match field {
            "email" => Some(self.email),
            "password" => Some(self.password),
            "display_name" => Some(self.display_name),
            "shop_name" => Some(self.shop_name),
            _ => None,
        }
    }

    /// Shows a server answer: on its field when it names one, else for the whole form.
    fn show(&self, error: AppError) {
        self.retry_after.set(seconds_in(&error.error.message));
        let body = error.error;
        let message = match body.code.as_str() {
            "rate_limited" | "bad_credentials" => body.code.clone(),
            _ => body.message.clone(),
        };
        match body.field.as_deref().and_then(|f| self.for_field(f)) {
            Some(field) => field.set(Some(body.code)),
            None => self.form.set(Some(message)),
        }
    }

    /// Translated sentence for a field's code.
    fn sentence(signal: RwSignal<Option<String>>) -> Signal<Option<String>> {
        let t = use_messages();
        Signal::derive(move || signal.get().map(|code| (t.get().account.problem)(&code).to_string()))
    }
}

/// The form-level message, translating the codes the UI knows.
#[component]
fn FormMessage(errors: FieldErrors) -> impl IntoView {
    let t = use_messages();
    view! {
        <p class="form__message" role="alert">
            {move || {
                errors
                    .form
                    .get()
                    .map(|message| match message.as_str() {
                        "bad_credentials" => t.get().account.bad_credentials.to_string(),
                        "rate_limited" => (t.get().account.rate_limited)(errors.retry_after.get().unwrap_or(60)),
                        _ => message,
                    })
            }}
        </p>
    }
}

/// Seconds to wait, read from a "Try again in N seconds." message (the Retry-After header is not visible to
/// server-function callers).
fn seconds_in(message: &str) -> Option<u64> {
    message.split_whitespace().find_map(|word| word.parse().ok())
}

#[component]
pub fn SignIn() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let pending = RwSignal::new(false);

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        errors.clear();
        if let Err(problem) = normalize_email(&email.get_untracked()) {
            errors.email.set(Some(problem.code.into()));
            return;
        }
        pending.set(true);
        let navigate = navigate.clone();
        let next = query.get_untracked().get("next");
        leptos::task::spawn_local(async move {
            let result = sign_in(email.get_untracked(), password.get_untracked()).await;
            settle(result, session, errors, next, navigate);
            pending.set(false);
        });
    };

    view! {
        <section class="auth-card" data-testid="sign-in">
            <h1>{move || t.get().account.sign_in_title}</h1>
            <form class="form" on:submit=submit novalidate>
                <TextField
                    id="email"
                    kind="email"
                    autocomplete="username"
                    label=Signal::derive(move || t.get().account.email)
                    value=email
                    error=FieldErrors::sentence(errors.email)
                />
                <TextField
                    id="password"
                    kind="password"
                    autocomplete="current-password"
                    label=Signal::derive(move || t.get().account.password)
                    value=password
                    error=FieldErrors::sentence(errors.password)
                />
                <FormMessage errors />
                <button class="button button--wide" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { t.get().account.working } else { t.get().account.sign_in }}
                </button>
            </form>
            <p class="auth-card__switch">
                {move || t.get().account.no_account} " "
                <A href="/signup">{move || t.get().account.sign_up}</A>
            </p>
        </section>
    }
}

#[component]
pub fn SignUp() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let navigate = use_navigate();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let display_name = RwSignal::new(String::new());
    let shop_name = RwSignal::new(String::new());
    let role = RwSignal::new(if query.get_untracked().get("as").as_deref() == Some("seller") {
        Role::Seller
    } else {
        Role::Shopper
    });
    let errors = FieldErrors::new();
    let pending = RwSignal::new(false);

    // Every rule at once, so a person fixes all fields in one pass.
    let validate = move || {
        let mut valid = true;
        let mut check = |signal: RwSignal<Option<String>>,
                         result: Result<(), shared::auth::CredentialProblem>| {
            if let Err(problem) = result {
                signal.set(Some(problem.code.into()));
                valid = false;
            }
        };
        check(errors.email, normalize_email(&email.get_untracked()).map(drop));
        check(errors.password, check_new_password(&password.get_untracked()));
        check(errors.display_name, normalize_name(&display_name.get_untracked(), "display_name").map(drop));
        if role.get_untracked() == Role::Seller {
            check(errors.shop_name, normalize_name(&shop_name.get_untracked(), "shop_name").map(drop));
        }
        valid
    };

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        errors.clear();
        if !validate() {
            return;
        }
        pending.set(true);
        let navigate = navigate.clone();
        let next = query.get_untracked().get("next");
        let shop = (role.get_untracked() == Role::Seller).then(|| shop_name.get_untracked());
        leptos::task::spawn_local(async move {
            let result = sign_up(
                email.get_untracked(),
                password.get_untracked(),
                display_name.get_untracked(),
                role.get_untracked(),
                shop,
            )
            .await;
            settle(result, session, errors, next, navigate);
            pending.set(false);
        });
    };

    let role_option = move |value: Role, label: fn(&crate::i18n::Messages) -> &'static str| {
        view! {
            <label class="choice">
                <input
                    type="radio"
                    name="role"
                    value=value.as_str()
                    prop:checked=move || role.get() == value
                    on:change=move |_| role.set(value)
                />
                <span>{move || label(t.get())}</span>
            </label>
        }
    };

    view! {
        <section class="auth-card" data-testid="sign-up">
            <h1>{move || t.get().account.sign_up_title}</h1>
            <form class="form" on:submit=submit novalidate>
                <fieldset class="choices">
                    <legend>{move || t.get().account.account_type}</legend>
                    {role_option(Role::Shopper, |m| m.account.role_shopper)}
                    {role_option(Role::Seller, |m| m.account.role_seller)}
                </fieldset>
                <TextField
                    id="display_name"
                    autocomplete="name"
                    label=Signal::derive(move || t.get().account.display_name)
                    value=display_name
                    error=FieldErrors::sentence(errors.display_name)
                />
                <Show when=move || role.get() == Role::Seller>
                    <TextField
                        id="shop_name"
                        autocomplete="organization"
                        label=Signal::derive(move || t.get().account.shop_name)
                        value=shop_name
                        error=FieldErrors::sentence(errors.shop_name)
                    />
                </Show>
                <TextField
                    id="email"
                    kind="email"
                    autocomplete="email"
                    label=Signal::derive(move || t.get().account.email)
                    value=email
                    error=FieldErrors::sentence(errors.email)
                />
                <TextField
                    id="password"
                    kind="password"
                    autocomplete="new-password"
                    label=Signal::derive(move || t.get().account.password)
                    hint=Signal::derive(move || t.get().account.password_hint)
                    value=password
                    error=FieldErrors::sentence(errors.password)
                />
                <FormMessage errors />
                <button class="button button--wide" type="submit" disabled=move || pending.get()>
                    {move || if pending.get() { t.get().account.working } else { t.get().account.sign_up }}
                </button>
            </form>
            <p class="auth-card__switch">
                {move || t.get().account.have_account} " "
                <A href="/signin">{move || t.get().account.sign_in}</A>
            </p>
        </section>
    }
}
