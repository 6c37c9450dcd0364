//! The product page: breadcrumb, picture, price, stock, attributes, description, and the seller.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use shared::dto::ProductDetail;
use shared::ids::ProductId;

use crate::api::product;
use crate::state::locale::{use_locale, use_messages};
use crate::ui::components::placeholder_image::PlaceholderImage;

#[component]
pub fn ProductPage() -> impl IntoView {
    let t = use_messages();
    let params = use_params_map();
    let id = Memo::new(move |_| params.read().get("id").and_then(|id| id.parse::<ProductId>().ok()));
    let detail = LocalResource::new(move || {
        let id = id.get();
        async move {
            match id {
                Some(id) => product(id, None).await.map(Some),
                None => Ok(None),
            }
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
    let price = detail.price;
    let stock = detail.stock;
    let region = detail.seller.region.clone();
    let rating = detail.seller.rating_x100;
    let category_name = detail.breadcrumb.last().map(|c| c.name.clone()).unwrap_or_default();
    view! {
        <article class="product-page" data-testid="product-page">
            <nav class="breadcrumb" aria-label=move || t.get().product.breadcrumb>
                <ol>
                    {detail.breadcrumb.into_iter().map(|c| view! { <li>{c.name}</li> }).collect_view()}
                </ol>
            </nav>
            <div class="product-page__layout">
                <div class="product-page__gallery">
                    <PlaceholderImage seed=detail.id.to_string() label=category_name />
                </div>
                <div class="product-page__summary">
                    <h1 class="product-page__title">{detail.title}</h1>
                    <p class="product-page__price" data-testid="price" data-currency=price.currency.code()>
                        {move || locale.get().format_money(price)}
                    </p>
                    <p class={if stock > 0 { "stock stock--in" } else { "stock stock--out" }}>
                        {move || {
                            if stock > 0 { (t.get().product.units_left)(stock) } else { t.get().out_of_stock.into() }
                        }}
                    </p>
                    <section class="seller-card" aria-labelledby="seller-heading">
                        <h2 id="seller-heading">{move || t.get().product.seller}</h2>
                        <p class="seller-card__name">{detail.seller.name}</p>
                        <p class="rating">
                            {move || match rating {
                                Some(x100) => (t.get().rating)(&locale.get().format_rating(x100)),
                                None => t.get().no_rating.to_string(),
                            }}
                        </p>
                        <p class="seller-card__region">{move || (t.get().product.ships_from)(&region)}</p>
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
        </article>
    }
}
