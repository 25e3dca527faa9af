//! `daybreak demo`: create the demo practice (once) and print its logins.

use sea_orm::DatabaseConnection;

use crate::{core::config::Config, demo};

pub async fn run(db: &DatabaseConnection, config: &Config, clients: usize) -> Result<(), String> {
    demo::seed_with(db, clients).await.map_err(|e| format!("demo seeding failed: {e}"))?;
    println!("{}", demo::logins_text(&config.public_url));
    Ok(())
}
