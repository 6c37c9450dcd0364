//! Reusable pieces of UI.

pub mod console;
pub mod language_switcher;
pub mod pagination;
pub mod placeholder_image;
pub mod product_card;
