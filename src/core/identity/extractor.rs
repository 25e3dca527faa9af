//! `CurrentStaff`: a verified access token whose staff member is still active, plus the
//! request's id and address for the audit log.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{header, request::Parts},
};
use uuid::Uuid;

use super::member;
use super::{Action, Role, policy};
use crate::{core::error::AppError, core::state::AppState};

/// Who sent a request and from where, for the audit log.
#[derive(Clone, Debug, Default)]
pub struct RequestMeta {
    pub request_id: Option<String>,
    pub ip: Option<String>,
}

impl FromRequestParts<AppState> for RequestMeta {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let request_id = parts
            .headers
            .get("x-request-id")
            .and_then(|v| v.to_str().ok())
            .map(|v| v.chars().take(64).collect());
        let forwarded = state
            .config
            .trust_proxy
            .then(|| {
                parts
                    .headers
                    .get("x-forwarded-for")
                    .and_then(|v| v.to_str().ok())
                    .and_then(proxied_address)
            })
            .flatten();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip().to_string());
        Ok(Self { request_id, ip: forwarded.or(peer) })
    }
}

/// The client's address from an `X-Forwarded-For` header set by the one trusted proxy: the
/// last entry, the address the proxy itself saw. Earlier entries come from the client and
/// could be anything (taking the first would let anyone pick their own address and slip
/// past the per-address limits).
fn proxied_address(header: &str) -> Option<String> {
    header.rsplit(',').map(str::trim).find(|v| !v.is_empty()).map(|v| v.chars().take(64).collect())
}

/// The authenticated staff member of a request.
#[derive(Clone, Debug)]
pub struct CurrentStaff {
    pub id: Uuid,
    pub practice_id: Uuid,
    pub role: Role,
    pub name: String,
    pub email: String,
    /// The practice's IANA time zone (read with the member on every request).
    pub time_zone: String,
    pub meta: RequestMeta,
}

impl CurrentStaff {
    /// Refuses with 403 unless the role may do `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if policy::allows(self.role, action) {
            Ok(())
        } else {
            Err(AppError::Forbidden("Your role does not allow this.".into()))
        }
    }

    /// Refuses with 403 unless the role reads clinical content.
    pub fn require_clinical_access(&self) -> Result<(), AppError> {
        self.require(Action::ReadClinical)
    }

    pub fn client_scope(&self) -> policy::ClientScope {
        policy::client_scope(self.role, self.id)
    }

    /// Today in the practice's time zone (read with the signed-in member): the day every
    /// clinical figure ends on.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::core::clock::today_in(&self.time_zone)
    }
}

/// What a member whose practice requires two-factor may reach before setting it up: their
/// own account, the password change and the two-factor setup.
fn open_before_2fa_setup(parts: &Parts) -> bool {
    let path = parts.uri.path();
    (path == "/api/v1/me" && parts.method == http::Method::GET)
        || path == "/api/v1/me/password"
        || path.starts_with("/api/v1/me/two-factor/")
}

fn unauthorized() -> AppError {
    AppError::Unauthorized("Sign in again: the access token is missing, invalid or expired.".into())
}

impl FromRequestParts<AppState> for CurrentStaff {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
            .map(str::trim)
            .ok_or_else(unauthorized)?;
        let claims = state.jwt.verify(token).ok_or_else(unauthorized)?;
        // The token says who; the database says whether they still may. A deactivated
        // member's live token stops working at once, and a role change applies at once.
        let member = member::signed_in(&state.db, claims.practice, claims.sub)
            .await?
            .ok_or_else(unauthorized)?;
        if claims.iat < member.password_changed_at.timestamp() {
            return Err(unauthorized());
        }
        // Read live: an owner's "require two-factor" applies to the next request of everyone.
        if member.require_two_factor && !member.has_two_factor && !open_before_2fa_setup(parts) {
            return Err(AppError::Typed {
                status: http::StatusCode::FORBIDDEN,
                kind: crate::core::error::problem_types::TWO_FACTOR_SETUP_REQUIRED,
                detail: "Your practice requires two-factor sign-in. Set it up under My account \
                         to continue."
                    .into(),
            });
        }
        let role = member.role;
        let meta = RequestMeta::from_request_parts(parts, state).await?;
        Ok(Self {
            id: member.id,
            practice_id: member.practice_id,
            role,
            name: member.name,
            email: member.email,
            time_zone: member.time_zone,
            meta,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::proxied_address;

    #[test]
    fn the_address_the_proxy_appended_wins_over_what_the_client_sent() {
        assert_eq!(proxied_address("203.0.113.9").as_deref(), Some("203.0.113.9"));
        assert_eq!(proxied_address("1.2.3.4, 203.0.113.9").as_deref(), Some("203.0.113.9"));
        assert_eq!(proxied_address("spoofed,203.0.113.9 , ").as_deref(), Some("203.0.113.9"));
        assert_eq!(proxied_address(" , "), None);
    }
}
