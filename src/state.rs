//! The state every handler shares: the database pool, the token keys and the settings.

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::{auth::jwt::JwtKeys, config::Config, selfreport::limits::RateLimiter};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: Arc<JwtKeys>,
    pub config: Arc<Config>,
    /// Per-link and per-address limits of the public self-report endpoints (per instance).
    pub self_report_limits: Arc<SelfReportLimits>,
}

#[derive(Debug)]
pub struct SelfReportLimits {
    pub per_link: RateLimiter,
    pub per_ip: RateLimiter,
}

impl AppState {
    /// Builds the state, checking that the signing keys sign and verify (a start-up error
    /// is one line of text).
    pub fn new(db: DatabaseConnection, config: Config) -> Result<Self, String> {
        let jwt = JwtKeys::new(&config.jwt_secret, config.access_token_ttl)?;
        jwt.self_check()?;
        let minute = std::time::Duration::from_secs(60);
        let self_report_limits = Arc::new(SelfReportLimits {
            per_link: RateLimiter::new(minute),
            per_ip: RateLimiter::new(minute),
        });
        Ok(Self { db, jwt: Arc::new(jwt), config: Arc::new(config), self_report_limits })
    }
}
