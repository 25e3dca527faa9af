//! The state every handler shares: the database pool, the token keys and the settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{auth::jwt::JwtKeys, config::Config};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: Arc<JwtKeys>,
    pub config: Arc<Config>,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config) -> anyhow_free::Result<Self> {
        let jwt = JwtKeys::new(&config.jwt_secret, config.access_token_ttl)?;
        jwt.self_check()?;
        Ok(Self { db, jwt: Arc::new(jwt), config: Arc::new(config) })
    }
}

/// Start-up errors, printed as one line.
pub mod anyhow_free {
    pub type Result<T> = std::result::Result<T, String>;
}
