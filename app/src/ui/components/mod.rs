//! Reusable pieces of UI.

pub mod connection;
pub mod console;
pub mod form;
pub mod language_switcher;
pub mod pagination;
pub mod placeholder_image;
pub mod product_card;
pub mod region_picker;
pub mod search_box;
pub mod time;
pub mod tokens;
