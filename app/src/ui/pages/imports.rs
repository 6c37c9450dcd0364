//! `/seller/listings/import`: listings from a CSV file. The browser reads the file and previews it with the parser
//! the server uses (`shared::listing_import`), then uploads it; the server creates the listings as drafts in the
//! background and this page follows its progress — also after the seller left and came back. Rows with problems
//! download as CSV with a `problem` column, to fix and import again.

use leptos::prelude::*;
use shared::dto::CategoryNode;
use shared::ids::{CategoryId, ImportId};
use shared::listing_import::{
    IMPORT_COLUMNS, ImportFileProblem, ImportState, ImportStatus, ParsedImport, RowProblemKind, parse_import,
};
use shared::money::{Currency, Money};

use crate::api::list_categories;
use crate::api::listings::{listing_import, listing_imports, new_listing_defaults};
use crate::browser::sleep_ms;
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::console::SellerFrame;
use crate::ui::components::time::utc_minute;
use crate::ui::url::encode;
use crate::upload::{picked_files, read_text, upload_import};

/// How often a running import is asked for its progress.
const POLL_MS: i32 = 700;

#[component]
pub fn ImportPage() -> impl IntoView {
    let t = use_messages();
    view! {
        <SellerFrame
            test_id="import-page"
            path="/seller/listings/import"
            title=Signal::derive(move || t.get().imports.title)
            intro=Signal::derive(move || t.get().imports.intro)
        >
            <ImportPanel />
        </SellerFrame>
    }
}

fn slugs(nodes: &[CategoryNode], out: &mut Vec<(String, CategoryId)>) {
    for node in nodes {
        out.push((node.slug.clone(), node.id));
        slugs(&node.children, out);
    }
}

/// A template: the header and two rows of one listing with two variants.
fn template() -> String {
    let rows = [
        IMPORT_COLUMNS.join(","),
        "brass-lamp,Brass reading lamp,\"A heavy brass lamp with a linen shade, 45 cm tall.\",lighting,LAMP-SAGE,45.00,3,Sage,,Brass,,,24".into(),
        "brass-lamp,,,,LAMP-NAVY,39.50,2,Navy,,,,,".into(),
    ];
    format!("data:text/csv;charset=utf-8,{}", encode(&rows.join("\n")))
}

#[component]
fn ImportPanel() -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let categories = LocalResource::new(list_categories);
    let defaults = LocalResource::new(new_listing_defaults);
    let file = RwSignal::new(None::<(String, String)>);
    let reading = RwSignal::new(false);
    let notice = RwSignal::new(None::<String>);
    let version = RwSignal::new(0u32);
    let imports = LocalResource::new(move || {
        let _ = version.get();
        listing_imports()
    });
    let following = RwSignal::new(None::<ImportStatus>);
    // One upload at a time: a second click while the first is on its way would only wait for the same answer.
    let uploading = RwSignal::new(false);

    let parsed = Memo::new(move |_| -> Option<Result<(ParsedImport, Currency), ImportFileProblem>> {
        let (_, text) = file.get()?;
        let currency = match defaults.get() {
            Some(Ok(defaults)) => defaults.currency,
            _ => return None,
        };
        let mut known = Vec::new();
        if let Some(Ok(tree)) = categories.get() {
            slugs(&tree, &mut known);
        }
        let by_slug =
            |slug: &str| known.iter().find(|(s, _)| s.eq_ignore_ascii_case(slug)).map(|(_, id)| *id);
        Some(parse_import(&text, currency, by_slug).map(|parsed| (parsed, currency)))
    });

    // Follows an import until it is done, then refreshes the list.
    let follow = move |status: ImportStatus| {
        following.set(Some(status.clone()));
        if status.state == ImportState::Done {
            version.update(|v| *v += 1);
            return;
        }
        leptos::task::spawn_local(async move {
            loop {
                sleep_ms(POLL_MS).await;
                match listing_import(status.id).await {
                    Ok(now) => {
                        let done = now.state == ImportState::Done;
                        following.set(Some(now));
                        if done {
                            version.update(|v| *v += 1);
                            break;
                        }
                    }
                    Err(error) => {
                        notice.set(Some(error.to_string()));
                        break;
                    }
                }
            }
        });
    };
    // A seller who comes back finds the import that is still running.
    Effect::new(move |_| {
        if following.get_untracked().is_some() {
            return;
        }
        if let Some(Ok(list)) = imports.get()
            && let Some(running) = list.into_iter().find(|import| import.state == ImportState::Running)
        {
            follow(running);
        }
    });

    let on_file = move |event: leptos::ev::Event| {
        let Some(picked) = picked_files(&event).into_iter().next() else { return };
        reading.set(true);
        notice.set(None);
        leptos::task::spawn_local(async move {
            match read_text(&picked).await {
                Ok(text) => file.set(Some((picked.name.clone(), text))),
                Err(error) => notice.set(Some(error.to_string())),
            }
            reading.set(false);
        });
    };
    let start = move |_| {
        let Some((name, text)) = file.get_untracked() else { return };
        if uploading.get_untracked() {
            return;
        }
        uploading.set(true);
        leptos::task::spawn_local(async move {
            let answer = upload_import(&name, text).await;
            uploading.set(false);
            match answer {
                Ok(status) => {
                    file.set(None);
                    follow(status);
                }
                Err(error) => notice.set(Some(error.to_string())),
            }
        });
    };
    let problem_text = move |kind: &RowProblemKind| -> String {
        let texts = &t.get().imports;
        match kind {
            RowProblemKind::Missing => texts.row_problems[0].to_string(),
            RowProblemKind::NotAPrice => texts.row_problems[1].to_string(),
            RowProblemKind::NotANumber => texts.row_problems[2].to_string(),
            RowProblemKind::UnknownCategory => texts.row_problems[3].to_string(),
            RowProblemKind::ListingLeftOut => texts.row_problems[4].to_string(),
            RowProblemKind::Listing(problem) => (t.get().listings.problem)(problem),
        }
    };

    view! {
        <section class="panel import" aria-labelledby="import-heading">
            <h2 id="import-heading">{move || t.get().imports.choose_file}</h2>
            <p class="field__hint">
                {move || t.get().imports.columns_hint}" "<code>{IMPORT_COLUMNS.join(", ")}</code>
            </p>
            <p><a href=template() download="bazaar-listings-template.csv">{move || t.get().imports.template}</a></p>
            <label class="button button--secondary picture-picker">
                {move || t.get().imports.pick}
                <input type="file" accept=".csv,text/csv" class="visually-hidden" data-testid="import-file" on:change=on_file />
            </label>
            {move || reading.get().then(|| view! { <p role="status">{move || t.get().imports.reading}</p> })}
            <p class="notice notice--error" role="alert" class:visually-hidden=move || notice.get().is_none()>{move || notice.get()}</p>

            {move || parsed.get().map(|result| match result {
                Err(problem) => view! {
                    <p class="notice notice--error" role="alert" data-testid="import-refused">{(t.get().imports.file_refused)(&problem.to_string())}</p>
                }.into_any(),
                Ok((parsed, currency)) => {
                    let ready = parsed.listings.len();
                    let problems = parsed.problems.clone();
                    let problem_lines = {
                        let mut lines: Vec<u32> = problems.iter().map(|p| p.line).collect();
                        lines.dedup();
                        lines.len()
                    };
                    view! {
                        <div class="import-preview" data-testid="import-preview">
                            <h3>{move || t.get().imports.preview}</h3>
                            <p data-testid="import-counts">{move || (t.get().imports.counts)(parsed.rows, ready as u32, problem_lines as u32)}</p>
                            <div class="table-scroll">
                                <table class="table">
                                    <thead><tr>
                                        {move || t.get().imports.preview_columns.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                                    </tr></thead>
                                    <tbody>
                                        {parsed.listings.iter().take(10).map(|listing| {
                                            let (price, stock) = listing.input.headline();
                                            let price = Money::new(price, currency);
                                            view! {
                                                <tr>
                                                    <td>{listing.handle.clone()}</td>
                                                    <td>{listing.input.title.clone()}</td>
                                                    <td>{listing.input.variants.len()}</td>
                                                    <td>{move || locale.get().format_money(price)}</td>
                                                    <td>{stock}</td>
                                                </tr>
                                            }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                            {(!problems.is_empty()).then(|| view! {
                                <h4>{move || t.get().imports.problems}</h4>
                                <ul class="import-problems" data-testid="import-problems">
                                    {problems.iter().take(20).map(|problem| {
                                        let kind = problem.problem;
                                        let (line, column) = (problem.line, problem.column.clone());
                                        view! { <li>{move || (t.get().imports.at)(line, &column)}" "{move || problem_text(&kind)}</li> }
                                    }).collect_view()}
                                </ul>
                            })}
                            <button class="button" data-testid="start-import" disabled=move || ready == 0 || uploading.get() on:click=start>
                                {move || (t.get().imports.start)(ready as u32)}
                            </button>
                        </div>
                    }.into_any()
                }
            })}

            {move || following.get().map(|status| {
                let percent = status.percent();
                view! {
                    <div class="import-progress" data-testid="import-progress" data-state=status.state.as_str()>
                        <progress max="100" value=percent aria-label=move || t.get().imports.progress_label></progress>
                        <p role="status" aria-live="polite">
                            {move || (t.get().imports.progress)(status.listings_done, status.listings_total)}
                        </p>
                    </div>
                }
            })}
        </section>

        <section class="panel" aria-labelledby="imports-heading">
            <h2 id="imports-heading">{move || t.get().imports.recent}</h2>
            {move || match imports.get() {
                None => view! { <p role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>{move || t.get().imports.none}</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="import-list" data-testid="import-list">
                        {list.into_iter().map(|import| view! { <ImportLine import /> }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn ImportLine(import: ImportStatus) -> impl IntoView {
    let t = use_messages();
    let id: ImportId = import.id;
    let when = utc_minute(import.created_at_ms);
    let state = import.state;
    view! {
        <li class="import-line" data-state=state.as_str()>
            <span class="import-line__name">{import.file_name.clone()}</span>
            <span class="listings-table__meta">{when}</span>
            <span>{move || (t.get().imports.progress)(import.listings_done, import.listings_total)}</span>
            {(import.problem_rows > 0).then(|| view! {
                <a href=format!("/api/v1/seller/imports/{id}/problems.csv") download=format!("problems-{}.csv", import.file_name.trim_end_matches(".csv"))
                    data-testid="download-problems">
                    {move || (t.get().imports.download_problems)(import.problem_rows)}
                </a>
            })}
            {(state == ImportState::Done && import.listings_done > 0).then(|| view! {
                <a href="/seller/listings?status=draft">{move || t.get().imports.see_drafts}</a>
            })}
        </li>
    }
}
