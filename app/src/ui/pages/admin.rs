use leptos::prelude::*;
use shared::auth::Role;

use crate::api::accounts::audit_log;
use crate::state::locale::use_messages;
use crate::ui::components::console::{ConsoleFrame, RequireRole};
use crate::ui::components::time::utc_minute;
use crate::ui::components::tokens::TokensPanel;
use crate::ui::pages::shipping::CarriersPanel;

/// The operator console: for operators only.
#[component]
pub fn AdminConsole() -> impl IntoView {
    let t = use_messages();
    view! {
        <RequireRole role=Role::Operator notice="operator_only" path="/admin">
            <ConsoleFrame
                test_id="admin-console"
                title=Signal::derive(move || t.get().admin_title)
                intro=Signal::derive(move || t.get().admin_intro)
                sections=Signal::derive(move || &t.get().admin_sections[..])
            >
                <crate::ui::pages::verification::VerificationPanel />
                <CarriersPanel />
                <AuditLog />
                <TokensPanel role=Role::Operator />
            </ConsoleFrame>
        </RequireRole>
    }
}

/// The newest audit entries.
#[component]
fn AuditLog() -> impl IntoView {
    let t = use_messages();
    let entries = LocalResource::new(|| audit_log(None));
    view! {
        <section class="panel" aria-labelledby="audit-heading">
            <h2 id="audit-heading">{move || t.get().account.audit_title}</h2>
            <div class="table-scroll">
                <table class="table" data-testid="audit-log">
                    <thead>
                        <tr>
                            {move || {
                                t.get().account.audit_columns.map(|c| view! { <th scope="col">{c}</th> }).collect_view()
                            }}
                        </tr>
                    </thead>
                    <tbody>
                        {move || {
                            entries
                                .get()
                                .and_then(Result::ok)
                                .map(|page| {
                                    page.items
                                        .into_iter()
                                        .map(|entry| {
                                            view! {
                                                <tr>
                                                    <td>{utc_minute(entry.at_ms)}</td>
                                                    <td><code>{entry.action}</code></td>
                                                    <td>{entry.actor.unwrap_or_default()}</td>
                                                    <td>{entry.subject.unwrap_or_default()}</td>
                                                    <td>{entry.ip.unwrap_or_default()}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()
                                })
                        }}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
