//! argon2id password hashing, run off the async runtime.

use std::sync::LazyLock;

use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::error::{AppError, Result};

/// A hash of a random password, checked when the e-mail is unknown so that an unknown
/// account takes as long to refuse as a wrong password.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| hash_now("daybreak-dummy-password-for-timing").expect("hashing works"));

fn hash_now(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hashing failed: {e}")))
}

/// Hashes a password with argon2id on a blocking thread.
pub async fn hash(password: String) -> Result<String> {
    tokio::task::spawn_blocking(move || hash_now(&password))
        .await
        .map_err(|e| AppError::Internal(format!("hashing task failed: {e}")))?
}

/// Verifies a password against a stored hash (or the dummy hash when `stored` is None,
/// which always answers false) on a blocking thread.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool> {
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let stored = stored.unwrap_or_else(|| DUMMY_HASH.clone());
        let ok = Argon2::default().verify_password(password.as_bytes(), stored.as_str()).is_ok();
        ok && real
    })
    .await
    .map_err(|e| AppError::Internal(format!("verify task failed: {e}")))
}

/// Warms the dummy hash so the first unknown-email login is not faster than later ones.
pub fn warm_up() {
    LazyLock::force(&DUMMY_HASH);
}
