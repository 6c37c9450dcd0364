//! The operators' "Shops to verify" panel in `/admin`: the queue (paginated, by state), a case with the shop's
//! profile, owner, rules acceptance and identity document, and the decision — approve, or reject with a reason
//! the seller reads. The server decides who may; this only shows.

use leptos::prelude::*;
use shared::ids::SellerId;
use shared::shop::{VerificationCase, VerificationStatus};

use crate::api::shops::{approve_shop, reject_shop, shop_case, verification_queue};
use crate::state::locale::use_messages;
use crate::ui::components::time::utc_minute;

fn status_index(status: VerificationStatus) -> usize {
    VerificationStatus::ALL.iter().position(|s| *s == status).unwrap_or_default()
}

#[component]
pub fn VerificationPanel() -> impl IntoView {
    let t = use_messages();
    let status = RwSignal::new(VerificationStatus::Pending);
    let page = RwSignal::new(1u32);
    let version = RwSignal::new(0u32);
    let queue = LocalResource::new(move || {
        let (status, page) = (status.get(), page.get());
        let _ = version.get();
        async move { verification_queue(Some(status), Some(page)).await }
    });
    let open = RwSignal::new(None::<SellerId>);
    let o = move || t.get().onboarding;
    view! {
        <section class="panel verification" aria-labelledby="verification-heading" data-testid="verification-panel">
            <h2 id="verification-heading">{move || o().queue_title}</h2>
            <p class="panel__intro">{move || o().queue_intro}</p>
            <div class="field verification__filter">
                <label for="verification-status">{move || o().queue_filter}</label>
                <select id="verification-status" on:change=move |event| {
                    if let Some(chosen) = VerificationStatus::parse(&event_target_value(&event)) {
                        status.set(chosen);
                        page.set(1);
                    }
                }>
                    {VerificationStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status.get() == s>{move || o().statuses[status_index(s)]}</option>
                    }).collect_view()}
                </select>
            </div>
            {move || match queue.get() {
                None => view! { <p class="notice" role="status">{move || t.get().account.working}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(result)) if result.items.is_empty() => view! { <p>{move || o().queue_empty}</p> }.into_any(),
                Some(Ok(result)) => {
                    let pages = result.page_count();
                    let current = result.page;
                    view! {
                        <div class="table-scroll">
                            <table class="table" data-testid="verification-queue">
                                <thead><tr>
                                    {move || o().queue_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                                </tr></thead>
                                <tbody>
                                    {result.items.into_iter().map(|item| {
                                        let shop = item.shop_id;
                                        view! {
                                            <tr data-testid="queue-row" data-shop=shop.to_string()>
                                                <td>{item.name.clone()}</td>
                                                <td>{item.owner_email.clone().unwrap_or_default()}</td>
                                                <td>{item.region.clone()}</td>
                                                <td>{item.submitted_at_ms.map(utc_minute).unwrap_or_default()}</td>
                                                <td>
                                                    <button class="button button--small" data-testid="open-case"
                                                        aria-label=format!("{} {}", o().open_case, item.name)
                                                        on:click=move |_| open.set(Some(shop))>
                                                        {move || o().open_case}
                                                    </button>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        <Show when=move || { pages > 1 }>
                            <nav class="pagination" aria-label=move || t.get().pagination_label>
                                <button class="button button--secondary button--small" disabled=move || current <= 1
                                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>{move || t.get().previous_page}</button>
                                <span>{move || (t.get().page_status)(current, pages)}</span>
                                <button class="button button--secondary button--small" disabled=move || u64::from(current) >= pages
                                    on:click=move |_| page.update(|p| *p += 1)>{move || t.get().next_page}</button>
                            </nav>
                        </Show>
                    }.into_any()
                }
            }}
            {move || open.get().map(|shop| view! { <CaseView shop=shop open=open version=version /> })}
        </section>
    }
}

/// One case: what the operator checks, and the decision.
#[component]
fn CaseView(shop: SellerId, open: RwSignal<Option<SellerId>>, version: RwSignal<u32>) -> impl IntoView {
    let t = use_messages();
    let case = RwSignal::new(None::<VerificationCase>);
    let message = RwSignal::new(None::<String>);
    let reason = RwSignal::new(String::new());
    let reason_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let loaded = LocalResource::new(move || shop_case(shop));
    Effect::new(move |_| match loaded.get() {
        Some(Ok(loaded)) => case.set(Some(loaded)),
        Some(Err(error)) => message.set(Some(error.to_string())),
        None => {}
    });
    let decided = move |result: Result<VerificationCase, crate::api::AppError>| match result {
        Ok(updated) => {
            case.set(Some(updated));
            reason.set(String::new());
            reason_error.set(None);
            message.set(Some(t.get_untracked().onboarding.decided.into()));
            version.update(|v| *v += 1);
        }
        Err(error) if error.error.field.as_deref() == Some("reason") => {
            reason_error.set(Some(error.error.message))
        }
        Err(error) => message.set(Some(error.to_string())),
    };
    let approve = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            decided(approve_shop(shop).await);
            busy.set(false);
        });
    };
    let reject = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = reason.get_untracked();
        if let Err(problem) = shared::shop::normalize_reason(&text) {
            reason_error.set(Some((t.get_untracked().onboarding.problem)(&problem.problem)));
            return;
        }
        busy.set(true);
        leptos::task::spawn_local(async move {
            decided(reject_shop(shop, text).await);
            busy.set(false);
        });
    };
    let o = move || t.get().onboarding;
    view! {
        <article class="case" aria-labelledby="case-heading" data-testid="verification-case">
            {move || case.get().map(|case| {
                let view_ = case.shop.clone();
                let status = view_.verification.status;
                let pending = status == VerificationStatus::Pending;
                let is_image = view_.document.as_ref().is_some_and(|d| d.content_type.starts_with("image/"));
                view! {
                    <header class="case__header">
                        <h3 id="case-heading">{move || (o().case_title)(&view_.name)}</h3>
                        <span class=format!("badge badge--{}", status.as_str()) data-testid="case-status" data-status=status.as_str()>
                            {move || o().statuses[status_index(status)]}
                        </span>
                    </header>
                    <div class="case__body">
                        <dl class="case__facts">
                            <div><dt>{move || o().owner}</dt>
                                <dd>{case.owner_name.clone().unwrap_or_default()} " · " {case.owner_email.clone().unwrap_or_default()}</dd></div>
                            <div><dt>{move || o().description}</dt><dd class="case__text">{case.shop.description.clone()}</dd></div>
                            <div><dt>{move || o().region}</dt><dd>{case.shop.region.clone()}</dd></div>
                            <div><dt>{move || o().handling_days}</dt><dd>{case.shop.handling_days}</dd></div>
                            <div><dt>{move || o().return_window_days}</dt><dd>{case.shop.return_window_days}</dd></div>
                            <div><dt>{move || o().return_policy}</dt><dd class="case__text">{case.shop.return_policy.clone()}</dd></div>
                            <div><dt>{move || o().payout_title}</dt>
                                <dd>{case.shop.payout_account.clone().map(|a| a.label).unwrap_or_default()}</dd></div>
                            <div><dt>{move || o().rules_title}</dt>
                                <dd data-testid="case-rules">{
                                    let at = case.shop.rules_accepted_at_ms;
                                    move || match at {
                                        Some(at) => (o().rules_accepted)(&utc_minute(at)),
                                        None => o().not_accepted.to_string(),
                                    }
                                }</dd></div>
                            {case.shop.verification.reason.clone().map(|reason| view! {
                                <div><dt>{move || o().reason}</dt><dd class="case__text">{reason}</dd></div>
                            })}
                        </dl>
                        <div class="case__document">
                            {case.shop.logo_url.clone().map(|url| view! {
                                <img class="shop-logo" src=url alt=move || o().logo_alt width="64" height="64" />
                            })}
                            {match case.document_url.clone() {
                                None => view! { <p>{move || o().no_document}</p> }.into_any(),
                                Some(url) => view! {
                                    {is_image.then(|| view! {
                                        <img class="case__preview" src=url.clone() alt=move || o().document_preview data-testid="document-preview" />
                                    })}
                                    <p><a class="button button--secondary button--small" href=url target="_blank" rel="noopener" data-testid="download-document">
                                        {move || o().download_document}
                                    </a></p>
                                }.into_any(),
                            }}
                        </div>
                    </div>
                    <Show when=move || pending>
                        <div class="case__decision">
                            <button class="button" data-testid="approve-shop" disabled=move || busy.get() on:click=approve>
                                {move || o().approve}
                            </button>
                            <form class="form case__reject" novalidate on:submit=reject>
                                <div class="field" class:field--invalid=move || reason_error.get().is_some()>
                                    <label for="reject-reason">{move || o().reason}</label>
                                    <textarea id="reject-reason" rows="2" prop:value=move || reason.get()
                                        on:input=move |event| reason.set(event_target_value(&event))
                                        aria-invalid=move || if reason_error.get().is_some() { "true" } else { "false" }
                                        aria-describedby="reject-reason-hint"></textarea>
                                    <p class="field__hint" id="reject-reason-hint">{move || o().reason_hint}</p>
                                    <p class="field__error" role="alert">{move || reason_error.get()}</p>
                                </div>
                                <div><button class="button button--secondary" type="submit" data-testid="reject-shop" disabled=move || busy.get()>
                                    {move || o().reject}
                                </button></div>
                            </form>
                        </div>
                    </Show>
                }
            })}
            <p role="status" aria-live="polite" class="form__status" data-testid="case-message">{move || message.get()}</p>
            <button class="button button--secondary button--small" on:click=move |_| open.set(None)>{move || o().close_case}</button>
        </article>
    }
}
