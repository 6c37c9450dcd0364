//! One module per page (or console).

pub mod account;
pub mod admin;
pub mod analytics;
pub mod cart;
pub mod checkout;
pub mod imports;
pub mod listings;
pub mod not_found;
pub mod onboarding;
pub mod orders;
pub mod performance;
pub mod product;
pub mod seller;
pub mod seller_orders;
pub mod shipping;
pub mod statement;
pub mod storefront;
pub mod verification;
