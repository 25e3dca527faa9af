//! A client's progress figures: the `recovery` module fed from a bounded number of queries,
//! for one client over a period, or for a whole page of clients at once.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;
use uuid::Uuid;

use super::{service, types::ClinicalSummary};
use crate::{
    audit::{self, AuditEvent},
    auth::CurrentStaff,
    entities::{check_ins, clients, relapse_episodes},
    error::Result,
    recovery::{CheckIn, Episode, History, Progress, days_between, vocabulary::EpisodeKind},
    tenancy::InPractice,
    validation::Check,
};

/// The longest period a progress figure or report may cover: five years.
pub const MAX_PERIOD_DAYS: i64 = 5 * 365 + 2;
/// The period when none is asked for: the last 90 days.
pub const DEFAULT_PERIOD_DAYS: u64 = 90;

/// Checks an asked period; the default is the last 90 days up to `today`.
pub fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate)> {
    let to = to.unwrap_or(today);
    let from = from
        .unwrap_or_else(|| to.checked_sub_days(Days::new(DEFAULT_PERIOD_DAYS - 1)).unwrap_or(to));
    let mut check = Check::new();
    if to > today {
        check.fail("to", "cannot be in the future");
    }
    if from > to {
        check.fail("from", "must be on or before `to`");
    } else if days_between(from, to) > MAX_PERIOD_DAYS {
        check.fail("from", "the period can cover at most 5 years");
    }
    check.date_not_after("from", Some(from), today);
    check.finish()?;
    Ok((from, to))
}

fn episode(m: &relapse_episodes::Model) -> Option<Episode> {
    Some(Episode {
        kind: EpisodeKind::parse(&m.kind)?,
        occurred_on: m.occurred_on,
        ended_on: m.ended_on,
    })
}

fn check_in(m: &check_ins::Model) -> CheckIn {
    CheckIn {
        day: m.day,
        used: m.used,
        craving: m.craving,
        mood: m.mood,
        attended_meeting: m.attended_meeting,
        contacted_sponsor: m.contacted_sponsor,
    }
}

/// A day-only record: what the figures need of a check-in outside the period.
fn marker(day: NaiveDate, used: bool) -> CheckIn {
    CheckIn { day, used, craving: 0, mood: 0, attended_meeting: false, contacted_sponsor: false }
}

/// The dates and kinds of the active episodes of some clients that began on or before `to`:
/// all the figures need. Reading the whole rows decoded seven JSON lists per episode, a
/// visible share of the client list's CPU (perf, bench/load).
async fn episode_days_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_ids: &[Uuid],
    to: NaiveDate,
) -> Result<Vec<(Uuid, Episode)>> {
    let rows: Vec<(Uuid, String, NaiveDate, Option<NaiveDate>)> =
        relapse_episodes::Entity::in_practice(practice_id)
            .select_only()
            .columns([
                relapse_episodes::Column::ClientId,
                relapse_episodes::Column::Kind,
                relapse_episodes::Column::OccurredOn,
                relapse_episodes::Column::EndedOn,
            ])
            .filter(relapse_episodes::Column::ClientId.is_in(client_ids.iter().copied()))
            .filter(relapse_episodes::Column::Status.eq("active"))
            .filter(relapse_episodes::Column::OccurredOn.lte(to))
            .into_tuple()
            .all(db)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(client_id, kind, occurred_on, ended_on)| {
            let kind = EpisodeKind::parse(&kind)?;
            Some((client_id, Episode { kind, occurred_on, ended_on }))
        })
        .collect())
}

/// The active episodes of some clients that began on or before `to`.
async fn episodes_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_ids: &[Uuid],
    to: NaiveDate,
) -> Result<Vec<relapse_episodes::Model>> {
    Ok(relapse_episodes::Entity::in_practice(practice_id)
        .filter(relapse_episodes::Column::ClientId.is_in(client_ids.iter().copied()))
        .filter(relapse_episodes::Column::Status.eq("active"))
        .filter(relapse_episodes::Column::OccurredOn.lte(to))
        .all(db)
        .await?)
}

/// What the figures for `from..=to` need of one client's record, in four queries whatever
/// the length of their history: the episodes, the period's check-ins, the used days before
/// the period, and (without a recovery start) their first check-in.
pub async fn history(
    db: &impl ConnectionTrait,
    client: &clients::Model,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<History> {
    let episodes = episode_days_of(db, client.practice_id, &[client.id], to).await?;
    history_with(db, client, from, to, episodes.into_iter().map(|(_, e)| e).collect()).await
}

/// `history`, with the client's active episodes up to `to` as stored (for a report's table).
pub async fn history_and_episodes(
    db: &impl ConnectionTrait,
    client: &clients::Model,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(History, Vec<relapse_episodes::Model>)> {
    let episodes = episodes_of(db, client.practice_id, &[client.id], to).await?;
    let days = episodes.iter().filter_map(episode).collect();
    Ok((history_with(db, client, from, to, days).await?, episodes))
}

/// The check-ins half of `history`, around episodes already read.
async fn history_with(
    db: &impl ConnectionTrait,
    client: &clients::Model,
    from: NaiveDate,
    to: NaiveDate,
    episodes: Vec<Episode>,
) -> Result<History> {
    let scoped = || {
        check_ins::Entity::in_practice(client.practice_id)
            .filter(check_ins::Column::ClientId.eq(client.id))
    };
    let mut check_ins: Vec<CheckIn> = scoped()
        .filter(check_ins::Column::Day.between(from, to))
        .order_by_asc(check_ins::Column::Day)
        .all(db)
        .await?
        .iter()
        .map(check_in)
        .collect();
    let earlier_use: Vec<NaiveDate> = scoped()
        .select_only()
        .column(check_ins::Column::Day)
        .filter(check_ins::Column::Day.lt(from))
        .filter(check_ins::Column::Used.eq(true))
        .into_tuple()
        .all(db)
        .await?;
    check_ins.extend(earlier_use.into_iter().map(|day| marker(day, true)));
    if client.recovery_start_date.is_none() {
        let first: Option<NaiveDate> = scoped()
            .select_only()
            .column(check_ins::Column::Day)
            .order_by_asc(check_ins::Column::Day)
            .into_tuple()
            .one(db)
            .await?;
        if let Some(day) = first.filter(|d| *d < from) {
            check_ins.push(marker(day, false));
        }
    }
    Ok(History { recovery_start: client.recovery_start_date, episodes, check_ins })
}

/// Reads a client's progress figures for a period, and records the view.
#[tracing::instrument(skip_all)]
pub async fn progress(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<Progress> {
    staff.require_clinical_access()?;
    let client = service::find(db, staff, client_id).await?;
    let today = service::practice_today(staff);
    let (from, to) = period(from, to, today)?;
    let figures = history(db, &client, from, to).await?.progress(from, to);
    audit::record(
        db,
        AuditEvent::by(staff, "client.progress.read", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "from": from, "to": to })),
    )
    .await?;
    Ok(figures)
}

/// Clean time and the last check-in of a page of clients, in two queries for the page:
/// their episodes, and per client three index probes (first and last check-in, last used
/// day; the last on the partial index of use days). The cost follows the page size, not
/// the years of history behind it.
pub async fn summaries(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    clients: &[clients::Model],
    today: NaiveDate,
) -> Result<HashMap<Uuid, ClinicalSummary>> {
    use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SubQueryStatement};
    if clients.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = clients.iter().map(|c| c.id).collect();
    let episodes = episode_days_of(db, practice_id, &ids, today).await?;
    let probe = |newest: bool, used_only: bool| {
        let mut q = Query::select();
        q.column((check_ins::Entity, check_ins::Column::Day))
            .from(check_ins::Entity)
            .and_where(
                Expr::col((check_ins::Entity, check_ins::Column::PracticeId)).eq(practice_id),
            )
            .and_where(
                Expr::col((check_ins::Entity, check_ins::Column::ClientId))
                    .equals((clients::Entity, clients::Column::Id)),
            )
            .order_by(
                (check_ins::Entity, check_ins::Column::Day),
                if newest { Order::Desc } else { Order::Asc },
            )
            .limit(1);
        if used_only {
            q.and_where(Expr::col((check_ins::Entity, check_ins::Column::Used)).eq(true))
                .and_where(Expr::col((check_ins::Entity, check_ins::Column::Day)).lte(today));
        }
        Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(q)))
    };
    let query = Query::select()
        .column((clients::Entity, clients::Column::Id))
        .expr_as(probe(false, false), Alias::new("first_day"))
        .expr_as(probe(true, false), Alias::new("last_day"))
        .expr_as(probe(true, true), Alias::new("last_used_day"))
        .from(clients::Entity)
        .and_where(Expr::col((clients::Entity, clients::Column::PracticeId)).eq(practice_id))
        .and_where(Expr::col((clients::Entity, clients::Column::Id)).is_in(ids.iter().copied()))
        .to_owned();
    let mut spans: Vec<(Uuid, NaiveDate, NaiveDate)> = Vec::new();
    let mut last_uses: Vec<(Uuid, NaiveDate)> = Vec::new();
    for row in db.query_all(&query).await? {
        let id: Uuid = row.try_get("", "id")?;
        let first: Option<NaiveDate> = row.try_get("", "first_day")?;
        let last: Option<NaiveDate> = row.try_get("", "last_day")?;
        if let (Some(first), Some(last)) = (first, last) {
            spans.push((id, first, last));
        }
        if let Some(day) = row.try_get::<Option<NaiveDate>>("", "last_used_day")? {
            last_uses.push((id, day));
        }
    }

    let mut histories: HashMap<Uuid, History> = clients
        .iter()
        .map(|c| (c.id, History { recovery_start: c.recovery_start_date, ..History::default() }))
        .collect();
    let mut last_check_in = HashMap::new();
    for (client_id, ep) in episodes {
        if let Some(h) = histories.get_mut(&client_id) {
            h.episodes.push(ep);
        }
    }
    for (client_id, first, last) in spans {
        if let Some(h) = histories.get_mut(&client_id) {
            // The first record can stand in for a missing recovery start.
            h.check_ins.push(marker(first, false));
            last_check_in.insert(client_id, last);
        }
    }
    for (client_id, day) in last_uses {
        if let Some(h) = histories.get_mut(&client_id) {
            // Clean time only depends on the latest use, so that day is all it needs.
            h.check_ins.retain(|c| c.day != day);
            h.check_ins.push(marker(day, true));
        }
    }
    Ok(histories
        .into_iter()
        .map(|(id, h)| {
            let summary = ClinicalSummary {
                current_streak_days: h.current_streak_days(today),
                last_check_in_on: last_check_in.get(&id).copied(),
            };
            (id, summary)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_default_period_is_the_last_90_days() {
        assert_eq!(
            period(None, None, d("2026-11-28")).unwrap(),
            (d("2026-08-31"), d("2026-11-28"))
        );
    }

    #[test]
    fn a_reversed_future_or_over_long_period_is_refused() {
        let today = d("2026-11-28");
        assert!(period(Some(d("2026-11-20")), Some(d("2026-11-10")), today).is_err());
        assert!(period(None, Some(d("2026-11-29")), today).is_err());
        assert!(period(Some(d("2021-11-01")), None, today).is_err());
        assert!(period(Some(d("2021-11-28")), None, today).is_ok());
    }
}
