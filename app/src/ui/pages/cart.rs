//! The cart: lines grouped by shop (each becomes one order), quantities, a delivery option per shop, and the
//! price breakdown — computed in the browser by `shared::pricing`, the same function the server charges with.

use leptos::prelude::*;
use leptos_router::components::A;
use shared::commerce::{CartSellerView, CartView, DeliveryChoice};
use shared::delivery::ServiceLevel;
use shared::ids::VariantId;
use shared::pricing::{CartQuote, MAX_LINE_QUANTITY, OrderQuote};

use crate::api::commerce::{cart, remove_from_cart, set_cart_quantity};
use crate::i18n::offline::offline_texts;
use crate::state::cart::{LocalLine, is_shopper, use_cart};
use crate::state::locale::{use_locale, use_messages};
use crate::state::offline::{RecentProduct, Saved};
use crate::state::region::use_region;
use crate::state::session::use_session;
use crate::ui::components::placeholder_image::PlaceholderImage;
use crate::ui::components::time::utc_minute;

#[component]
pub fn CartPage() -> impl IntoView {
    let t = use_messages();
    let session = use_session();
    let state = use_cart();
    view! {
        <section class="cart-page" data-testid="cart-page">
            <h1>{move || t.get().shop.cart_title}</h1>
            {move || {
                if !session.loaded.get() {
                    return view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any();
                }
                match session.me.get() {
                    Some(_) if is_shopper(&session) => view! { <ServerCart /> }.into_any(),
                    Some(_) => view! { <p class="notice notice--warning">{move || t.get().shop.shopper_only}</p> }.into_any(),
                    None => view! { <VisitorCart lines=state.local /> }.into_any(),
                }
            }}
        </section>
    }
}

/// A visitor's cart: kept in this browser until they sign in.
#[component]
fn VisitorCart(lines: RwSignal<Vec<LocalLine>>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    view! {
        {move || {
            if lines.with(Vec::is_empty) {
                return view! { <EmptyCart /> }.into_any();
            }
            view! {
                <ul class="cart-lines">
                    {lines
                        .get()
                        .into_iter()
                        .map(|line| {
                            let variant = line.variant_id;
                            let total = line.unit_price.checked_mul(i64::from(line.quantity)).unwrap_or(line.unit_price);
                            view! {
                                <li class="cart-line" data-testid="cart-line">
                                    <div class="cart-line__text">
                                        <a class="cart-line__title" href=format!("/products/{}", line.product_id)>{line.title.clone()}</a>
                                        <span class="cart-line__variant">{line.variant_label.clone()}</span>
                                        <span class="cart-line__quantity">{move || t.get().shop.quantity} ": " {line.quantity}</span>
                                    </div>
                                    <span class="cart-line__total">{move || locale.get().format_money(total)}</span>
                                    <button
                                        class="button button--secondary button--small"
                                        on:click=move |_| lines.update(|all| all.retain(|l| l.variant_id != variant))
                                    >
                                        {move || t.get().shop.remove}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <div class="notice">
                    <p>{move || t.get().shop.sign_in_to_buy}</p>
                    <A href="/signin?next=/cart" attr:class="button">{move || t.get().account.sign_in}</A>
                </div>
            }
                .into_any()
        }}
    }
}

#[component]
fn EmptyCart() -> impl IntoView {
    let t = use_messages();
    view! {
        <div class="empty-state" data-testid="cart-empty">
            <p>{move || t.get().shop.cart_empty}</p>
            <A href="/" attr:class="button">{move || t.get().shop.continue_shopping}</A>
        </div>
    }
}

/// A signed-in shopper's cart from the server, priced live in the browser.
#[component]
fn ServerCart() -> impl IntoView {
    let t = use_messages();
    let state = use_cart();
    let region = use_region();
    let locale = use_locale();
    let offline = state.offline;
    let loaded = LocalResource::new(move || {
        let (region, _, _) = (region.get(), state.version.get(), offline.synced.get());
        async move {
            let result = cart(Some(region)).await;
            offline.saw(&result);
            match result {
                Ok(view) => {
                    offline.store_fresh("cart", view.clone()).await;
                    Ok((view, None))
                }
                // No answer: the cart this device saved last, with its time.
                Err(error) if error.error.code == "network" => offline
                    .load::<Saved<CartView>>("cart")
                    .await
                    .map(|saved| (saved.value, Some(saved.saved_at_ms)))
                    .ok_or(error),
                Err(error) => Err(error),
            }
        }
    });
    view! {
        {move || match loaded.get() {
            None => view! { <p class="notice" role="status">{move || t.get().loading_products}</p> }.into_any(),
            Some(Err(error)) if error.error.code == "network" => {
                view! { <p class="notice" role="status">{move || offline_texts(locale.get()).nothing_saved}</p> }.into_any()
            }
            Some(Err(error)) => view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }.into_any(),
            Some(Ok((view, saved_at))) => view! {
                {saved_at.map(|at| view! {
                    <div class="notice notice--warning saved-notice" data-testid="saved-cart">
                        <p>{move || offline_texts(locale.get()).showing_saved}</p>
                        <p data-testid="last-updated">{move || (offline_texts(locale.get()).last_updated)(&utc_minute(at))}</p>
                    </div>
                })}
                {if view.sellers.is_empty() { view! { <EmptyCart /> }.into_any() } else { view! { <CartContents view /> }.into_any() }}
            }
                .into_any(),
        }}
        <RecentlyViewed />
    }
}

#[component]
fn CartContents(view: CartView) -> impl IntoView {
    let t = use_messages();
    let state = use_cart();
    let cart_view = StoredValue::new(view.clone());
    let quote = Memo::new(move |_| cart_view.with_value(|cart| cart.quote(&state.delivery.get()).ok()));
    let blocked = view.sellers.iter().flat_map(|s| &s.lines).any(|line| line.quantity > line.available);
    view! {
        <div class="cart-layout">
            <div class="cart-shops">
                {view
                    .sellers
                    .into_iter()
                    .enumerate()
                    .map(|(index, seller)| {
                        let order = Signal::derive(move || quote.get().and_then(|q| q.orders.get(index).cloned()));
                        view! { <ShopGroup seller order /> }
                    })
                    .collect_view()}
            </div>
            <aside class="cart-summary box" aria-labelledby="cart-summary-heading">
                <h2 id="cart-summary-heading">{move || t.get().shop.to_pay}</h2>
                <Totals quote=Signal::derive(move || quote.get()) />
                <p class="cart-summary__note">{move || t.get().shop.escrow_note}</p>
                {if blocked {
                    view! { <span class="button button--disabled" aria-disabled="true">{move || t.get().shop.go_to_checkout}</span> }.into_any()
                } else {
                    view! { <A href="/checkout" attr:class="button button--wide" attr:data-testid="go-to-checkout">{move || t.get().shop.go_to_checkout}</A> }.into_any()
                }}
            </aside>
        </div>
    }
}

/// One shop's lines, its delivery choice and its order's breakdown.
#[component]
fn ShopGroup(seller: CartSellerView, order: Signal<Option<OrderQuote>>) -> impl IntoView {
    let t = use_messages();
    let seller_id = seller.seller.id;
    let name = seller.seller.name.clone();
    view! {
        <section class="box shop-group" data-testid="shop-group">
            <h2 class="shop-group__name">{move || (t.get().shop.sold_by)(&name)}</h2>
            <ul class="cart-lines">
                {seller.lines.iter().cloned().map(|line| view! { <ServerLine line /> }).collect_view()}
            </ul>
            <DeliveryPicker seller_id options=seller.delivery_options.clone() />
            <OrderBreakdown order />
        </section>
    }
}

#[component]
fn ServerLine(line: shared::commerce::CartLineView) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let state = use_cart();
    let variant: VariantId = line.variant_id;
    let problem = RwSignal::new(None::<String>);
    let set_quantity = move |quantity: u32| {
        leptos::task::spawn_local(async move {
            match set_cart_quantity(variant, quantity).await {
                Ok(()) => state.changed().await,
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let remove = move |_| {
        leptos::task::spawn_local(async move {
            match remove_from_cart(variant).await {
                Ok(()) => state.changed().await,
                Err(error) => problem.set(Some(error.to_string())),
            }
        });
    };
    let total = line.unit_price.checked_mul(i64::from(line.quantity)).unwrap_or(line.unit_price);
    let input_id = format!("quantity-{variant}");
    let short = line.quantity > line.available;
    let available = line.available;
    view! {
        <li class="cart-line" data-testid="cart-line">
            <div class="cart-line__image">
                {match line.image.clone() {
                    Some(image) => view! { <img src=image.url alt="" width="72" height="72" loading="lazy" /> }.into_any(),
                    None => view! { <PlaceholderImage seed=line.product_id.to_string() label=String::new() /> }.into_any(),
                }}
            </div>
            <div class="cart-line__text">
                <a class="cart-line__title" href=format!("/products/{}", line.product_id)>{line.title.clone()}</a>
                <span class="cart-line__variant">{line.variant_label.clone()}</span>
                <span class="cart-line__unit">{move || locale.get().format_money(line.unit_price)}</span>
                {short.then(|| view! { <span class="stock stock--out" role="alert">{move || (t.get().shop.only_left)(available)}</span> })}
                <span class="field__error" role="alert">{move || problem.get()}</span>
            </div>
            <div class="cart-line__controls">
                <label for=input_id.clone() class="visually-hidden">{move || t.get().shop.quantity}</label>
                <input
                    id=input_id
                    class="quantity-input"
                    type="number"
                    min="1"
                    max=MAX_LINE_QUANTITY
                    inputmode="numeric"
                    prop:value=line.quantity
                    on:change=move |event| {
                        if let Ok(quantity) = event_target_value(&event).trim().parse::<u32>() {
                            set_quantity(quantity.clamp(1, MAX_LINE_QUANTITY));
                        }
                    }
                />
                <button class="button button--secondary button--small" on:click=remove>{move || t.get().shop.remove}</button>
            </div>
            <span class="cart-line__total" data-testid="line-total">{move || locale.get().format_money(total)}</span>
        </li>
    }
}

/// Radio buttons for the shop's delivery options; the choice is kept for checkout.
#[component]
pub fn DeliveryPicker(
    seller_id: shared::ids::SellerId,
    options: Vec<shared::delivery::DeliveryOption>,
) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    let state = use_cart();
    let cheapest =
        options.iter().min_by_key(|option| option.cost.amount_minor).map(|option| option.service_level);
    let chosen = move || {
        state
            .delivery
            .with(|choices| choices.iter().find(|c| c.seller_id == seller_id).map(|c| c.service_level))
            .or(cheapest)
    };
    let choose = move |service_level: ServiceLevel| {
        state.delivery.update(|choices| {
            choices.retain(|c| c.seller_id != seller_id);
            choices.push(DeliveryChoice { seller_id, service_level });
        });
    };
    let group = format!("delivery-{seller_id}");
    view! {
        <fieldset class="delivery-picker">
            <legend>{move || t.get().shop.delivery}</legend>
            {options
                .into_iter()
                .map(|option| {
                    let level = option.service_level;
                    let cost = option.cost;
                    let id = format!("{group}-{}", level.as_str());
                    let label_for = id.clone();
                    view! {
                        <label class="delivery-picker__option" for=label_for>
                            <input
                                type="radio"
                                id=id
                                name=group.clone()
                                prop:checked=move || chosen() == Some(level)
                                on:change=move |_| choose(level)
                            />
                            <span class="delivery-option__level">{move || t.get().search.service_levels[level as usize]}</span>
                            <span class="delivery-option__window" data-days-max=option.days_max title=move || (t.get().search.arrives)(option.days_min, option.days_max)>{move || crate::ui::pages::shipping::arrival_dates(t.get(), option.days_min, option.days_max)}</span>
                            <span class="delivery-option__cost">
                                {move || if cost.is_zero() { t.get().search.free_delivery.to_string() } else { locale.get().format_money(cost) }}
                            </span>
                        </label>
                    }
                })
                .collect_view()}
        </fieldset>
    }
}

/// Items, discounts, shipping and total of one shop's order.
#[component]
pub fn OrderBreakdown(order: Signal<Option<OrderQuote>>) -> impl IntoView {
    let t = use_messages();
    let locale = use_locale();
    view! {
        {move || {
            order.get().map(|order| {
                let format = move |money| locale.get().format_money(money);
                view! {
                    <dl class="breakdown">
                        <dt>{move || t.get().shop.items}</dt>
                        <dd>{format(order.items_subtotal)}</dd>
                        {order
                            .promotions
                            .iter()
                            .map(|promotion| {
                                let amount = promotion.amount;
                                view! {
                                    <dt class="breakdown__discount">{promotion.label.clone()}</dt>
                                    <dd class="breakdown__discount">"−" {format(amount)}</dd>
                                }
                            })
                            .collect_view()}
                        <dt>{move || t.get().shop.shipping}</dt>
                        <dd>{format(order.shipping)}</dd>
                        <dt class="breakdown__total">{move || t.get().shop.order_total}</dt>
                        <dd class="breakdown__total" data-testid="order-total">{format(order.total)}</dd>
                    </dl>
                }
            })
        }}
    }
}

/// What the shopper pays, one line per currency (one payment each).
#[component]
pub fn Totals(quote: Signal<Option<CartQuote>>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <p class="cart-summary__total" data-testid="cart-total">
            {move || {
                quote
                    .get()
                    .map(|quote| quote.totals.iter().map(|total| locale.get().format_money(*total)).collect::<Vec<_>>().join(" + "))
            }}
        </p>
    }
}

/// The products this shopper looked at last (kept on this device, so the list is there offline too).
#[component]
fn RecentlyViewed() -> impl IntoView {
    let locale = use_locale();
    let offline = use_cart().offline;
    let recent = LocalResource::new(move || {
        let _ = offline.account.get();
        async move { offline.load::<Saved<Vec<RecentProduct>>>("recent").await }
    });
    move || {
        recent.get().flatten().filter(|saved| !saved.value.is_empty()).map(|saved| {
            view! {
                <section class="box recently-viewed" aria-labelledby="recently-viewed-heading" data-testid="recently-viewed">
                    <h2 id="recently-viewed-heading">{move || offline_texts(locale.get()).recently_viewed}</h2>
                    <ul class="recently-viewed__list">
                        {saved.value.into_iter().map(|product| {
                            let price = product.price;
                            view! {
                                <li>
                                    <a href=format!("/products/{}", product.product_id)>{product.title.clone()}</a>
                                    " · " {move || locale.get().format_money(price)}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
