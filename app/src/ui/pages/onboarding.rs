//! The seller's side of onboarding, in the seller console: the checklist and verification state while the shop
//! is not verified, and the shop's settings (profile, logo, payout account, rules, identity document), which stay
//! available after verification. Every rule the form shows comes from `shared::shop`; the server applies the same.

use leptos::prelude::*;
use shared::regions::REGIONS;
use shared::shop::{
    FieldProblem, OnboardingStep, Problem, SELLER_RULES_VERSION, ShopProfileInput, ShopView,
    VerificationStatus,
};

use crate::api::AppError;
use crate::api::shops::{
    accept_seller_rules, my_shop, set_payout_account, submit_for_verification, update_shop_profile,
};
use crate::state::locale::use_messages;
use crate::ui::components::form::TextField;
use crate::ui::components::time::utc_minute;
use crate::uploads::{BankAccountDetails, PickedFile, tokenize_bank_account, upload_document, upload_logo};

/// The shop as last loaded or changed; every panel reads it and replaces it with the server's answer.
type ShopSignal = RwSignal<Option<ShopView>>;

fn status_index(status: VerificationStatus) -> usize {
    VerificationStatus::ALL.iter().position(|s| *s == status).unwrap_or_default()
}

fn step_index(step: OnboardingStep) -> usize {
    OnboardingStep::ALL.iter().position(|s| *s == step).unwrap_or_default()
}

/// Onboarding and shop settings, mounted once in the seller console.
#[component]
pub fn ShopOnboarding() -> impl IntoView {
    let t = use_messages();
    let shop: ShopSignal = RwSignal::new(None);
    let loaded = LocalResource::new(my_shop);
    let load_error = RwSignal::new(None::<String>);
    Effect::new(move |_| match loaded.get() {
        Some(Ok(view)) => shop.set(Some(view)),
        Some(Err(error)) => load_error.set(Some(error.to_string())),
        None => {}
    });
    view! {
        <div class="onboarding" data-testid="onboarding">
            {move || load_error.get().map(|error| view! { <p class="notice notice--error" role="alert">{error}</p> })}
            <Show when=move || shop.with(|s| s.as_ref().is_some_and(|s| s.verification.status != VerificationStatus::Verified))>
                <Checklist shop=shop />
            </Show>
            <Show when=move || shop.with(|s| s.as_ref().is_some_and(|s| s.verification.status == VerificationStatus::Verified))>
                <p class="notice notice--success verification-state" data-testid="verification-status" data-status="verified">
                    <strong>{move || t.get().onboarding.statuses[2]}</strong>
                    " "
                    {move || t.get().onboarding.verified_body}
                </p>
            </Show>
            <Show when=move || shop.with(Option::is_some)>
                <div class="onboarding__panels">
                    <ShopSettings shop=shop />
                    <LogoPanel shop=shop />
                    <PayoutPanel shop=shop />
                    <RulesPanel shop=shop />
                    <DocumentPanel shop=shop />
                </div>
            </Show>
        </div>
    }
}

/// The steps with what is done, the verification state, and the submit button.
#[component]
fn Checklist(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    let message = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let status = move || {
        shop.with(|s| s.as_ref().map(|s| s.verification.status)).unwrap_or(VerificationStatus::Unverified)
    };
    let missing =
        move || shop.with(|s| s.as_ref().map(|s| s.checklist.missing_before_submit()).unwrap_or_default());
    let can_submit = move || {
        !busy.get()
            && missing().is_empty()
            && matches!(status(), VerificationStatus::Unverified | VerificationStatus::Rejected)
    };
    let submit = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match submit_for_verification().await {
                Ok(view) => {
                    shop.set(Some(view));
                    message.set(Some(t.get_untracked().onboarding.submitted.into()));
                }
                Err(error) => message.set(Some(error.to_string())),
            }
            busy.set(false);
        });
    };
    view! {
        <section class="panel checklist" aria-labelledby="checklist-heading" data-testid="checklist">
            <h2 id="checklist-heading">{move || t.get().onboarding.checklist_title}</h2>
            <p class="panel__intro">{move || t.get().onboarding.checklist_intro}</p>
            <p class="verification-state" data-testid="verification-status" data-status=move || status().as_str()>
                <span class=move || format!("badge badge--{}", status().as_str())>
                    {move || t.get().onboarding.statuses[status_index(status())]}
                </span>
            </p>
            {move || match status() {
                VerificationStatus::Pending => Some(view! {
                    <p class="notice" role="status">{move || t.get().onboarding.pending_body}</p>
                }.into_any()),
                VerificationStatus::Rejected => Some(view! {
                    <div class="notice notice--warning" role="status" data-testid="rejection">
                        <p><strong>{move || t.get().onboarding.rejected_intro}</strong></p>
                        <blockquote class="rejection-reason">
                            {move || shop.with(|s| s.as_ref().and_then(|s| s.verification.reason.clone()))}
                        </blockquote>
                        <p>{move || t.get().onboarding.resubmit_hint}</p>
                    </div>
                }.into_any()),
                _ => None,
            }}
            <ol class="checklist__steps">
                {move || {
                    shop.with(|s| s.as_ref().map(|s| s.checklist.items.clone()).unwrap_or_default())
                        .into_iter()
                        .map(|item| {
                            let name = move || t.get().onboarding.steps[step_index(item.step)];
                            let state = move || if item.done { t.get().onboarding.step_done } else { t.get().onboarding.step_todo };
                            view! {
                                <li
                                    class="checklist__step"
                                    class:is-done=item.done
                                    data-testid=format!("step-{}", item.step.as_str())
                                    data-done=if item.done { "true" } else { "false" }
                                >
                                    <span class="checklist__mark" aria-hidden="true">{if item.done { "✓" } else { "" }}</span>
                                    <span class="checklist__name">{name}</span>
                                    <span class="checklist__state">{state}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <Show when=move || matches!(status(), VerificationStatus::Unverified | VerificationStatus::Rejected)>
                <div class="checklist__submit">
                    <button class="button" data-testid="submit-verification" disabled=move || !can_submit() on:click=submit>
                        {move || t.get().onboarding.submit}
                    </button>
                    <Show when=move || !missing().is_empty()>
                        <p class="field__hint">{move || t.get().onboarding.missing_first}</p>
                    </Show>
                </div>
            </Show>
            <p role="status" aria-live="polite" class="form__status">{move || message.get()}</p>
        </section>
    }
}

/// Sets an error sentence per field from local checks or the server's answer.
#[derive(Clone, Copy)]
struct FieldErrors(RwSignal<Vec<(String, String)>>);

impl FieldErrors {
    fn new() -> Self {
        Self(RwSignal::new(Vec::new()))
    }

    fn of(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || {
            self.0.with(|errors| errors.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
        })
    }

    fn set_problems(self, problems: &[FieldProblem], sentence: fn(&Problem) -> String) {
        self.0.set(problems.iter().map(|p| (p.field.to_string(), sentence(&p.problem))).collect());
    }

    fn set_server(self, error: &AppError) -> bool {
        match &error.error.field {
            Some(field) => {
                self.0.set(vec![(field.clone(), error.error.message.clone())]);
                true
            }
            None => false,
        }
    }
}

/// The profile form: name, description, ship-from region, handling time, return window and policy.
#[component]
fn ShopSettings(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    let initial = shop.get_untracked().map(|s| s.profile_input());
    let input = initial.unwrap_or(ShopProfileInput {
        name: String::new(),
        description: String::new(),
        region: "US".into(),
        handling_days: 2,
        return_window_days: 30,
        return_policy: String::new(),
    });
    let name = RwSignal::new(input.name);
    let description = RwSignal::new(input.description);
    let region = RwSignal::new(input.region);
    let handling = RwSignal::new(input.handling_days.to_string());
    let window = RwSignal::new(input.return_window_days.to_string());
    let policy = RwSignal::new(input.return_policy);
    let errors = FieldErrors::new();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let texts = t.get_untracked().onboarding;
        // A number that does not parse is out of range, with the same sentence the server would give.
        let number = |text: String, max: u32, field: &'static str, bad: &mut Vec<FieldProblem>| {
            text.trim().parse::<u32>().unwrap_or_else(|_| {
                bad.push(FieldProblem { field, problem: Problem::OutOfRange { min: 0, max } });
                0
            })
        };
        let mut unparsed = Vec::new();
        let candidate = ShopProfileInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            region: region.get_untracked(),
            handling_days: number(
                handling.get_untracked(),
                shared::shop::MAX_HANDLING_DAYS,
                "handling_days",
                &mut unparsed,
            ),
            return_window_days: number(
                window.get_untracked(),
                shared::shop::MAX_RETURN_WINDOW_DAYS,
                "return_window_days",
                &mut unparsed,
            ),
            return_policy: policy.get_untracked(),
        };
        let mut problems = candidate.parse().err().unwrap_or_default();
        problems.retain(|p| !unparsed.iter().any(|u| u.field == p.field));
        problems.extend(unparsed);
        if !problems.is_empty() {
            errors.set_problems(&problems, texts.problem);
            status.set(None);
            return;
        }
        errors.0.set(Vec::new());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match update_shop_profile(candidate).await {
                Ok(view) => {
                    shop.set(Some(view));
                    status.set(Some(t.get_untracked().onboarding.saved.into()));
                }
                Err(error) => {
                    if !errors.set_server(&error) {
                        status.set(Some(error.to_string()));
                    }
                }
            }
            busy.set(false);
        });
    };
    let o = move || t.get().onboarding;
    view! {
        <section class="panel shop-settings" aria-labelledby="settings-heading" data-testid="shop-settings">
            <h2 id="settings-heading">{move || o().settings_title}</h2>
            <form class="form" novalidate on:submit=save>
                <TextField id="shop-name" label=Signal::derive(move || o().name) value=name error=errors.of("name") autocomplete="organization" />
                <TextArea id="shop-description" label=Signal::derive(move || o().description) value=description
                    error=errors.of("description") hint=Signal::derive(move || o().description_hint) rows=4 />
                <div class="field" class:field--invalid=move || errors.of("region").get().is_some()>
                    <label for="shop-region">{move || o().region}</label>
                    <select id="shop-region" name="shop-region" on:change=move |event| region.set(event_target_value(&event))>
                        {REGIONS.iter().map(|r| view! {
                            <option value=r.code selected=move || region.get().eq_ignore_ascii_case(r.code)>{r.native_name}</option>
                        }).collect_view()}
                    </select>
                    <p class="field__error" role="alert">{move || errors.of("region").get()}</p>
                </div>
                <div class="field-row">
                    <TextField id="shop-handling-days" label=Signal::derive(move || o().handling_days) value=handling kind="number"
                        inputmode="numeric" error=errors.of("handling_days") hint=Signal::derive(move || o().handling_hint) />
                    <TextField id="shop-return-window" label=Signal::derive(move || o().return_window_days) value=window kind="number"
                        inputmode="numeric" error=errors.of("return_window_days") hint=Signal::derive(move || o().return_window_hint) />
                </div>
                <TextArea id="shop-return-policy" label=Signal::derive(move || o().return_policy) value=policy
                    error=errors.of("return_policy") rows=3 />
                <div>
                    <button class="button" type="submit" data-testid="save-shop" disabled=move || busy.get()>{move || o().save}</button>
                </div>
                <p role="status" aria-live="polite" class="form__status">{move || status.get()}</p>
            </form>
        </section>
    }
}

/// A labelled multi-line text field with its hint and error, like [`TextField`].
#[component]
fn TextArea(
    id: &'static str,
    label: Signal<&'static str>,
    value: RwSignal<String>,
    error: Signal<Option<String>>,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
    rows: u32,
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
            <textarea
                id=id
                name=id
                rows=rows
                prop:value=move || value.get()
                on:input=move |event| value.set(event_target_value(&event))
                aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                aria-describedby=described_by
            ></textarea>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="field__error" id=error_id role="alert">{move || error.get()}</p>
        </div>
    }
}

/// Where a picked file goes.
#[derive(Debug, Clone, Copy)]
enum UploadTarget {
    Logo,
    IdentityDocument,
}

/// A file picker that uploads as soon as a file is chosen, with its progress and the server's answer.
#[component]
fn UploadField(
    id: &'static str,
    label: Signal<&'static str>,
    accept: &'static str,
    shop: ShopSignal,
    target: UploadTarget,
    #[prop(optional, into)] hint: Option<Signal<&'static str>>,
) -> impl IntoView {
    let t = use_messages();
    let state = RwSignal::new(None::<Result<String, String>>);
    let hint_id = format!("{id}-hint");
    let on_change = move |event: leptos::ev::Event| {
        let Some(file) = PickedFile::from_event(&event) else { return };
        state.set(Some(Ok(t.get_untracked().onboarding.uploading.into())));
        leptos::task::spawn_local(async move {
            let sent = match target {
                UploadTarget::Logo => upload_logo(&file).await,
                UploadTarget::IdentityDocument => upload_document(&file).await,
            };
            match sent {
                Ok(view) => {
                    shop.set(Some(view));
                    state.set(Some(Ok(t.get_untracked().onboarding.uploaded.into())));
                }
                Err(error) => state.set(Some(Err(error.error.message))),
            }
        });
    };
    view! {
        <div class="field" class:field--invalid=move || matches!(state.get(), Some(Err(_)))>
            <label for=id>{move || label.get()}</label>
            <input id=id name=id type="file" accept=accept on:change=on_change
                aria-describedby=hint.map(|_| hint_id.clone()) />
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id.clone()>{move || hint.get()}</p> })}
            <p class="field__error" role="alert">{move || state.get().and_then(Result::err)}</p>
            <p class="form__status" role="status" aria-live="polite">{move || state.get().and_then(Result::ok)}</p>
        </div>
    }
}

#[component]
fn LogoPanel(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    view! {
        <section class="panel" aria-labelledby="logo-heading" data-testid="logo-panel">
            <h2 id="logo-heading">{move || t.get().onboarding.logo_title}</h2>
            <div class="logo-panel">
                {move || shop.with(|s| s.as_ref().and_then(|s| s.logo_url.clone())).map(|url| view! {
                    <img class="shop-logo" src=url alt=move || t.get().onboarding.logo_alt width="96" height="96" />
                })}
                <UploadField id="shop-logo" label=Signal::derive(move || t.get().onboarding.logo_label)
                    accept="image/png,image/jpeg,image/webp" shop=shop
                    target=UploadTarget::Logo />
            </div>
        </section>
    }
}

#[component]
fn PayoutPanel(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    let holder = RwSignal::new(String::new());
    let number = RwSignal::new(String::new());
    let errors = FieldErrors::new();
    let status = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let connect = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        busy.set(true);
        errors.0.set(Vec::new());
        let details = BankAccountDetails {
            holder_name: holder.get_untracked(),
            account_number: number.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            // The account number goes to the provider; our server only ever sees its token.
            let result = match tokenize_bank_account(&details).await {
                Ok(account) => set_payout_account(account.token).await,
                Err(error) => Err(error),
            };
            match result {
                Ok(view) => {
                    shop.set(Some(view));
                    number.set(String::new());
                    status.set(None);
                }
                Err(error) => {
                    if !errors.set_server(&error) {
                        status.set(Some(error.to_string()));
                    }
                }
            }
            busy.set(false);
        });
    };
    let o = move || t.get().onboarding;
    view! {
        <section class="panel" aria-labelledby="payout-heading" data-testid="payout-panel">
            <h2 id="payout-heading">{move || o().payout_title}</h2>
            <p class="panel__intro">{move || o().payout_intro}</p>
            {move || shop.with(|s| s.as_ref().and_then(|s| s.payout_account.clone())).map(|account| view! {
                <p class="notice notice--success" data-testid="payout-account">{move || (o().payout_connected)(&account.label)}</p>
            })}
            <form class="form" novalidate on:submit=connect>
                <div class="field-row">
                    <TextField id="payout-holder" label=Signal::derive(move || o().holder_name) value=holder
                        error=errors.of("holder_name") autocomplete="name" />
                    <TextField id="payout-account-number" label=Signal::derive(move || o().account_number) value=number
                        error=errors.of("account_number") />
                </div>
                <div>
                    <button class="button button--secondary" type="submit" data-testid="connect-payout" disabled=move || busy.get()>
                        {move || o().connect_account}
                    </button>
                </div>
                <p role="status" aria-live="polite" class="form__status">{move || status.get()}</p>
            </form>
        </section>
    }
}

#[component]
fn RulesPanel(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    let message = RwSignal::new(None::<String>);
    let accepted_at = move || {
        shop.with(|s| {
            s.as_ref()
                .filter(|s| s.rules_version == Some(SELLER_RULES_VERSION))
                .and_then(|s| s.rules_accepted_at_ms)
        })
    };
    let accept = move |_| {
        leptos::task::spawn_local(async move {
            match accept_seller_rules(SELLER_RULES_VERSION).await {
                Ok(view) => shop.set(Some(view)),
                Err(error) => message.set(Some(error.to_string())),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="rules-heading" data-testid="rules-panel">
            <h2 id="rules-heading">{move || t.get().onboarding.rules_title}</h2>
            <ul class="rules-list">
                {move || t.get().onboarding.rules.map(|rule| view! { <li>{rule}</li> }).collect_view()}
            </ul>
            {move || match accepted_at() {
                Some(at) => view! {
                    <p class="notice notice--success" data-testid="rules-accepted">{move || (t.get().onboarding.rules_accepted)(&utc_minute(at))}</p>
                }.into_any(),
                None => view! {
                    <button class="button button--secondary" data-testid="accept-rules" on:click=accept>
                        {move || t.get().onboarding.accept_rules}
                    </button>
                }.into_any(),
            }}
            <p role="status" aria-live="polite" class="form__status">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn DocumentPanel(shop: ShopSignal) -> impl IntoView {
    let t = use_messages();
    let o = move || t.get().onboarding;
    view! {
        <section class="panel" aria-labelledby="document-heading" data-testid="document-panel">
            <h2 id="document-heading">{move || o().document_title}</h2>
            {move || shop.with(|s| s.as_ref().and_then(|s| s.document.clone())).map(|document| view! {
                <p class="notice notice--success" data-testid="document-on-file">
                    {move || (o().document_on_file)(&utc_minute(document.uploaded_at_ms))}
                    " "
                    <a href=format!("/api/v1/seller/shop/documents/{}", document.id) target="_blank" rel="noopener">
                        {move || o().view_document}
                    </a>
                </p>
            })}
            <UploadField id="identity-document" label=Signal::derive(move || o().document_label)
                accept="application/pdf,image/png,image/jpeg" shop=shop hint=Signal::derive(move || o().document_hint)
                target=UploadTarget::IdentityDocument />
        </section>
    }
}
