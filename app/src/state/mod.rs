//! App-wide reactive state, provided once by [`crate::App`] as context.

pub mod cart;
pub mod locale;
pub mod offline;
pub mod region;
pub mod session;
