//! One module per page (or console).

pub mod account;
pub mod admin;
pub mod not_found;
pub mod product;
pub mod seller;
pub mod storefront;
