//! The API-token panel of the seller and operator consoles: list, create (secret shown once), revoke.

use leptos::prelude::*;
use shared::auth::{Role, Scope};

use crate::api::accounts::{create_token, list_tokens, revoke_token};
use crate::state::locale::use_messages;
use crate::ui::components::time::utc_minute;

#[component]
pub fn TokensPanel(role: Role) -> impl IntoView {
    let t = use_messages();
    let tokens = LocalResource::new(list_tokens);
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Scope>::new());
    let secret = RwSignal::new(None::<String>);
    let problem = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);

    let create = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        problem.set(None);
        leptos::task::spawn_local(async move {
            match create_token(name.get_untracked(), chosen.get_untracked()).await {
                Ok(created) => {
                    secret.set(Some(created.secret));
                    name.set(String::new());
                    chosen.set(Vec::new());
                    tokens.refetch();
                }
                Err(error) => problem.set(Some(error.error.message)),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="panel" data-testid="tokens-panel" aria-labelledby="tokens-heading">
            <h2 id="tokens-heading">{move || t.get().account.tokens_title}</h2>
            <p class="panel__intro">{move || t.get().account.tokens_intro}</p>
            <form class="form form--inline" on:submit=create>
                <div class="field">
                    <label for="token-name">{move || t.get().account.token_name}</label>
                    <input
                        id="token-name"
                        prop:value=move || name.get()
                        on:input=move |event| name.set(event_target_value(&event))
                    />
                </div>
                <fieldset class="choices">
                    <legend>{move || t.get().account.scopes}</legend>
                    {role
                        .grantable_scopes()
                        .iter()
                        .map(|&scope| {
                            view! {
                                <label class="choice">
                                    <input
                                        type="checkbox"
                                        value=scope.as_str()
                                        prop:checked=move || chosen.get().contains(&scope)
                                        on:change=move |_| {
                                            chosen.update(|list| {
                                                if let Some(at) = list.iter().position(|s| *s == scope) {
                                                    list.remove(at);
                                                } else {
                                                    list.push(scope);
                                                }
                                            })
                                        }
                                    />
                                    <code>{scope.as_str()}</code>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <p class="form__message" role="alert">{move || problem.get()}</p>
                <button class="button" type="submit" disabled=move || pending.get()>
                    {move || t.get().account.create_token}
                </button>
            </form>
            {move || {
                secret
                    .get()
                    .map(|secret| {
                        view! {
                            <div class="notice notice--success" role="status">
                                <p>{move || t.get().account.token_secret_once}</p>
                                <code class="secret" data-testid="token-secret">{secret}</code>
                            </div>
                        }
                    })
            }}
            {move || match tokens.get() {
                None => view! { <p class="panel__intro">"…"</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error">{error.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => {
                    view! { <p class="panel__intro">{move || t.get().account.no_tokens}</p> }.into_any()
                }
                Some(Ok(list)) => {
                    view! {
                        <ul class="token-list">
                            {list
                                .into_iter()
                                .map(|token| {
                                    let id = token.id;
                                    let revoked = token.revoked_at_ms.is_some();
                                    let scopes = token.scopes.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" ");
                                    let last_used = token.last_used_at_ms.map(utc_minute);
                                    view! {
                                        <li class="token" class:token--revoked=revoked data-testid="token">
                                            <div>
                                                <strong>{token.name}</strong>
                                                " "
                                                <code>{token.prefix} "…"</code>
                                                <p class="token__meta">
                                                    <code>{scopes}</code>
                                                    " · "
                                                    {move || t.get().account.last_used}
                                                    ": "
                                                    {last_used.clone().unwrap_or_else(|| t.get().account.never.into())}
                                                </p>
                                            </div>
                                            {if revoked {
                                                view! {
                                                    <span class="badge">{move || t.get().account.revoked}</span>
                                                }
                                                    .into_any()
                                            } else {
                                                view! {
                                                    <button
                                                        class="button button--secondary"
                                                        on:click=move |_| {
                                                            leptos::task::spawn_local(async move {
                                                                if revoke_token(id).await.is_ok() {
                                                                    tokens.refetch();
                                                                }
                                                            });
                                                        }
                                                    >
                                                        {move || t.get().account.revoke}
                                                    </button>
                                                }
                                                    .into_any()
                                            }}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}
