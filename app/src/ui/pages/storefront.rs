//! The storefront home: a short promise of safety, then the newest listings, one page at a time.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::{list_categories, search_products};
use crate::state::locale::use_messages;
use crate::ui::components::pagination::Pagination;
use crate::ui::components::product_card::ProductCard;

#[component]
pub fn Home() -> impl IntoView {
    let t = use_messages();
    let query = use_query_map();
    let page = Memo::new(move |_| {
        query.read().get("page").and_then(|p| p.parse::<u32>().ok()).filter(|p| *p > 0).unwrap_or(1)
    });
    let category = Memo::new(move |_| query.read().get("category").filter(|c| !c.is_empty()));
    let products = LocalResource::new(move || {
        let (page, category) = (page.get(), category.get());
        async move {
            search_products(shared::dto::SearchParams { page: Some(page), category, ..Default::default() })
                .await
        }
    });
    let departments = LocalResource::new(list_categories);

    let notice = move || {
        let messages = t.get();
        match query.read().get("notice").as_deref() {
            Some("seller_only") => Some(messages.account.notice_seller_only),
            Some("operator_only") => Some(messages.account.notice_operator_only),
            _ => None,
        }
    };

    view! {
        {move || {
            notice().map(|text| view! { <p class="notice notice--warning" role="status" data-testid="notice">{text}</p> })
        }}
        <section class="hero">
            <h1 class="hero__title">{move || t.get().home_title}</h1>
            <p class="hero__subtitle">{move || t.get().home_subtitle}</p>
            <ul class="trust-points">
                <li>
                    <strong>{move || t.get().trust_escrow_title}</strong>
                    <span>{move || t.get().trust_escrow_body}</span>
                </li>
                <li>
                    <strong>{move || t.get().trust_tracking_title}</strong>
                    <span>{move || t.get().trust_tracking_body}</span>
                </li>
                <li>
                    <strong>{move || t.get().trust_disputes_title}</strong>
                    <span>{move || t.get().trust_disputes_body}</span>
                </li>
            </ul>
        </section>
        <nav class="departments" aria-label=move || t.get().departments>
            // Plain anchors (the router still navigates in place): `A` marks every chip current because they
            // share the path `/` and differ only in the query.
            <a href="/" class="chip" aria-current=move || category.get().is_none().then_some("page")>
                {move || t.get().all_departments}
            </a>
            {move || {
                departments
                    .get()
                    .and_then(Result::ok)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|department| {
                        let slug = department.slug.clone();
                        let current = move || (category.get().as_deref() == Some(slug.as_str())).then_some("page");
                        view! {
                            <a href=format!("/?category={}", department.slug) class="chip" aria-current=current>
                                {department.name}
                            </a>
                        }
                    })
                    .collect_view()
            }}
        </nav>
        <section class="catalog" aria-labelledby="products-heading">
            <div class="catalog__header">
                <h2 id="products-heading">{move || t.get().products_heading}</h2>
                {move || {
                    products
                        .get()
                        .and_then(Result::ok)
                        .map(|p| view! { <p class="catalog__count">{(t.get().product_count)(p.total)}</p> })
                }}
            </div>
            {move || match products.get() {
                None => view! { <ProductGridSkeleton /> }.into_any(),
                Some(Err(error)) => {
                    view! {
                        <div class="notice notice--error" role="alert">
                            <p>{move || t.get().load_failed} " " {error.to_string()}</p>
                            <button class="button" on:click=move |_| products.refetch()>
                                {move || t.get().retry}
                            </button>
                        </div>
                    }
                        .into_any()
                }
                Some(Ok(page)) if page.items.is_empty() => {
                    view! { <p class="notice">{move || t.get().no_products}</p> }.into_any()
                }
                Some(Ok(page)) => {
                    let pages = page.page_count();
                    let current = page.page;
                    view! {
                        <ul class="product-grid" data-testid="product-grid">
                            {page
                                .items
                                .into_iter()
                                .map(|product| view! { <li><ProductCard product /></li> })
                                .collect_view()}
                        </ul>
                        <Pagination current pages category=category.get() />
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Grey cards in the grid's shape while the first page loads, so nothing jumps when it arrives.
#[component]
fn ProductGridSkeleton() -> impl IntoView {
    let t = use_messages();
    view! {
        <p class="visually-hidden" role="status">{move || t.get().loading_products}</p>
        <ul class="product-grid product-grid--loading" aria-hidden="true">
            {(0..8).map(|_| view! { <li class="product-card product-card--skeleton"></li> }).collect_view()}
        </ul>
    }
}
