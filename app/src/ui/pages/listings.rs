//! The seller's listings: a table (filtered, sorted and paged on the server) whose price and stock cells are a bulk
//! editor, and the listing editor with per-field messages, picture uploads with progress and a live preview of the
//! card as shoppers will see it. The form checks itself with `shared::listing` — the rules the server applies.

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_params_map, use_query_map};
use shared::dto::{Attribute, CategoryNode, CategoryRef, ProductSummary, SellerRef};
use shared::ids::{CategoryId, ProductId, VariantId};
use shared::listing::{
    ATTRIBUTE_NAMES, FieldProblem, ListingAction, ListingEditor, ListingInput, ListingSort, ListingStatus,
    SellerListing, VariantChange, VariantInput,
};
use shared::media::ProductImage;
use shared::money::{Currency, Money};

use crate::api::list_categories;
use crate::api::listings::{
    change_listing_status, change_variants, create_listing, listing_delivery_preview, listing_for_editor,
    new_listing_defaults, seller_listings, update_listing,
};
use crate::state::locale::{use_locale, use_messages};
use crate::state::region::use_region;
use crate::state::session::use_session;
use crate::ui::components::console::SellerFrame;
use crate::ui::components::pagination::Pagination;
use crate::ui::components::product_card::ProductCard;
use crate::ui::components::time::utc_minute;
use crate::ui::url::with_query;
use crate::upload::{picked_files, upload_picture};

/// The bulk editor's changes not saved yet: per variant, its currency, the price and the stock as typed (None:
/// unchanged).
type PendingEdits = BTreeMap<VariantId, (Currency, Option<String>, Option<String>)>;

fn status_name(status: ListingStatus, names: [&'static str; 3]) -> &'static str {
    match status {
        ListingStatus::Draft => names[0],
        ListingStatus::Published => names[1],
        ListingStatus::Unpublished => names[2],
    }
}

/// `/seller/listings`: every listing of the shop, with price and stock editable in place.
#[component]
pub fn ListingsPage() -> impl IntoView {
    let t = use_messages();
    view! {
        <SellerFrame
            test_id="listings-page"
            path="/seller/listings"
            title=Signal::derive(move || t.get().listings.title)
            intro=Signal::derive(move || t.get().listings.intro)
        >
            <ListingsTable />
        </SellerFrame>
    }
}

#[component]
fn ListingsTable() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let navigate = use_navigate();
    let status = Memo::new(move |_| query.read().get("status").and_then(|s| ListingStatus::parse(&s)));
    let sort =
        Memo::new(move |_| query.read().get("sort").and_then(|s| ListingSort::parse(&s)).unwrap_or_default());
    let page =
        Memo::new(move |_| query.read().get("page").and_then(|p| p.parse::<u32>().ok()).unwrap_or(1).max(1));
    let version = RwSignal::new(0u32);
    let listings = LocalResource::new(move || {
        let (status, sort, page, _) = (status.get(), sort.get(), page.get(), version.get());
        seller_listings(status, Some(sort), page)
    });
    // Price (as typed, major units) and stock (as typed) per changed variant.
    let edits: RwSignal<PendingEdits> = RwSignal::new(BTreeMap::new());
    let notice = RwSignal::new(None::<(bool, String)>);
    // While a bulk save or a publish is on its way, the table's buttons wait for its answer.
    let acting = RwSignal::new(false);
    let href = move |status: Option<ListingStatus>, sort: ListingSort, page: u32| {
        let sort = if sort == ListingSort::Updated { "" } else { sort.as_str() };
        let page = if page > 1 { page.to_string() } else { String::new() };
        with_query(
            "/seller/listings",
            &[
                ("status", status.map(|s| s.as_str().to_string()).unwrap_or_default()),
                ("sort", sort.into()),
                ("page", page),
            ],
        )
    };
    let go = {
        let navigate = navigate.clone();
        move |url: String| navigate(&url, Default::default())
    };
    let go_status = {
        let go = go.clone();
        move |event: leptos::ev::Event| {
            go(href(ListingStatus::parse(&event_target_value(&event)), sort.get_untracked(), 1));
        }
    };
    let go_sort = move |event: leptos::ev::Event| {
        let sort = ListingSort::parse(&event_target_value(&event)).unwrap_or_default();
        go(href(status.get_untracked(), sort, 1));
    };
    let save = move |_| {
        let mut changes = Vec::new();
        for (variant_id, (currency, price, stock)) in edits.get_untracked() {
            let price_minor = match price {
                Some(text) => match Money::from_major_str(text.trim(), currency) {
                    Ok(money) => Some(money.amount_minor),
                    Err(_) => {
                        notice.set(Some((false, t.get_untracked().listings.not_a_price.to_string())));
                        return;
                    }
                },
                None => None,
            };
            let stock = match stock {
                Some(text) => match text.trim().parse::<u32>() {
                    Ok(stock) => Some(stock),
                    Err(_) => {
                        notice.set(Some((
                            false,
                            (t.get_untracked().listings.problem)(
                                &shared::listing::ListingProblem::OutOfRange {
                                    min: 0,
                                    max: i64::from(shared::listing::MAX_STOCK),
                                },
                            ),
                        )));
                        return;
                    }
                },
                None => None,
            };
            changes.push(VariantChange { variant_id, price_minor, stock });
        }
        acting.set(true);
        leptos::task::spawn_local(async move {
            let answer = change_variants(changes).await;
            acting.set(false);
            match answer {
                Ok(changed) => {
                    edits.set(BTreeMap::new());
                    notice.set(Some((true, (t.get_untracked().listings.changes_saved)(changed))));
                    version.update(|v| *v += 1);
                }
                Err(error) => notice.set(Some((false, error.to_string()))),
            }
        });
    };
    let act = move |id: ProductId, action: ListingAction| {
        if acting.get_untracked() {
            return;
        }
        acting.set(true);
        leptos::task::spawn_local(async move {
            let answer = change_listing_status(id, action).await;
            acting.set(false);
            match answer {
                Ok(_) => {
                    let texts = &t.get_untracked().listings;
                    let text =
                        if action == ListingAction::Publish { texts.now_on_sale } else { texts.now_off_sale };
                    notice.set(Some((true, text.to_string())));
                    version.update(|v| *v += 1);
                }
                Err(error) => notice.set(Some((false, error.to_string()))),
            }
        });
    };
    view! {
        <section class="panel listings" aria-labelledby="listings-heading">
            <div class="listings__toolbar">
                <h2 id="listings-heading" class="visually-hidden">{move || t.get().listings.title}</h2>
                <a class="button" href="/seller/listings/new" data-testid="new-listing">{move || t.get().listings.new_listing}</a>
                <a class="button button--secondary" href="/seller/listings/import" data-testid="open-import">{move || t.get().imports.open}</a>
                <label class="inline-field">
                    <span>{move || t.get().listings.show}</span>
                    <select data-testid="status-filter" on:change=go_status>
                        <option value="" selected=move || status.get().is_none()>{move || t.get().listings.all}</option>
                        {ListingStatus::ALL.into_iter().map(|option| view! {
                            <option value=option.as_str() selected=move || status.get() == Some(option)>
                                {move || status_name(option, t.get().listings.statuses)}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="inline-field">
                    <span>{move || t.get().listings.sort_by}</span>
                    <select data-testid="sort" on:change=go_sort>
                        {ListingSort::ALL.into_iter().enumerate().map(|(index, option)| view! {
                            <option value=option.as_str() selected=move || sort.get() == option>
                                {move || t.get().listings.sorts[index]}
                            </option>
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <p role="status" aria-live="polite" class=move || match notice.get() {
                Some((false, _)) => "notice notice--error",
                Some((true, _)) => "notice notice--ok",
                None => "visually-hidden",
            }>{move || notice.get().map(|(_, text)| text)}</p>
            {move || match listings.get() {
                None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(page_of)) if page_of.items.is_empty() => view! { <p>{move || t.get().listings.empty}</p> }.into_any(),
                Some(Ok(page_of)) => {
                    let pages = page_of.page_count();
                    let current = page_of.page;
                    view! {
                        <table class="listings-table" data-testid="listings-table">
                            <thead>
                                <tr>
                                    {move || t.get().listings.columns.into_iter().map(|name| view! { <th scope="col">{name}</th> }).collect_view()}
                                </tr>
                            </thead>
                            <tbody>
                                {page_of.items.into_iter().map(|listing| view! { <ListingRow listing edits act acting /> }).collect_view()}
                            </tbody>
                        </table>
                        <Pagination
                            current
                            pages
                            href=Callback::new(move |page| href(status.get_untracked(), sort.get_untracked(), page))
                        />
                    }.into_any()
                }
            }}
            <div class="listings__save" class:is-hidden=move || edits.with(BTreeMap::is_empty)>
                <button class="button" data-testid="save-bulk" disabled=move || acting.get() on:click=save>
                    {move || (t.get().listings.save_changes)(edits.with(BTreeMap::len))}
                </button>
            </div>
        </section>
    }
}

#[component]
fn ListingRow(
    listing: SellerListing,
    edits: RwSignal<PendingEdits>,
    act: impl Fn(ProductId, ListingAction) + Copy + 'static,
    acting: RwSignal<bool>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let id = listing.id;
    let status = listing.status;
    let currency = listing.currency;
    let updated = utc_minute(listing.updated_at_ms);
    view! {
        <tr data-testid="listing-row" data-listing-id=id.to_string() data-status=status.as_str()>
            <td><div class="listings-table__listing">
                {match listing.image_url.clone() {
                    Some(url) => view! { <img class="listings-table__thumb" src=url alt="" width="48" height="48" loading="lazy" /> }.into_any(),
                    None => view! { <span class="listings-table__thumb listings-table__thumb--empty" aria-hidden="true"></span> }.into_any(),
                }}
                <span>
                    <a href=format!("/seller/listings/{id}") class="listings-table__title">{listing.title.clone()}</a>
                    <span class="listings-table__meta">{listing.category_name.clone()}" · "{updated}</span>
                </span>
            </div></td>
            <td>
                <span class=format!("badge badge--{}", status.as_str())>{move || status_name(status, t.get().listings.statuses)}</span>
                <span class="listings-table__meta">{move || (t.get().listings.total_stock)(listing.stock)}</span>
            </td>
            <td>
                <ul class="variant-edits">
                    {listing.variants.into_iter().map(|variant| {
                        let variant_id = variant.id;
                        let price_text = Money::new(variant.price_minor, currency).to_major_string();
                        let stock_text = variant.stock.to_string();
                        let price_id = format!("price-{variant_id}");
                        let stock_id = format!("stock-{variant_id}");
                        view! {
                            <li class="variant-edit">
                                <span class="variant-edit__sku">{variant.sku.clone()}</span>
                                <label for=price_id.clone() class="visually-hidden">
                                    {move || (t.get().listings.price_in)(currency.code())}" "{variant.sku.clone()}
                                </label>
                                <input id=price_id class="variant-edit__price" inputmode="decimal" data-testid="bulk-price"
                                    value=price_text
                                    on:input=move |event| {
                                        let text = event_target_value(&event);
                                        edits.update(|edits| edits.entry(variant_id).or_insert((currency, None, None)).1 = Some(text));
                                    }
                                />
                                <span class="variant-edit__currency" aria-hidden="true">{currency.code()}</span>
                                <label for=stock_id.clone() class="visually-hidden">{move || t.get().listings.stock}</label>
                                <input id=stock_id class="variant-edit__stock" type="number" min="0" inputmode="numeric" data-testid="bulk-stock"
                                    value=stock_text
                                    on:input=move |event| {
                                        let text = event_target_value(&event);
                                        edits.update(|edits| edits.entry(variant_id).or_insert((currency, None, None)).2 = Some(text));
                                    }
                                />
                            </li>
                        }
                    }).collect_view()}
                </ul>
                <span class="listings-table__meta">{move || locale.get().format_money(Money::new(listing.price_minor, currency))}</span>
            </td>
            <td class="listings-table__actions">
                <a class="button button--secondary" href=format!("/seller/listings/{id}")>{move || t.get().listings.edit}</a>
                {match status {
                    ListingStatus::Published => view! {
                        <button class="button button--secondary" data-testid="unpublish" disabled=move || acting.get() on:click=move |_| act(id, ListingAction::Unpublish)>
                            {move || t.get().listings.unpublish}
                        </button>
                    }.into_any(),
                    _ => view! {
                        <button class="button" data-testid="publish" disabled=move || acting.get() on:click=move |_| act(id, ListingAction::Publish)>
                            {move || t.get().listings.publish}
                        </button>
                    }.into_any(),
                }}
            </td>
        </tr>
    }
}

/// A variant row of the editor, as typed.
#[derive(Debug, Clone, PartialEq)]
struct VariantDraft {
    key: u32,
    id: Option<VariantId>,
    sku: String,
    colour: String,
    size: String,
    price: String,
    stock: String,
}

impl VariantDraft {
    fn from_input(key: u32, variant: &VariantInput, currency: Currency) -> Self {
        let option = |name: &str| {
            variant.options.iter().find(|a| a.name == name).map(|a| a.value.clone()).unwrap_or_default()
        };
        Self {
            key,
            id: variant.id,
            sku: variant.sku.clone(),
            colour: option("colour"),
            size: option("size"),
            price: Money::new(variant.price_minor, currency).to_major_string(),
            stock: variant.stock.to_string(),
        }
    }
}

/// Every category with its path ("Home › Lighting"), leaves and inner ones alike, in tree order.
fn category_choices(nodes: &[CategoryNode], path: &str, out: &mut Vec<(CategoryId, String, String, String)>) {
    for node in nodes {
        let label = if path.is_empty() { node.name.clone() } else { format!("{path} › {}", node.name) };
        out.push((node.id, label.clone(), node.slug.clone(), node.name.clone()));
        category_choices(&node.children, &label, out);
    }
}

/// `/seller/listings/new` and `/seller/listings/:id`.
#[component]
pub fn ListingEditorPage() -> impl IntoView {
    let t = use_messages();
    view! {
        <SellerFrame
            test_id="listing-editor"
            path="/seller/listings"
            title=Signal::derive(move || t.get().listings.edit_title)
            intro=Signal::derive(move || t.get().listings.preview_hint)
        >
            <ListingForm />
        </SellerFrame>
    }
}

#[component]
fn ListingForm() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let params = use_params_map();
    let navigate = use_navigate();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<ProductId>().ok()));

    let status = RwSignal::new(None::<ListingStatus>);
    let currency = RwSignal::new(None::<Currency>);
    let shop_verified = RwSignal::new(false);
    let category = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let attributes: [RwSignal<String>; 5] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let warranty = RwSignal::new("0".to_string());
    let variants = RwSignal::new(vec![VariantDraft {
        key: 0,
        id: None,
        sku: String::new(),
        colour: String::new(),
        size: String::new(),
        price: String::new(),
        stock: "0".into(),
    }]);
    let next_key = RwSignal::new(1u32);
    let images = RwSignal::new(Vec::<ProductImage>::new());
    let tried_publish = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let notice = RwSignal::new(None::<(bool, String)>);
    let upload_progress = RwSignal::new(None::<(String, u32)>);

    let fill = move |editor: ListingEditor| {
        status.set(Some(editor.status));
        currency.set(Some(editor.currency));
        shop_verified.set(editor.shop_verified);
        category.set(editor.input.category_id.map(|c| c.to_string()).unwrap_or_default());
        title.set(editor.input.title.clone());
        description.set(editor.input.description.clone());
        for (index, name) in ATTRIBUTE_NAMES.iter().enumerate() {
            let value = editor.input.attributes.iter().find(|a| a.name == *name).map(|a| a.value.clone());
            attributes[index].set(value.unwrap_or_default());
        }
        warranty.set(editor.input.warranty_months.to_string());
        let drafts: Vec<VariantDraft> = editor
            .input
            .variants
            .iter()
            .enumerate()
            .map(|(key, variant)| VariantDraft::from_input(key as u32, variant, editor.currency))
            .collect();
        next_key.set(drafts.len() as u32 + 1);
        variants.set(drafts);
        images.set(editor.images);
    };
    let loaded = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => listing_for_editor(id).await.map(Some),
                None => new_listing_defaults().await.map(|defaults| {
                    currency.set(Some(defaults.currency));
                    shop_verified.set(defaults.shop_verified);
                    status.set(None);
                    None
                }),
            }
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(Some(editor))) = loaded.get() {
            fill(editor);
        }
    });
    let categories = LocalResource::new(list_categories);
    let choices = Memo::new(move |_| {
        let mut out = Vec::new();
        if let Some(Ok(tree)) = categories.get() {
            category_choices(&tree, "", &mut out);
        }
        out
    });

    // The form as input, with the prices that do not read as money named by field.
    let as_input = move || -> (ListingInput, Vec<String>) {
        let currency = currency.get().unwrap_or(Currency::USD);
        let mut unreadable = Vec::new();
        let variants = variants
            .get()
            .iter()
            .enumerate()
            .map(|(index, draft)| {
                let price_minor = if draft.price.trim().is_empty() {
                    0
                } else {
                    Money::from_major_str(draft.price.trim(), currency)
                        .map(|m| m.amount_minor)
                        .unwrap_or_else(|_| {
                            unreadable.push(format!("variants[{index}].price"));
                            0
                        })
                };
                let mut options = Vec::new();
                for (name, value) in [("colour", &draft.colour), ("size", &draft.size)] {
                    if !value.trim().is_empty() {
                        options.push(Attribute { name: name.into(), value: value.clone() });
                    }
                }
                VariantInput {
                    id: draft.id,
                    sku: draft.sku.clone(),
                    options,
                    price_minor,
                    stock: draft.stock.trim().parse().unwrap_or(u32::MAX),
                }
            })
            .collect();
        let input = ListingInput {
            category_id: category.get().parse().ok(),
            title: title.get(),
            description: description.get(),
            attributes: ATTRIBUTE_NAMES
                .iter()
                .zip(attributes.iter())
                .filter(|(_, value)| !value.get().trim().is_empty())
                .map(|(name, value)| Attribute { name: (*name).into(), value: value.get() })
                .collect(),
            warranty_months: warranty.get().trim().parse().unwrap_or(u16::MAX),
            variants,
        };
        (input, unreadable)
    };
    let publish_problems = Memo::new(move |_| {
        let (input, _) = as_input();
        input.publish_problems(images.with(Vec::len), shop_verified.get())
    });
    // A field's message: its limit now, or what publishing needs once the seller tried to publish.
    let message_for = move |field: String| {
        Signal::derive(move || {
            let (input, unreadable) = as_input();
            if unreadable.contains(&field) {
                return Some(t.get().listings.not_a_price.to_string());
            }
            let problems: Vec<FieldProblem> =
                if tried_publish.get() { publish_problems.get() } else { input.problems() };
            problems.iter().find(|p| p.field == field).map(|p| (t.get().listings.problem)(&p.problem))
        })
    };

    // One key per new listing, kept across retries of its first save: a save whose answer was lost on a dropped
    // connection is answered with the draft it made, not a second one.
    let creation_key = StoredValue::new(crate::browser::new_key());
    let save_then = move |publish: bool| {
        let (input, unreadable) = as_input();
        if publish {
            tried_publish.set(true);
        }
        if !unreadable.is_empty() || !input.problems().is_empty() {
            notice.set(Some((false, t.get_untracked().listings.missing.to_string())));
            return;
        }
        let navigate = navigate.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let saved = match id.get_untracked() {
                Some(id) => update_listing(id, input).await,
                None => create_listing(input, Some(creation_key.get_value())).await,
            };
            let result = match saved {
                Ok(editor) if publish => change_listing_status(editor.id, ListingAction::Publish).await,
                other => other,
            };
            busy.set(false);
            match result {
                Ok(editor) => {
                    let texts = &t.get_untracked().listings;
                    let text = if publish { texts.now_on_sale } else { texts.saved };
                    notice.set(Some((true, text.to_string())));
                    let new_id = editor.id;
                    let was_new = id.get_untracked().is_none();
                    fill(editor);
                    if was_new {
                        navigate(&format!("/seller/listings/{new_id}"), Default::default());
                    }
                }
                Err(error) => notice.set(Some((false, error.to_string()))),
            }
        });
    };
    let save_then_for_publish = save_then.clone();
    let unpublish = move |_| {
        let Some(id) = id.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let answer = change_listing_status(id, ListingAction::Unpublish).await;
            busy.set(false);
            match answer {
                Ok(editor) => {
                    notice.set(Some((true, t.get_untracked().listings.now_off_sale.to_string())));
                    fill(editor);
                }
                Err(error) => notice.set(Some((false, error.to_string()))),
            }
        });
    };
    let on_pictures = move |event: leptos::ev::Event| {
        let Some(product) = id.get_untracked() else { return };
        let files = picked_files(&event);
        let alt = title.get_untracked();
        leptos::task::spawn_local(async move {
            for file in files {
                let name = file.name.clone();
                upload_progress.set(Some((name.clone(), 0)));
                let progress_name = name.clone();
                let result = upload_picture(product, &file, &alt, move |percent| {
                    upload_progress.set(Some((progress_name.clone(), percent)));
                })
                .await;
                match result {
                    Ok(image) => {
                        images.update(|images| images.push(image));
                        notice.set(None);
                    }
                    Err(error) => notice.set(Some((false, format!("{name}: {error}")))),
                }
            }
            upload_progress.set(None);
        });
    };
    let add_variant = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        variants.update(|variants| {
            variants.push(VariantDraft {
                key,
                id: None,
                sku: String::new(),
                colour: String::new(),
                size: String::new(),
                price: String::new(),
                stock: "0".into(),
            })
        });
    };

    // The preview's delivery line: what shoppers in the chosen "deliver to" region see for this shop.
    let region = use_region();
    let delivery = LocalResource::new(move || listing_delivery_preview(Some(region.get())));
    let preview = Memo::new(move |_| {
        let (input, _) = as_input();
        let currency = currency.get().unwrap_or(Currency::USD);
        let (price, stock) = input.headline();
        let chosen = choices.get().into_iter().find(|(id, ..)| id.to_string() == category.get());
        let shop = session.me.get().and_then(|me| me.shop);
        ProductSummary {
            id: id.get().unwrap_or_else(|| ProductId::from_parts(0, [0; 10])),
            title: if input.title.trim().is_empty() { "…".into() } else { input.title.trim().to_string() },
            price: Money::new(price, currency),
            in_stock: stock > 0,
            category: CategoryRef {
                id: chosen.as_ref().map(|c| c.0).unwrap_or_else(|| CategoryId::from_parts(0, [0; 10])),
                slug: chosen.as_ref().map(|c| c.2.clone()).unwrap_or_default(),
                name: chosen.map(|c| c.3).unwrap_or_default(),
            },
            seller: SellerRef {
                id: shop
                    .as_ref()
                    .map(|s| s.id)
                    .unwrap_or_else(|| shared::ids::SellerId::from_parts(0, [0; 10])),
                name: shop.as_ref().map(|s| s.name.clone()).unwrap_or_default(),
                rating_x100: shop.and_then(|s| s.rating_x100),
            },
            image: images.with(|images| images.first().cloned()),
            delivery: delivery.get().and_then(Result::ok).unwrap_or_default(),
        }
    });

    let text_field =
        move |field: &'static str, label: Signal<&'static str>, value: RwSignal<String>, multiline: bool| {
            let error = message_for(field.to_string());
            let error_id = format!("{field}-error");
            let input = if multiline {
                view! {
                    <textarea id=field rows="6" prop:value=move || value.get()
                        on:input=move |event| value.set(event_target_value(&event))
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        aria-describedby=error_id.clone()></textarea>
                }
                .into_any()
            } else {
                view! {
                    <input id=field type="text" prop:value=move || value.get()
                        on:input=move |event| value.set(event_target_value(&event))
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                        aria-describedby=error_id.clone() />
                }
                .into_any()
            };
            view! {
                <div class="field" class:field--invalid=move || error.get().is_some()>
                    <label for=field>{move || label.get()}</label>
                    {input}
                    <p class="field__error" id=format!("{field}-error") role="alert">{move || error.get()}</p>
                </div>
            }
        };
    let category_error = message_for("category_id".into());
    let variants_error = message_for("variants".into());
    let images_error = message_for("images".into());

    view! {
        <p><a href="/seller/listings">"← "{move || t.get().listings.back}</a></p>
        <div class="listing-editor">
            <form class="panel listing-form" on:submit=move |event| event.prevent_default() data-testid="listing-form">
                <p class="listing-form__status">
                    {move || status.get().map(|status| view! {
                        <span class=format!("badge badge--{}", status.as_str()) data-testid="listing-status">
                            {move || status_name(status, t.get().listings.statuses)}
                        </span>
                    })}
                </p>
                <div class="field" class:field--invalid=move || category_error.get().is_some()>
                    <label for="category_id">{move || t.get().listings.category}</label>
                    <select id="category_id" on:change=move |event| category.set(event_target_value(&event))
                        aria-describedby="category_id-error">
                        <option value="" selected=move || category.get().is_empty()>{move || t.get().listings.choose_category}</option>
                        {move || choices.get().into_iter().map(|(id, label, ..)| {
                            let value = id.to_string();
                            let selected = {
                                let value = value.clone();
                                move || category.get() == value
                            };
                            view! { <option value=value selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                    <p class="field__error" id="category_id-error" role="alert">{move || category_error.get()}</p>
                </div>
                {text_field("title", Signal::derive(move || t.get().listings.field_title), title, false)}
                {text_field("description", Signal::derive(move || t.get().listings.description), description, true)}
                <fieldset class="listing-form__attributes">
                    <legend>{move || t.get().listings.attributes}</legend>
                    {ATTRIBUTE_NAMES.iter().enumerate().filter(|(_, name)| !matches!(**name, "colour" | "size")).map(|(index, name)| {
                        let value = attributes[index];
                        let input_id = format!("attribute-{name}");
                        view! {
                            <div class="field">
                                <label for=input_id.clone()>{move || t.get().listings.attribute_names[index]}</label>
                                <input id=input_id type="text" prop:value=move || value.get()
                                    on:input=move |event| value.set(event_target_value(&event)) />
                            </div>
                        }
                    }).collect_view()}
                    <p class="field__error" role="alert">{move || message_for("attributes".into()).get()}</p>
                </fieldset>
                {text_field("warranty_months", Signal::derive(move || t.get().listings.warranty), warranty, false)}

                <fieldset class="listing-form__variants">
                    <legend>{move || t.get().listings.variants}</legend>
                    <p class="field__error" role="alert">{move || variants_error.get()}</p>
                    <For
                        each=move || variants.get().into_iter().enumerate()
                        key=|(index, draft)| (*index, draft.key)
                        children=move |(index, draft)| {
                            let key = draft.key;
                            let update = move |change: fn(&mut VariantDraft, String), event: leptos::ev::Event| {
                                let text = event_target_value(&event);
                                variants.update(|variants| {
                                    if let Some(draft) = variants.iter_mut().find(|d| d.key == key) {
                                        change(draft, text);
                                    }
                                });
                            };
                            let sku_error = message_for(format!("variants[{index}].sku"));
                            let price_error = message_for(format!("variants[{index}].price"));
                            let stock_error = message_for(format!("variants[{index}].stock"));
                            let options_error = message_for(format!("variants[{index}].options"));
                            let field_id = move |name: &str| format!("variant-{key}-{name}");
                            // Bound to the draft, not set once: a reload of the listing (after saving a new one)
                            // keeps the rows whose keys it shares, and their inputs must show what was loaded.
                            let value_of = move |pick: fn(&VariantDraft) -> String| {
                                variants.with(|variants| variants.iter().find(|d| d.key == key).map(pick).unwrap_or_default())
                            };
                            view! {
                                <div class="variant-row" data-testid="variant-row">
                                    <div class="field" class:field--invalid=move || sku_error.get().is_some()>
                                        <label for=field_id("sku")>{move || t.get().listings.sku}</label>
                                        <input id=field_id("sku") type="text" prop:value=move || value_of(|d| d.sku.clone())
                                            on:input=move |event| update(|d, v| d.sku = v, event) />
                                        <p class="field__error" role="alert">{move || sku_error.get()}</p>
                                    </div>
                                    <div class="field">
                                        <label for=field_id("colour")>{move || t.get().listings.attribute_names[1]}</label>
                                        <input id=field_id("colour") type="text" prop:value=move || value_of(|d| d.colour.clone())
                                            on:input=move |event| update(|d, v| d.colour = v, event) />
                                    </div>
                                    <div class="field">
                                        <label for=field_id("size")>{move || t.get().listings.attribute_names[2]}</label>
                                        <input id=field_id("size") type="text" prop:value=move || value_of(|d| d.size.clone())
                                            on:input=move |event| update(|d, v| d.size = v, event) />
                                        <p class="field__error" role="alert">{move || options_error.get()}</p>
                                    </div>
                                    <div class="field" class:field--invalid=move || price_error.get().is_some()>
                                        <label for=field_id("price")>
                                            {move || (t.get().listings.price_in)(currency.get().map(Currency::code).unwrap_or(""))}
                                        </label>
                                        <input id=field_id("price") type="text" inputmode="decimal" prop:value=move || value_of(|d| d.price.clone())
                                            on:input=move |event| update(|d, v| d.price = v, event) />
                                        <p class="field__error" role="alert">{move || price_error.get()}</p>
                                    </div>
                                    <div class="field" class:field--invalid=move || stock_error.get().is_some()>
                                        <label for=field_id("stock")>{move || t.get().listings.stock}</label>
                                        <input id=field_id("stock") type="number" min="0" inputmode="numeric" prop:value=move || value_of(|d| d.stock.clone())
                                            on:input=move |event| update(|d, v| d.stock = v, event) />
                                        <p class="field__error" role="alert">{move || stock_error.get()}</p>
                                    </div>
                                    <button type="button" class="button button--secondary variant-row__remove"
                                        on:click=move |_| variants.update(|variants| variants.retain(|d| d.key != key))>
                                        {move || t.get().listings.remove_variant}
                                    </button>
                                </div>
                            }
                        }
                    />
                    <button type="button" class="button button--secondary" data-testid="add-variant" on:click=add_variant>
                        {move || t.get().listings.add_variant}
                    </button>
                </fieldset>

                <fieldset class="listing-form__pictures">
                    <legend>{move || t.get().listings.pictures}</legend>
                    <ul class="picture-strip">
                        {move || images.get().into_iter().map(|image| view! {
                            <li><img src=image.url alt="" width="96" height="96" /></li>
                        }).collect_view()}
                    </ul>
                    {move || if id.get().is_some() {
                        view! {
                            <label class="button button--secondary picture-picker">
                                {move || t.get().listings.add_picture}
                                <input type="file" accept="image/png,image/jpeg,image/webp" multiple
                                    class="visually-hidden" data-testid="picture-input" on:change=on_pictures />
                            </label>
                        }.into_any()
                    } else {
                        view! { <p class="field__hint">{move || t.get().listings.save_first}</p> }.into_any()
                    }}
                    {move || upload_progress.get().map(|(name, percent)| view! {
                        <div class="upload-progress" role="status">
                            <progress max="100" value=percent></progress>
                            <span>{move || (t.get().listings.uploading)(&name, percent)}</span>
                        </div>
                    })}
                    <p class="field__error" role="alert">{move || images_error.get()}</p>
                </fieldset>

                <p role="status" aria-live="polite" data-testid="editor-notice" class=move || match notice.get() {
                    Some((false, _)) => "notice notice--error",
                    Some((true, _)) => "notice notice--ok",
                    None => "visually-hidden",
                }>{move || notice.get().map(|(_, text)| text)}</p>
                <div class="listing-form__actions">
                    <button type="button" class="button button--secondary" data-testid="save-listing"
                        disabled=move || busy.get() on:click=move |_| save_then(false)>
                        {move || if matches!(status.get(), None | Some(ListingStatus::Draft)) { t.get().listings.save_draft } else { t.get().listings.save }}
                    </button>
                    {move || match status.get() {
                        Some(ListingStatus::Published) => view! {
                            <button type="button" class="button button--secondary" data-testid="unpublish-listing"
                                disabled=move || busy.get() on:click=unpublish>
                                {move || t.get().listings.unpublish}
                            </button>
                        }.into_any(),
                        _ => {
                            let save_then = save_then_for_publish.clone();
                            view! {
                                <button type="button" class="button" data-testid="publish-listing"
                                    disabled=move || busy.get() on:click=move |_| save_then(true)>
                                    {move || t.get().listings.publish}
                                </button>
                            }.into_any()
                        }
                    }}
                </div>
            </form>
            <aside class="panel listing-preview" aria-labelledby="preview-heading">
                <h2 id="preview-heading">{move || t.get().listings.preview}</h2>
                <p class="field__hint">{move || t.get().listings.preview_hint}</p>
                <div class="listing-preview__card" inert data-testid="listing-preview">
                    {move || view! { <ProductCard product=preview.get() /> }}
                </div>
                <h3>{move || if publish_problems.with(Vec::is_empty) { t.get().listings.ready } else { t.get().listings.missing }}</h3>
                <ul class="checklist" data-testid="publish-checklist">
                    {move || publish_problems.get().into_iter().map(|problem| view! {
                        <li><code>{problem.field.clone()}</code>" "{(t.get().listings.problem)(&problem.problem)}</li>
                    }).collect_view()}
                </ul>
            </aside>
        </div>
    }
}
