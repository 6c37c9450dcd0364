//! The page shell every route shares: header with navigation and language switcher, main area, footer.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::state::locale::use_messages;
use crate::ui::components::language_switcher::LanguageSwitcher;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let t = use_messages();
    view! {
        <a class="skip-link" href="#main">{move || t.get().skip_to_content}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="brand">
                    <span class="brand__mark" aria-hidden="true">"B"</span>
                    <span class="brand__text">
                        <span class="brand__name">"Bazaar"</span>
                        <span class="brand__tagline">{move || t.get().brand_tagline}</span>
                    </span>
                </A>
                <nav class="site-nav" aria-label=move || t.get().main_navigation>
                    <A href="/" exact=true>{move || t.get().nav_shop}</A>
                    <A href="/seller">{move || t.get().nav_seller}</A>
                    <A href="/admin">{move || t.get().nav_admin}</A>
                </nav>
                <LanguageSwitcher />
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <p>{move || t.get().footer_note}</p>
        </footer>
    }
}
