use leptos::prelude::*;

/// A drawn stand-in for a listing without a photo: a soft colour derived from the product id (stable across
/// visits) and the category's initial, at the same size a photo would take, so the grid never shifts.
#[component]
pub fn PlaceholderImage(seed: String, label: String) -> impl IntoView {
    let hue = seed.bytes().fold(0u32, |hash, byte| hash.wrapping_mul(31).wrapping_add(u32::from(byte))) % 360;
    let initial = label.chars().next().map(|c| c.to_uppercase().to_string()).unwrap_or_default();
    view! {
        <svg
            class="product-card__image"
            viewBox="0 0 120 120"
            width="240"
            height="240"
            role="img"
            aria-label=label
        >
            <rect width="120" height="120" fill=format!("hsl({hue} 55% 92%)") />
            <circle cx="96" cy="22" r="34" fill=format!("hsl({hue} 60% 84%)") />
            <path
                d="M38 48 60 36l22 12v26L60 86 38 74Z M38 48l22 12 22-12 M60 60v26"
                fill="none"
                stroke=format!("hsl({hue} 40% 38%)")
                stroke-width="3"
                stroke-linejoin="round"
            />
            <text
                x="12"
                y="108"
                font-size="14"
                font-weight="700"
                fill=format!("hsl({hue} 40% 30%)")
                font-family="system-ui, sans-serif"
            >
                {initial}
            </text>
        </svg>
    }
}
