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
    /// Builds the state, checking that the signing keys sign and verify (a start-up error
    /// is one line of text).
    pub fn new(db: DatabaseConnection, config: Config) -> Result<Self, String> {
        let jwt = JwtKeys::new(&config.jwt_secret, config.access_token_ttl)?;
        jwt.self_check()?;
        Ok(Self { db, jwt: Arc::new(jwt), config: Arc::new(config) })
    }
}
