//! HS256 access tokens with sub, practice, role, iat, exp, iss and aud, all required.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Role;

pub const ISSUER: &str = "daybreak";
pub const AUDIENCE: &str = "daybreak-staff";

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub sub: Uuid,
    pub practice: Uuid,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub iss: String,
    pub aud: String,
}

/// Signing and verifying keys, kept in `AppState` so tests can use their own secret.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl: Duration,
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl: Duration) -> Result<Self, String> {
        let encoding = EncodingKey::from_secret(secret)
            .map_err(|e| format!("DAYBREAK_JWT_SECRET: unusable ({e})"))?;
        let decoding = DecodingKey::from_secret(secret)
            .map_err(|e| format!("DAYBREAK_JWT_SECRET: unusable ({e})"))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_required_spec_claims(&["exp", "iat", "sub", "iss", "aud"]);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.leeway = 5;
        validation.validate_exp = true;
        Ok(Self { encoding, decoding, validation, ttl })
    }

    /// Signs an access token for a staff member.
    pub fn issue(&self, staff_id: Uuid, practice_id: Uuid, role: Role) -> Result<String, String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            sub: staff_id,
            practice: practice_id,
            role,
            iat: now,
            exp: now + self.ttl.as_secs() as i64,
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("signing failed: {e}"))
    }

    /// Verifies signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|data| data.claims)
    }

    /// Signs and verifies one token, so a missing crypto backend stops the start, not a login.
    pub fn self_check(&self) -> Result<(), String> {
        let id = Uuid::now_v7();
        let token = self.issue(id, id, Role::Owner)?;
        match self.verify(&token) {
            Some(claims) if claims.sub == id => Ok(()),
            _ => Err("DAYBREAK_JWT_SECRET: JWT self-check failed (sign then verify)".to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_others_do_not() {
        let keys =
            JwtKeys::new(b"0123456789abcdef0123456789abcdef", Duration::from_secs(60)).unwrap();
        keys.self_check().unwrap();
        let other =
            JwtKeys::new(b"another-secret-another-secret-xx", Duration::from_secs(60)).unwrap();
        let token = other.issue(Uuid::now_v7(), Uuid::now_v7(), Role::Owner).unwrap();
        assert!(keys.verify(&token).is_none());
    }
}
