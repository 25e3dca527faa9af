//! Optional two-factor sign-in for staff (TOTP): setting it up, turning it on and off,
//! recovery codes, an owner's reset for a lost phone, and the second step of signing in.

use chrono::Utc;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;
use uuid::Uuid;

use super::{
    tokens::{self, TokenPair},
    totp,
};
use crate::core::identity::{Action, CurrentStaff, sessions};
use crate::{
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result, problem_types},
    core::state::AppState,
    entities::staff,
    practices::service as practice_service,
    staff::service as staff_service,
};

/// A secret to put in an authenticator app.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TwoFactorSetup {
    /// Base32, for typing into the app by hand.
    pub secret: String,
    /// `otpauth://totp/...`, for a QR code.
    pub otpauth_uri: String,
}

/// Two-factor is on: the recovery codes (shown this once) and a new token pair.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TwoFactorEnabled {
    pub recovery_codes: Vec<String>,
    #[serde(flatten)]
    pub tokens: TokenPair,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RecoveryCodes {
    /// Ten single-use codes, shown this once; the earlier ones stop working.
    pub recovery_codes: Vec<String>,
}

/// How many unused recovery codes a member has.
pub fn recovery_codes_left(member: &staff::Model) -> usize {
    stored_codes(member).len()
}

fn stored_codes(member: &staff::Model) -> Vec<String> {
    member.recovery_codes.as_deref().and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

fn already_on() -> AppError {
    AppError::Conflict("Two-factor sign-in is already on.".into())
}

fn update_member(member: &staff::Model) -> sea_orm::UpdateMany<staff::Entity> {
    staff::Entity::update_many()
        .filter(staff::Column::PracticeId.eq(member.practice_id))
        .filter(staff::Column::Id.eq(member.id))
}

/// Starts the setup: a new pending secret (replacing an unconfirmed one).
pub async fn setup(state: &AppState, staff: &CurrentStaff) -> Result<TwoFactorSetup> {
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    if member.totp_secret.is_some() {
        return Err(already_on());
    }
    let practice = practice_service::get(&txn, staff.practice_id).await?;
    let secret = totp::new_secret();
    update_member(&member)
        .col_expr(staff::Column::TotpPendingSecret, Expr::value(secret.clone()))
        .exec(&txn)
        .await?;
    audit::record(&txn, AuditEvent::by(staff, "auth.two_factor_setup", "staff", Some(staff.id)))
        .await?;
    txn.commit().await?;
    let otpauth_uri = totp::otpauth_uri(&secret, &practice.name, &member.email);
    Ok(TwoFactorSetup { secret, otpauth_uri })
}

/// Confirms the pending secret with a code from the app. The member's other sessions end
/// (they began without the second factor); the answer carries a new pair for this one.
pub async fn enable(
    state: &AppState,
    staff: &CurrentStaff,
    code: &str,
) -> Result<TwoFactorEnabled> {
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    if member.totp_secret.is_some() {
        return Err(already_on());
    }
    let pending = member
        .totp_pending_secret
        .clone()
        .ok_or_else(|| AppError::Conflict("Start the two-factor setup first.".into()))?;
    let now = Utc::now();
    let step = totp::verify(&pending, code, now.timestamp(), None).ok_or_else(|| {
        AppError::field("code", "is not right: enter the 6-digit code your app shows now")
    })?;
    let (shown, hashes) = totp::new_recovery_codes();
    let codes = serde_json::to_string(&hashes)
        .map_err(|e| AppError::internal_from("storing the recovery codes", e))?;
    update_member(&member)
        .col_expr(staff::Column::TotpSecret, Expr::value(pending.clone()))
        .col_expr(staff::Column::TotpPendingSecret, Expr::value(Option::<String>::None))
        .col_expr(staff::Column::TotpEnabledAt, Expr::value(now))
        .col_expr(staff::Column::TotpLastStep, Expr::value(step))
        .col_expr(staff::Column::RecoveryCodes, Expr::value(codes.clone()))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .exec(&txn)
        .await?;
    // Every other session began without the second factor: refresh and access tokens end.
    let sessions_from = sessions::end_all_sessions(&txn, member.practice_id, member.id).await?;
    audit::record(&txn, AuditEvent::by(staff, "auth.two_factor_enable", "staff", Some(staff.id)))
        .await?;
    let member = staff::Model {
        password_changed_at: sessions_from,
        totp_secret: Some(pending),
        totp_pending_secret: None,
        totp_enabled_at: Some(now),
        totp_last_step: Some(step),
        recovery_codes: Some(codes),
        ..member
    };
    let pair =
        tokens::issue_pair(&txn, &state.jwt, state.config.refresh_token_ttl, &member, None).await?;
    txn.commit().await?;
    Ok(TwoFactorEnabled { recovery_codes: shown, tokens: pair })
}

/// The member's own password, checked off the runtime (422 on the field when wrong).
async fn require_password(state: &AppState, staff: &CurrentStaff, given: String) -> Result<()> {
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    txn.commit().await?;
    if super::throttle::verify_own_password(state, &member, given).await? {
        Ok(())
    } else {
        Err(AppError::field("password", "is not your password"))
    }
}

/// Turns the member's two-factor off (their password again); refused while the practice
/// requires it.
pub async fn disable(state: &AppState, staff: &CurrentStaff, given_password: String) -> Result<()> {
    let txn = state.begin_in(staff.practice_id).await?;
    let practice = practice_service::get(&txn, staff.practice_id).await?;
    txn.commit().await?;
    if practice.require_two_factor {
        return Err(AppError::Forbidden(
            "Your practice requires two-factor sign-in, so it cannot be turned off.".into(),
        ));
    }
    require_password(state, staff, given_password).await?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    clear(&txn, &member).await?;
    audit::record(&txn, AuditEvent::by(staff, "auth.two_factor_disable", "staff", Some(staff.id)))
        .await?;
    txn.commit().await?;
    Ok(())
}

async fn clear(db: &impl ConnectionTrait, member: &staff::Model) -> Result<()> {
    update_member(member)
        .col_expr(staff::Column::TotpSecret, Expr::value(Option::<String>::None))
        .col_expr(staff::Column::TotpPendingSecret, Expr::value(Option::<String>::None))
        .col_expr(staff::Column::TotpEnabledAt, Expr::value(Option::<chrono::DateTime<Utc>>::None))
        .col_expr(staff::Column::TotpLastStep, Expr::value(Option::<i64>::None))
        .col_expr(staff::Column::RecoveryCodes, Expr::value(Option::<String>::None))
        .col_expr(staff::Column::UpdatedAt, Expr::value(Utc::now()))
        .exec(db)
        .await?;
    Ok(())
}

/// A new set of recovery codes (their password again); the old set stops working.
pub async fn renew_recovery_codes(
    state: &AppState,
    staff: &CurrentStaff,
    given_password: String,
) -> Result<RecoveryCodes> {
    require_password(state, staff, given_password).await?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    if member.totp_secret.is_none() {
        return Err(AppError::Conflict("Two-factor sign-in is off.".into()));
    }
    let (shown, hashes) = totp::new_recovery_codes();
    let codes = serde_json::to_string(&hashes)
        .map_err(|e| AppError::internal_from("storing the recovery codes", e))?;
    update_member(&member)
        .col_expr(staff::Column::RecoveryCodes, Expr::value(codes))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        AuditEvent::by(staff, "auth.recovery_codes_renew", "staff", Some(staff.id)),
    )
    .await?;
    txn.commit().await?;
    Ok(RecoveryCodes { recovery_codes: shown })
}

/// The owner turns another member's two-factor off (a lost phone); every session of that
/// member ends at once (access tokens too). Never for oneself: that is `disable`, which asks
/// for the password and keeps to the practice's requirement.
pub async fn reset(
    db: &impl ConnectionTrait,
    owner: &CurrentStaff,
    member_id: Uuid,
) -> Result<staff::Model> {
    owner.require(Action::ManageStaff)?;
    if member_id == owner.id {
        return Err(AppError::Forbidden(
            "This reset is for another member's lost phone. To turn off your own two-factor \
             sign-in, use My account (it asks for your password)."
                .into(),
        ));
    }
    let member = staff_service::get(db, owner.practice_id, member_id).await?;
    clear(db, &member).await?;
    sessions::end_all_sessions(db, member.practice_id, member.id).await?;
    audit::record(db, AuditEvent::by(owner, "staff.two_factor_reset", "staff", Some(member.id)))
        .await?;
    staff_service::get(db, owner.practice_id, member_id).await
}

/// The second step of signing in, decided once the password is right.
#[derive(Debug, PartialEq, Eq)]
pub enum SecondFactor {
    /// The member has two-factor off.
    NotNeeded,
    Missing,
    Wrong,
    /// A code of the app, for this time step.
    Code(i64),
    /// A recovery code: the unused codes that stay (JSON) after this one.
    RecoveryCode(String),
}

pub fn second_factor(member: &staff::Model, given: Option<&str>, unix_secs: i64) -> SecondFactor {
    let Some(secret) = member.totp_secret.as_deref() else { return SecondFactor::NotNeeded };
    let Some(given) = given.map(str::trim).filter(|g| !g.is_empty()) else {
        return SecondFactor::Missing;
    };
    if totp::looks_like_recovery_code(given) {
        let hash = totp::recovery_hash(given);
        let mut codes = stored_codes(member);
        let before = codes.len();
        codes.retain(|c| c != &hash);
        return match serde_json::to_string(&codes) {
            Ok(rest) if codes.len() < before => SecondFactor::RecoveryCode(rest),
            _ => SecondFactor::Wrong,
        };
    }
    match totp::verify(secret, given, unix_secs, member.totp_last_step) {
        Some(step) => SecondFactor::Code(step),
        None => SecondFactor::Wrong,
    }
}

/// Spends the second factor in the sign-in's transaction. False when a concurrent sign-in
/// spent the same code first (the code then counts as wrong).
pub async fn spend(
    db: &impl ConnectionTrait,
    member: &staff::Model,
    factor: &SecondFactor,
) -> Result<bool> {
    let spent = match factor {
        SecondFactor::Code(step) => {
            update_member(member)
                .col_expr(staff::Column::TotpLastStep, Expr::value(*step))
                .filter(
                    staff::Column::TotpLastStep.is_null().or(staff::Column::TotpLastStep.lt(*step)),
                )
                .exec(db)
                .await?
        }
        SecondFactor::RecoveryCode(rest) => {
            let current = member.recovery_codes.clone().unwrap_or_default();
            update_member(member)
                .col_expr(staff::Column::RecoveryCodes, Expr::value(rest.clone()))
                .filter(staff::Column::RecoveryCodes.eq(current))
                .exec(db)
                .await?
        }
        _ => return Ok(true),
    };
    Ok(spent.rows_affected == 1)
}

/// The 401 that asks the dashboard for (another) code.
pub fn code_needed(wrong: bool) -> AppError {
    AppError::Typed {
        status: http::StatusCode::UNAUTHORIZED,
        kind: problem_types::TWO_FACTOR_REQUIRED,
        detail: if wrong {
            "That code is not right. Try the newest code, or a recovery code.".into()
        } else {
            "Enter the 6-digit code from your authenticator app.".into()
        },
    }
}
