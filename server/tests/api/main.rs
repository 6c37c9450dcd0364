//! Integration tests: the real router on a real port, a real database per test, real HTTP.
//!
//! The storage suite runs against SQLite always and against PostgreSQL when `BAZAAR_TEST_POSTGRES_URL` names an
//! administrative connection (the README's test command starts one). Set `BAZAAR_REQUIRE_POSTGRES=1` to make a
//! missing PostgreSQL a failure rather than a skip.

mod catalog_fixture;
mod helpers;

mod accounts;
mod analytics;
mod authorization;
mod checkout;
mod errors;
mod health;
mod images;
mod imports;
mod listings;
mod logistics;
mod onboarding;
mod order_queue;
mod products;
mod scorecard;
mod search;
mod simulator;
mod startup;
mod statement;
mod static_files;
mod storage;
mod tracking;
