//! The rules that raise alerts from what clients report: craving rising over two weeks,
//! and days without a check-in while a link is active. The decisions are pure functions;
//! the `check_*` functions feed them from the database and raise what they decide.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use super::{
    raise as alerts,
    types::{AlertKind, AlertStatus},
};
use crate::{
    core::error::Result,
    core::tenancy::InPractice,
    entities::{self, check_ins, self_report_links},
};

/// The fewest check-ins each week needs before craving is compared.
pub const MIN_CHECK_INS_PER_WEEK: usize = 3;
/// How much the weekly mean craving must rise to raise an alert.
pub const CRAVING_RISE: f64 = 2.0;
/// Full days without a check-in that raise an alert.
pub const MISSED_DAYS: i64 = 3;

fn mean(values: &[i16]) -> Option<f64> {
    (values.len() >= MIN_CHECK_INS_PER_WEEK)
        .then(|| values.iter().map(|v| f64::from(*v)).sum::<f64>() / values.len() as f64)
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The previous and recent weekly mean craving when the last 7 days (`today` included)
/// are at least 2 points above the 7 days before.
pub fn craving_rise(check_ins: &[(NaiveDate, i16)], today: NaiveDate) -> Option<(f64, f64)> {
    let recent_from = today.checked_sub_days(Days::new(6))?;
    let previous_from = today.checked_sub_days(Days::new(13))?;
    let pick = |lo: NaiveDate, hi: NaiveDate| -> Vec<i16> {
        check_ins.iter().filter(|(d, _)| (lo..=hi).contains(d)).map(|(_, c)| *c).collect()
    };
    let recent = mean(&pick(recent_from, today))?;
    let previous = mean(&pick(previous_from, recent_from.pred_opt()?))?;
    (recent - previous >= CRAVING_RISE).then(|| (round1(previous), round1(recent)))
}

/// The first day counted as missed, when `MISSED_DAYS` full days before today have no
/// check-in: the day after the last check-in, or the day the link was issued.
pub fn missed_since(
    last_check_in: Option<NaiveDate>,
    link_issued_on: NaiveDate,
    today: NaiveDate,
) -> Option<NaiveDate> {
    let since = match last_check_in {
        Some(day) => day.succ_opt()?.max(link_issued_on),
        None => link_issued_on,
    };
    ((today - since).num_days() >= MISSED_DAYS).then_some(since)
}

async fn has_open(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    kind: AlertKind,
) -> Result<bool> {
    Ok(entities::alerts::Entity::in_practice(practice_id)
        .filter(entities::alerts::Column::ClientId.eq(client_id))
        .filter(entities::alerts::Column::Kind.eq(kind))
        .filter(entities::alerts::Column::Status.eq(AlertStatus::Open))
        .one(db)
        .await?
        .is_some())
}

/// After a check-in: raises `craving_rising` unless one is already open for the client.
/// `recent` holds (day, craving) of the client's check-ins of at least the last 14 days
/// (the caller has read them for its answer already).
pub async fn check_craving(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_id: Uuid,
    today: NaiveDate,
    recent: &[(NaiveDate, i16)],
) -> Result<()> {
    if let Some((previous, recent)) = craving_rise(recent, today)
        && !has_open(db, practice_id, client_id, AlertKind::CravingRising).await?
    {
        let detail = json!({ "previous_mean": previous, "recent_mean": recent });
        alerts::raise(db, practice_id, client_id, AlertKind::CravingRising, detail).await?;
    }
    Ok(())
}

/// Raises `missed_check_ins` for the practice's clients with an active link and
/// `MISSED_DAYS` days without a check-in, once per silence (a new check-in starts a new one).
pub async fn check_missed(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    time_zone: &str,
    today: NaiveDate,
) -> Result<()> {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::UTC);
    let now = chrono::Utc::now();
    let links = self_report_links::Entity::in_practice(practice_id)
        .filter(self_report_links::Column::RevokedAt.is_null())
        .filter(self_report_links::Column::ExpiresAt.gt(now))
        .all(db)
        .await?;
    if links.is_empty() {
        return Ok(());
    }
    let mut issued: HashMap<Uuid, NaiveDate> = HashMap::new();
    for link in &links {
        let day = link.created_at.with_timezone(&tz).date_naive();
        issued.entry(link.client_id).and_modify(|d| *d = (*d).min(day)).or_insert(day);
    }
    let ids: Vec<Uuid> = issued.keys().copied().collect();
    let active_clients: HashSet<Uuid> = entities::clients::Entity::in_practice(practice_id)
        .filter(entities::clients::Column::Id.is_in(ids.clone()))
        .filter(entities::clients::Column::Status.eq(entities::states::RecordStatus::Active))
        .select_only()
        .column(entities::clients::Column::Id)
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let last: HashMap<Uuid, NaiveDate> = check_ins::Entity::in_practice(practice_id)
        .filter(check_ins::Column::ClientId.is_in(ids.clone()))
        .select_only()
        .column(check_ins::Column::ClientId)
        .column_as(check_ins::Column::Day.max(), "last_day")
        .group_by(check_ins::Column::ClientId)
        .into_tuple::<(Uuid, NaiveDate)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let raised: HashSet<(Uuid, String)> = entities::alerts::Entity::in_practice(practice_id)
        .filter(entities::alerts::Column::ClientId.is_in(ids))
        .filter(entities::alerts::Column::Kind.eq(AlertKind::MissedCheckIns))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|a| Some((a.client_id, a.detail.get("since")?.as_str()?.to_owned())))
        .collect();
    for (client_id, issued_on) in issued {
        if !active_clients.contains(&client_id) {
            continue;
        }
        let last_check_in = last.get(&client_id).copied();
        let Some(since) = missed_since(last_check_in, issued_on, today) else { continue };
        if raised.contains(&(client_id, since.to_string())) {
            continue;
        }
        let detail = json!({ "since": since, "last_check_in_on": last_check_in,
                             "days_missed": (today - since).num_days() });
        alerts::raise(db, practice_id, client_id, AlertKind::MissedCheckIns, detail).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn week(start: &str, cravings: &[i16]) -> Vec<(NaiveDate, i16)> {
        let start = d(start);
        cravings
            .iter()
            .enumerate()
            .map(|(i, c)| (start + chrono::Duration::days(i as i64), *c))
            .collect()
    }

    #[test]
    fn craving_rising_by_two_points_week_over_week_is_noticed() {
        let today = d("2026-11-28");
        let mut rows = week("2026-11-15", &[2, 2, 3, 2, 2, 3, 2]);
        rows.extend(week("2026-11-22", &[4, 5, 4, 5, 4, 5, 4]));
        assert_eq!(craving_rise(&rows, today), Some((2.3, 4.4)));
    }

    #[test]
    fn a_small_rise_or_too_few_check_ins_is_not_an_alert() {
        let today = d("2026-11-28");
        let mut small = week("2026-11-15", &[2, 2, 2, 2, 2, 2, 2]);
        small.extend(week("2026-11-22", &[3, 4, 3, 4, 3, 4, 3]));
        assert_eq!(craving_rise(&small, today), None);
        let mut sparse = week("2026-11-15", &[1, 1]);
        sparse.extend(week("2026-11-22", &[9, 9, 9]));
        assert_eq!(craving_rise(&sparse, today), None, "two check-ins are no week");
    }

    #[test]
    fn three_full_days_without_a_check_in_are_missed() {
        let today = d("2026-11-28");
        assert_eq!(
            missed_since(Some(d("2026-11-24")), d("2026-11-01"), today),
            Some(d("2026-11-25"))
        );
        assert_eq!(missed_since(Some(d("2026-11-25")), d("2026-11-01"), today), None);
        assert_eq!(missed_since(None, d("2026-11-25"), today), Some(d("2026-11-25")));
        assert_eq!(missed_since(None, d("2026-11-26"), today), None, "a new link gets its days");
        assert_eq!(missed_since(Some(d("2026-11-01")), d("2026-11-27"), today), None);
    }
}
