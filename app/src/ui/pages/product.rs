//! The product page: breadcrumb, gallery, variant picker with its price and stock, delivery options to the
//! shopper's region, warranty, attributes, description, the seller — and, for operators, why it ranks where it
//! does.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::auth::Role;
use shared::dto::{ProductDetail, ProductImage, Variant};
use shared::ids::ProductId;
use shared::ranking::Factor;

use crate::api::{explain_ranking, product};
use crate::i18n::offline::offline_texts;
use crate::state::cart::{Added, LocalLine, use_cart};
use crate::state::locale::{use_locale, use_messages};
use crate::state::offline::{RecentProduct, use_offline};
use crate::state::region::use_region;
use crate::state::session::use_session;
use crate::ui::components::placeholder_image::PlaceholderImage;
use crate::ui::url::with_query;

#[component]
pub fn ProductPage() -> impl IntoView {
    let t = use_messages();
    let params = use_params_map();
    let region = use_region();
    let offline = use_offline();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<ProductId>().ok()));
    let detail = LocalResource::new(move || {
        let (id, region) = (id.get(), region.get());
        async move {
            let Some(id) = id else { return Ok(None) };
            let result = product(id, Some(region)).await;
            offline.saw(&result);
            if let Ok(detail) = &result {
                let seen =
                    RecentProduct { product_id: detail.id, title: detail.title.clone(), price: detail.price };
                offline.viewed(seen).await;
            }
            result.map(Some)
        }
    });
    view! {
        {move || match detail.get() {
            None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
            Some(Ok(Some(detail))) => view! { <ProductView detail /> }.into_any(),
            Some(Ok(None)) => view! { <ProductMissing /> }.into_any(),
            Some(Err(error)) if error.error.code == "not_found" => view! { <ProductMissing /> }.into_any(),
            Some(Err(error)) => {
                view! {
                    <div class="notice notice--error" role="alert">
                        <p>{error.to_string()}</p>
                        <button class="button" on:click=move |_| detail.refetch()>{move || t.get().retry}</button>
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

/// Quantity and "Add to cart" for the chosen variant; a visitor's cart is kept in this browser.
#[component]
fn AddToCart(product_id: ProductId, title: String, variant: Signal<Option<Variant>>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let session = use_session();
    let cart = use_cart();
    let quantity = RwSignal::new(1u32);
    let added = RwSignal::new(false);
    let queued = RwSignal::new(false);
    let problem = RwSignal::new(None::<String>);
    let title = StoredValue::new(title);
    let add = move |_| {
        let Some(variant) = variant.get_untracked() else { return };
        let line = LocalLine {
            product_id,
            variant_id: variant.id,
            title: title.get_value(),
            variant_label: variant.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>().join(" · "),
            unit_price: variant.price,
            quantity: quantity.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match cart.add(&session, line).await {
                Ok(where_to) => {
                    problem.set(None);
                    queued.set(where_to == Added::Queued);
                    added.set(true);
                }
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let sold_out = move || variant.get().is_none_or(|v| v.stock == 0);
    view! {
        <div class="add-to-cart">
            <label for="add-quantity" class="visually-hidden">{move || t.get().shop.quantity}</label>
            <input
                id="add-quantity"
                class="quantity-input"
                type="number"
                min="1"
                max=move || variant.get().map(|v| v.stock.clamp(1, shared::pricing::MAX_LINE_QUANTITY)).unwrap_or(1)
                inputmode="numeric"
                prop:value=move || quantity.get()
                on:change=move |event| {
                    if let Ok(n) = event_target_value(&event).trim().parse::<u32>() {
                        quantity.set(n.clamp(1, shared::pricing::MAX_LINE_QUANTITY));
                    }
                }
            />
            <button class="button" data-testid="add-to-cart" disabled=sold_out on:click=add>
                {move || t.get().shop.add_to_cart}
            </button>
            <p class="add-to-cart__status" role="status" aria-live="polite">
                {move || (added.get() && !queued.get()).then(|| view! {
                    {move || t.get().shop.added_to_cart} " " <A href="/cart">{move || t.get().shop.view_cart}</A>
                })}
                {move || (added.get() && queued.get()).then(|| view! {
                    <span data-testid="add-queued">{move || offline_texts(locale.get()).cart_queued}</span>
                })}
            </p>
            <p class="field__error" role="alert">{move || problem.get()}</p>
        </div>
    }
}

#[component]
fn ProductMissing() -> impl IntoView {
    let t = use_messages();
    view! {
        <section class="empty-state" data-testid="product-missing">
            <h1>{move || t.get().not_found_title}</h1>
            <p>{move || t.get().product.not_found}</p>
            <A href="/" attr:class="button">{move || t.get().back_to_shop}</A>
        </section>
    }
}

#[component]
fn ProductView(detail: ProductDetail) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let session = use_session();
    // The first variant in stock is preselected; the shopper can pick any.
    let first = detail.variants.iter().position(|v| v.stock > 0).unwrap_or(0);
    let chosen = RwSignal::new(first);
    let variants = StoredValue::new(detail.variants.clone());
    let variant = move || variants.with_value(|all| all.get(chosen.get()).cloned());
    let fallback_price = detail.price;
    let price = move || variant().map(|v| v.price).unwrap_or(fallback_price);
    let stock = move || variant().map(|v| v.stock).unwrap_or(detail.stock);
    let region_code = detail.delivery_region.clone().unwrap_or_default();
    let rating = detail.seller.rating_x100;
    let handling_days = detail.seller.handling_days;
    let warranty = detail.warranty_months;
    let seller_region = detail.seller.region.clone();
    let category_name = detail.breadcrumb.last().map(|c| c.name.clone()).unwrap_or_default();
    let is_operator = move || session.me.get().is_some_and(|me| me.role == Role::Operator);
    let product_id = detail.id;
    view! {
        <article class="product-page" data-testid="product-page">
            <nav class="breadcrumb" aria-label=move || t.get().product.breadcrumb>
                <ol>
                    {detail
                        .breadcrumb
                        .into_iter()
                        .map(|c| view! { <li><a href=with_query("/", &[("category", c.slug)])>{c.name}</a></li> })
                        .collect_view()}
                </ol>
            </nav>
            <div class="product-page__layout">
                <Gallery images=detail.images.clone() seed=detail.id.to_string() label=category_name title=detail.title.clone() />
                <div class="product-page__summary">
                    <h1 class="product-page__title">{detail.title.clone()}</h1>
                    <p class="product-page__price" data-testid="price" data-currency=move || price().currency.code()>
                        {move || locale.get().format_money(price())}
                    </p>
                    {(detail.variants.len() > 1).then(|| view! { <VariantPicker variants=detail.variants.clone() chosen /> })}
                    <p class=move || { if stock() > 0 { "stock stock--in" } else { "stock stock--out" } } data-testid="stock">
                        {move || {
                            let stock = stock();
                            if stock > 0 { (t.get().product.units_left)(stock) } else { t.get().out_of_stock.into() }
                        }}
                    </p>
                    {move || variant().map(|v| view! { <p class="product-page__sku">{move || t.get().search.sku} ": " {v.sku.clone()}</p> })}
                    <AddToCart product_id title=detail.title.clone() variant=Signal::derive(variant) />
                    <p class="product-page__warranty">
                        {move || if warranty > 0 { (t.get().search.warranty)(warranty) } else { t.get().search.no_warranty.into() }}
                    </p>
                    <DeliveryOptions options=detail.delivery.clone() region=region_code.clone() />
                    <section class="seller-card" aria-labelledby="seller-heading">
                        <h2 id="seller-heading">{move || t.get().product.seller}</h2>
                        <p class="seller-card__name">{detail.seller.name.clone()}</p>
                        <p class="rating">
                            {move || match rating {
                                Some(x100) => (t.get().rating)(&locale.get().format_rating(x100)),
                                None => t.get().no_rating.to_string(),
                            }}
                        </p>
                        <p class="seller-card__region">{move || (t.get().product.ships_from)(&seller_region)}</p>
                        <p class="seller-card__handling">{move || (t.get().search.handling)(handling_days)}</p>
                    </section>
                </div>
            </div>
            <section class="product-page__section">
                <h2>{move || t.get().product.details}</h2>
                <dl class="attributes">
                    {detail
                        .attributes
                        .into_iter()
                        .map(|attribute| {
                            let key = attribute.name.clone();
                            view! {
                                <div>
                                    <dt>{move || (t.get().product.attribute)(&key).map(str::to_string).unwrap_or_else(|| key.clone())}</dt>
                                    <dd>{attribute.value}</dd>
                                </div>
                            }
                        })
                        .collect_view()}
                </dl>
            </section>
            <section class="product-page__section">
                <h2>{move || t.get().product.description}</h2>
                <p class="product-page__description">{detail.description}</p>
            </section>
            <Show when=is_operator>
                <RankingPanel id=product_id region=region_code.clone() />
            </Show>
        </article>
    }
}

/// The main picture and, when there are several, thumbnails to switch between them.
#[component]
fn Gallery(images: Vec<ProductImage>, seed: String, label: String, title: String) -> impl IntoView {
    let t = use_messages();
    if images.is_empty() {
        return view! {
            <div class="product-page__gallery">
                <PlaceholderImage seed label />
            </div>
        }
        .into_any();
    }
    let shown = RwSignal::new(0usize);
    let stored = StoredValue::new(images.clone());
    let alt_for = move |image: &ProductImage| {
        image.alt.clone().filter(|alt| !alt.is_empty()).unwrap_or_else(|| title.clone())
    };
    let main = {
        let alt_for = alt_for.clone();
        move || {
            stored.with_value(|all| {
                let image = all[shown.get().min(all.len() - 1)].clone();
                view! {
                    <img class="gallery__main" src=image.url.clone() alt=alt_for(&image) width=image.width height=image.height decoding="async" data-testid="gallery-main" />
                }
            })
        }
    };
    view! {
        <div class="product-page__gallery gallery" role="group" aria-label=move || t.get().search.gallery_label>
            {main}
            {(images.len() > 1)
                .then(|| {
                    view! {
                        <ul class="gallery__thumbs">
                            {images
                                .into_iter()
                                .enumerate()
                                .map(|(index, image)| {
                                    view! {
                                        <li>
                                            <button
                                                type="button"
                                                class="gallery__thumb"
                                                aria-pressed=move || (shown.get() == index).to_string()
                                                aria-label=move || (t.get().search.show_image)(index + 1)
                                                on:click=move |_| shown.set(index)
                                            >
                                                <img src=image.url alt="" width="64" height="64" loading="lazy" />
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
    .into_any()
}

/// A radio group of the SKUs, each labelled by its option values; sold-out ones stay visible but are marked.
#[component]
fn VariantPicker(variants: Vec<Variant>, chosen: RwSignal<usize>) -> impl IntoView {
    let t = use_messages();
    view! {
        <fieldset class="variant-picker" data-testid="variant-picker">
            <legend>{move || t.get().search.choose_option}</legend>
            <div class="variant-picker__options">
                {variants
                    .into_iter()
                    .enumerate()
                    .map(|(index, variant)| {
                        let label = variant.options.iter().map(|o| o.value.clone()).collect::<Vec<_>>().join(" · ");
                        let label = if label.is_empty() { variant.sku.clone() } else { label };
                        let sold_out = variant.stock == 0;
                        view! {
                            <label class="variant-picker__option" class:variant-picker__option--sold-out=sold_out>
                                <input
                                    type="radio"
                                    name="variant"
                                    value=variant.sku.clone()
                                    prop:checked=move || chosen.get() == index
                                    on:change=move |_| chosen.set(index)
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// Every way the listing reaches the shopper's region, fastest first, with cost and window.
#[component]
fn DeliveryOptions(options: Vec<shared::delivery::DeliveryOption>, region: String) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let region_name =
        shared::regions::region(&region).map(|r| r.native_name.to_string()).unwrap_or(region.clone());
    let heading_name = region_name.clone();
    view! {
        <section class="delivery-options" aria-labelledby="delivery-heading" data-testid="delivery-options">
            <h2 id="delivery-heading">{move || (t.get().search.delivery_to)(&heading_name)}</h2>
            {if options.is_empty() {
                view! { <p class="notice">{move || (t.get().search.no_delivery_to)(&region_name)}</p> }.into_any()
            } else {
                view! {
                    <ul class="delivery-options__list">
                        {options
                            .into_iter()
                            .map(|option| {
                                let level = option.service_level as usize;
                                let cost = option.cost;
                                view! {
                                    <li class="delivery-option" data-level=option.service_level.as_str()>
                                        <span class="delivery-option__level">{move || t.get().search.service_levels[level]}</span>
                                        <span class="delivery-option__carrier">{option.carrier.clone()}</span>
                                        <span class="delivery-option__window" data-days-max=option.days_max title=move || (t.get().search.arrives)(option.days_min, option.days_max)>{move || crate::ui::pages::shipping::arrival_dates(t.get(), option.days_min, option.days_max)}</span>
                                        <span class="delivery-option__cost">
                                            {move || {
                                                if cost.is_zero() { t.get().search.free_delivery.to_string() } else { locale.get().format_money(cost) }
                                            }}
                                        </span>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}

/// Operators: the factor scores and weights behind this listing's best-match rank, as bars.
#[component]
fn RankingPanel(id: ProductId, region: String) -> impl IntoView {
    let t = use_messages();
    let explanation = LocalResource::new(move || {
        let region = Some(region.clone()).filter(|r| !r.is_empty());
        async move { explain_ranking(id, region, String::new()).await }
    });
    view! {
        <details class="product-page__section ranking-panel" data-testid="ranking-panel">
            <summary>{move || t.get().search.why_ranked}</summary>
            <p>{move || t.get().search.why_ranked_intro}</p>
            {move || match explanation.get() {
                None => view! { <p role="status">{move || t.get().loading_products}</p> }.into_any(),
                Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
                Some(Ok(explanation)) => {
                    let total = explanation.ranking.total_ppm;
                    view! {
                        <table class="ranking-table">
                            <thead>
                                <tr>
                                    <th scope="col">{move || t.get().search.factor}</th>
                                    <th scope="col">{move || t.get().search.score}</th>
                                    <th scope="col">{move || t.get().search.weight}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {explanation
                                    .ranking
                                    .parts
                                    .into_iter()
                                    .map(|part| {
                                        let index = factor_index(part.factor);
                                        let percent = part.score_ppm / 10_000;
                                        view! {
                                            <tr>
                                                <th scope="row">{move || t.get().search.factors[index]}</th>
                                                <td>
                                                    <span class="ranking-bar" aria-hidden="true">
                                                        <span class="ranking-bar__fill" style=format!("width: {percent}%")></span>
                                                    </span>
                                                    {percent.to_string()}
                                                </td>
                                                <td>{part.weight.to_string()}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                            <tfoot>
                                <tr>
                                    <th scope="row">{move || t.get().search.total_score}</th>
                                    <td data-testid="ranking-total">{(total / 10_000).to_string()}</td>
                                    <td></td>
                                </tr>
                            </tfoot>
                        </table>
                    }
                        .into_any()
                }
            }}
        </details>
    }
}

fn factor_index(factor: Factor) -> usize {
    match factor {
        Factor::Relevance => 0,
        Factor::SellerRating => 1,
        Factor::InStock => 2,
        Factor::DeliverySpeed => 3,
        Factor::Reliability => 4,
        Factor::Conversion => 5,
        Factor::SellerPerformance => 6,
    }
}
