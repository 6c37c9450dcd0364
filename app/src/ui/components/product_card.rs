use leptos::prelude::*;
use leptos_router::components::A;
use shared::delivery::DeliveryOption;
use shared::dto::ProductSummary;

use crate::state::locale::{use_locale, use_messages};
use crate::state::region::use_region;
use crate::ui::components::placeholder_image::PlaceholderImage;

/// A product in a grid: picture, title, price in the listing's own currency, stock, and who sells it.
#[component]
pub fn ProductCard(product: ProductSummary) -> impl IntoView {
    let locale = use_locale();
    let t = use_messages();
    let price = product.price;
    let in_stock = product.in_stock;
    let shop = product.seller.name.clone();
    let rating = product.seller.rating_x100;
    let product_id = product.id.to_string();
    let image = match product.image.clone() {
        Some(image) => view! {
            <img
                class="product-card__image"
                src=image.url
                alt=""
                width=image.width
                height=image.height
                loading="lazy"
                decoding="async"
            />
        }
        .into_any(),
        None => {
            view! { <PlaceholderImage seed=product.id.to_string() label=product.category.name.clone() /> }
                .into_any()
        }
    };
    view! {
        <article class="product-card" data-testid="product-card" data-product-id=product_id>
            {image}
            <div class="product-card__body">
                <p class="product-card__category">{product.category.name}</p>
                <h3 class="product-card__title">
                    // The link covers the whole card (CSS), so a tap anywhere opens the product.
                    <A href=format!("/products/{}", product.id) attr:class="product-card__link">{product.title}</A>
                </h3>
                <p class="product-card__price" data-testid="price" data-currency=price.currency.code()>
                    {move || locale.get().format_money(price)}
                </p>
                <DeliveryLine options=product.delivery.clone() />
                <p class=if in_stock { "stock stock--in" } else { "stock stock--out" }>
                    {move || if in_stock { t.get().in_stock } else { t.get().out_of_stock }}
                </p>
                <p class="product-card__seller">
                    <span>{move || (t.get().sold_by)(&shop)}</span>
                    <span class="rating">
                        {move || match rating {
                            Some(x100) => (t.get().rating)(&locale.get().format_rating(x100)),
                            None => t.get().no_rating.to_string(),
                        }}
                    </span>
                </p>
            </div>
        </article>
    }
}

/// The cheapest way the listing reaches the shopper's region: "Free delivery · Arrives in 5–9 days".
#[component]
fn DeliveryLine(options: Vec<DeliveryOption>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let region = use_region();
    let cheapest = options.iter().min_by_key(|o| (o.cost.amount_minor, o.days_max)).cloned();
    view! {
        <p class="product-card__delivery" data-testid="card-delivery">
            {move || match &cheapest {
                Some(option) => {
                    let messages = t.get();
                    let cost = if option.cost.is_zero() {
                        messages.search.free_delivery.to_string()
                    } else {
                        (messages.search.delivery_cost)(&locale.get().format_money(option.cost))
                    };
                    format!("{cost} · {}", crate::ui::pages::shipping::arrival_dates(messages, option.days_min, option.days_max))
                }
                None => (t.get().search.no_delivery_to)(&region.get()),
            }}
        </p>
    }
}
