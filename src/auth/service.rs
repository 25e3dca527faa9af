//! Sign-up, sign-in, refresh with rotation and reuse detection, sign-out.

use chrono::Utc;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use serde_json::json;

use super::{
    throttle,
    tokens::{self, TokenPair},
    two_factor::{self, SecondFactor},
};
use crate::{
    core::audit::{self, AuditEvent, Outcome},
    core::db,
    core::error::{AppError, Result},
    core::identity::{RequestMeta, password, sessions},
    core::state::AppState,
    entities::{practices, staff},
    practices::service::{self as practice_service, NewPractice},
    staff::service as staff_service,
};

fn bad_credentials() -> AppError {
    AppError::Unauthorized("The email or password is incorrect.".into())
}

pub(super) fn system_event(
    member: &staff::Model,
    action: &'static str,
    outcome: Outcome,
    meta: &RequestMeta,
) -> AuditEvent {
    AuditEvent::for_member(member.practice_id, member.id, Some(member.role), action, meta)
        .outcome(outcome)
}

/// Creates a practice with its owner and signs the owner in.
#[tracing::instrument(skip_all)]
pub async fn signup(
    state: &AppState,
    input: NewPractice,
    meta: &RequestMeta,
) -> Result<(practices::Model, TokenPair)> {
    let practice_id = Uuid::now_v7();
    let txn = db::begin_in(&state.db, practice_id).await?;
    let (practice, owner) = practice_service::create(&txn, practice_id, input, meta).await?;
    let pair =
        tokens::issue_pair(&txn, &state.jwt, state.config.refresh_token_ttl, &owner, None).await?;
    txn.commit().await?;
    Ok((practice, pair))
}

/// Signs a staff member in, throttling repeated failures per account. A member with
/// two-factor on also sends a code of their app or a recovery code (`totp_code`); a wrong
/// one counts as a failed attempt. An e-mail may belong to members of several practices:
/// the password picks the account, and when it opens more than one the caller is asked to
/// choose (`practice_id`).
#[tracing::instrument(skip_all)]
pub async fn login(
    state: &AppState,
    email: &str,
    password_attempt: String,
    totp_code: Option<&str>,
    practice_id: Option<Uuid>,
    meta: &RequestMeta,
) -> Result<TokenPair> {
    let db = &state.db;
    let now = Utc::now();
    let email = email.trim().to_lowercase();
    let key = throttle::account_key(&email);
    // Reserved before the hash, committed at once: a burst of attempts queues on one counter.
    throttle::reserve(db, &key, now).await?;

    // Row-level security lets this transaction see the staff rows with this e-mail only.
    let lookup = db::begin_lookup(db, db::Lookup::SignInEmail, &email).await?;
    let mut query = staff::Entity::find().filter(staff::Column::Email.eq(email));
    if let Some(practice_id) = practice_id {
        query = query.filter(staff::Column::PracticeId.eq(practice_id));
    }
    let accounts = query.all(&lookup).await?;
    lookup.commit().await?;
    let member = match pick_account(accounts, password_attempt).await? {
        Pick::One(member) => member,
        Pick::None(member) => return refuse_password(db, member.as_ref(), meta).await,
        Pick::Several(mut options) => {
            // The password was right for each: nothing is decided, the attempt is given back.
            throttle::release(db, &key).await?;
            for option in &mut options {
                let txn = state.begin_in(option.id).await?;
                option.name = practice_service::get(&txn, option.id).await?.name;
                txn.commit().await?;
            }
            return Err(AppError::PracticeChoice(options));
        }
    };
    let factor = two_factor::second_factor(&member, totp_code, now.timestamp());
    match factor {
        SecondFactor::Missing => {
            // The password was right: ask for the code (not a failure: the attempt is given back).
            throttle::release(db, &key).await?;
            Err(two_factor::code_needed(false))
        }
        SecondFactor::Wrong => refuse_second_factor(state, &member, meta).await,
        factor => {
            let txn = state.begin_in(member.practice_id).await?;
            if !two_factor::spend(&txn, &member, &factor).await? {
                txn.rollback().await?;
                return refuse_second_factor(state, &member, meta).await;
            }
            throttle::clear(&txn, &key).await?;
            let second = match factor {
                SecondFactor::Code(_) => json!({ "second_factor": "code" }),
                SecondFactor::RecoveryCode(_) => json!({ "second_factor": "recovery_code" }),
                _ => json!({}),
            };
            audit::record(
                &txn,
                system_event(&member, "auth.login", Outcome::Success, meta).detail(second),
            )
            .await?;
            let pair =
                tokens::issue_pair(&txn, &state.jwt, state.config.refresh_token_ttl, &member, None)
                    .await?;
            txn.commit().await?;
            Ok(pair)
        }
    }
}

/// Which account a password opens among those with the e-mail (one per practice at most).
enum Pick {
    One(staff::Model),
    /// None: a wrong password, an unknown e-mail or a deactivated member (the one to audit,
    /// if the e-mail is known in a single practice).
    None(Option<staff::Model>),
    Several(Vec<crate::core::error::PracticeOption>),
}

/// Checks the password against each account with the e-mail (an unknown e-mail costs one
/// hash all the same).
async fn pick_account(accounts: Vec<staff::Model>, password_attempt: String) -> Result<Pick> {
    if accounts.is_empty() {
        password::verify(password_attempt, None).await?;
        return Ok(Pick::None(None));
    }
    let single = accounts.len() == 1;
    let mut opened = Vec::new();
    let mut refused = None;
    for account in accounts {
        let right =
            password::verify(password_attempt.clone(), Some(account.password_hash.clone())).await?;
        if right && account.active {
            opened.push(account);
        } else if single {
            refused = Some(account);
        }
    }
    Ok(match opened.len() {
        0 => Pick::None(refused),
        1 => Pick::One(opened.remove(0)),
        _ => Pick::Several(
            opened
                .iter()
                .map(|m| crate::core::error::PracticeOption {
                    id: m.practice_id,
                    name: String::new(),
                })
                .collect(),
        ),
    })
}

/// A wrong password (or unknown e-mail): the attempt's reservation stands as the failure, and
/// a known member's is audited.
async fn refuse_password(
    db: &DatabaseConnection,
    member: Option<&staff::Model>,
    meta: &RequestMeta,
) -> Result<TokenPair> {
    if let Some(member) = member {
        let txn = db::begin_in(db, member.practice_id).await?;
        audit::record(&txn, system_event(member, "auth.login", Outcome::Failure, meta)).await?;
        txn.commit().await?;
    }
    tracing::info!("sign-in refused");
    Err(bad_credentials())
}

/// A wrong (or already spent) second factor: a failed attempt on the account (its
/// reservation stands), audited.
async fn refuse_second_factor(
    state: &AppState,
    member: &staff::Model,
    meta: &RequestMeta,
) -> Result<TokenPair> {
    let txn = state.begin_in(member.practice_id).await?;
    audit::record(
        &txn,
        system_event(member, "auth.login", Outcome::Failure, meta)
            .detail(json!({ "second_factor": "wrong" })),
    )
    .await?;
    txn.commit().await?;
    tracing::info!("sign-in refused: second factor");
    Err(two_factor::code_needed(true))
}

/// The signed-in staff member with their practice.
pub async fn me(
    state: &AppState,
    practice_id: Uuid,
    staff_id: Uuid,
) -> Result<(staff::Model, practices::Model)> {
    let txn = state.begin_in(practice_id).await?;
    let member = staff_service::get(&txn, practice_id, staff_id).await?;
    let practice = practice_service::get(&txn, practice_id).await?;
    txn.commit().await?;
    Ok((member, practice))
}

/// Changes the signed-in member's own password: the current one is required, every refresh
/// token of the member is revoked and every access token issued before now stops working;
/// the answer is a fresh pair for this session.
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: &AppState,
    staff: &crate::core::identity::CurrentStaff,
    current_password: String,
    new_password: String,
) -> Result<TokenPair> {
    let mut check = crate::core::validation::Check::new();
    check.password("new_password", &new_password);
    if new_password == current_password {
        check.fail("new_password", "must differ from the current password");
    }
    check.finish()?;
    let txn = state.begin_in(staff.practice_id).await?;
    let member = staff_service::get(&txn, staff.practice_id, staff.id).await?;
    txn.commit().await?;
    if !throttle::verify_own_password(state, &member, current_password).await? {
        let txn = state.begin_in(staff.practice_id).await?;
        audit::record(
            &txn,
            system_event(&member, "auth.password_change", Outcome::Failure, &staff.meta),
        )
        .await?;
        txn.commit().await?;
        return Err(AppError::field("current_password", "is not your current password"));
    }
    let hash = password::hash(new_password).await?;
    let txn = state.begin_in(staff.practice_id).await?;
    let now = sessions::end_all_sessions(&txn, member.practice_id, member.id).await?;
    staff::Entity::update_many()
        .col_expr(staff::Column::PasswordHash, Expr::value(hash))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::PracticeId.eq(member.practice_id))
        .filter(staff::Column::Id.eq(member.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        system_event(&member, "auth.password_change", Outcome::Success, &staff.meta),
    )
    .await?;
    let member = staff::Model { password_changed_at: now, ..member };
    let pair =
        tokens::issue_pair(&txn, &state.jwt, state.config.refresh_token_ttl, &member, None).await?;
    txn.commit().await?;
    Ok(pair)
}
