//! Demo accounts: one per role, created on first start so a newcomer can sign in at once. `serve` prints them
//! and the README lists them. Never enable demo seeding on a real deployment.

use anyhow::Context;
use shared::auth::Role;
use shared::ids::UserId;

use crate::db::Database;
use crate::db::accounts::{self as store, NewUser};
use crate::ids::{fresh, now_ms};

/// A demo account's sign-in.
pub struct DemoAccount {
    pub email: &'static str,
    pub password: &'static str,
    pub display_name: &'static str,
    pub role: Role,
}

pub const DEMO_ACCOUNTS: [DemoAccount; 4] = [
    DemoAccount {
        email: "operator@bazaar.test",
        password: "operator-demo-2026",
        display_name: "Olga Operator",
        role: Role::Operator,
    },
    DemoAccount {
        email: "seller@bazaar.test",
        password: "seller-demo-2026",
        display_name: "Sam Seller",
        role: Role::Seller,
    },
    DemoAccount {
        email: "shopper@bazaar.test",
        password: "shopper-demo-2026",
        display_name: "Sofia Shopper",
        role: Role::Shopper,
    },
    DemoAccount {
        email: "carrier@bazaar.test",
        password: "carrier-demo-2026",
        display_name: "Swift Parcel (carrier)",
        role: Role::Partner,
    },
];

/// Creates the demo accounts when there are no accounts yet; the seller gets the first demo shop.
pub async fn seed_demo_accounts(db: &Database) -> anyhow::Result<bool> {
    let pool = db.pool();
    if store::count_users(pool).await.context("counting accounts")? > 0 {
        return Ok(false);
    }
    for account in &DEMO_ACCOUNTS {
        let password = account.password;
        let password_hash =
            tokio::task::spawn_blocking(move || password_auth::generate_hash(password)).await?;
        let id = fresh(UserId::from_parts).to_string();
        let user = NewUser {
            id: &id,
            email: account.email,
            display_name: account.display_name,
            password_hash: &password_hash,
            role: account.role.as_str(),
            shop: None,
            created_at_ms: now_ms(),
        };
        store::insert_user(pool, &user).await.with_context(|| format!("creating {}", account.email))?;
        let shop = match account.role {
            Role::Seller => store::first_seller_id(pool).await.context("finding a demo shop")?,
            _ => None,
        };
        if let Some(shop) = shop {
            store::assign_shop(pool, &id, &shop).await.context("assigning the demo shop")?;
            // A shop that has been open a while: its sales analytics show the views of past days.
            super::views::seed_view_history(db, &shop, now_ms()).await.context("seeding demo views")?;
        }
    }
    tracing::info!(accounts = DEMO_ACCOUNTS.len(), "demo accounts created");
    Ok(true)
}
