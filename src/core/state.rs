//! The state every handler shares: the database pool, the token keys and the settings.

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};
use uuid::Uuid;

use crate::{core::config::Config, core::identity::jwt::JwtKeys, core::limits::RateLimiter};

#[derive(Clone)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub jwt: Arc<JwtKeys>,
    pub config: Arc<Config>,
    /// Per-link and per-address request limits (kept per instance).
    pub limits: Arc<RequestLimits>,
}

#[derive(Debug)]
pub struct RequestLimits {
    /// Self-report requests per link.
    pub per_link: RateLimiter,
    /// Self-report requests per address.
    pub per_ip: RateLimiter,
    /// Sign-up, sign-in and refresh attempts per address.
    pub auth_per_ip: RateLimiter,
}

impl AppState {
    /// Builds the state, checking that the signing keys sign and verify (a start-up error
    /// is one line of text).
    pub fn new(db: DatabaseConnection, config: Config) -> Result<Self, String> {
        let jwt = JwtKeys::new(&config.jwt_secret, config.access_token_ttl)?;
        jwt.self_check()?;
        let minute = std::time::Duration::from_secs(60);
        let limits = Arc::new(RequestLimits {
            per_link: RateLimiter::new(minute),
            per_ip: RateLimiter::new(minute),
            auth_per_ip: RateLimiter::new(minute),
        });
        Ok(Self { db, jwt: Arc::new(jwt), config: Arc::new(config), limits })
    }

    /// A transaction in one practice: on Postgres, row-level security shows it nothing else.
    /// Every tenant-scoped request runs in one.
    pub async fn begin_in(&self, practice_id: Uuid) -> Result<crate::core::db::Txn, DbErr> {
        crate::core::db::begin_in(&self.db, practice_id).await
    }

    /// Refuses with 429 when this address has made too many sign-in attempts this minute.
    pub fn admit_auth_attempt(
        &self,
        meta: &crate::core::identity::RequestMeta,
    ) -> Result<(), crate::core::error::AppError> {
        let address = meta.ip.as_deref().unwrap_or("unknown");
        self.limits.auth_per_ip.hit(address, self.config.auth_per_ip_per_minute).map_err(|secs| {
            crate::core::error::AppError::TooManyRequests {
                retry_after_secs: secs,
                detail: "Too many sign-in attempts from this address. Please wait a minute.".into(),
            }
        })
    }
}
