//! A client's progress figures: the `recovery` module fed from a bounded number of queries,
//! for one client over a period, or for a whole page of clients at once.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect, QueryTrait};
use serde_json::json;
use uuid::Uuid;

use super::{scope, types::ClinicalSummary};
use crate::{
    core::audit::{self, AuditEvent},
    core::error::Result,
    core::identity::CurrentStaff,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::states::RecordStatus,
    entities::{check_ins, clients, relapse_episodes},
    recovery::{CheckIn, Episode, History, Progress, days_between, vocabulary::EpisodeKind},
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

fn episode(m: &relapse_episodes::Model) -> Episode {
    Episode { kind: m.kind, occurred_on: m.occurred_on, ended_on: m.ended_on }
}

/// A day-only record: what the figures need of a check-in outside the period.
fn marker(day: NaiveDate, used: bool) -> CheckIn {
    CheckIn { day, used, craving: 0, mood: 0, attended_meeting: false, contacted_sponsor: false }
}

/// The dates and kinds of the active episodes of some clients that began on or before `to`:
/// all the figures need. Reading the whole rows decoded seven JSON lists per episode, which
/// showed in the client list's CPU profile (bench/README.md).
async fn episode_days_of(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    client_ids: &[Uuid],
    to: NaiveDate,
) -> Result<Vec<(Uuid, Episode)>> {
    let rows: Vec<(Uuid, EpisodeKind, NaiveDate, Option<NaiveDate>)> =
        relapse_episodes::Entity::in_practice(practice_id)
            .select_only()
            .columns([
                relapse_episodes::Column::ClientId,
                relapse_episodes::Column::Kind,
                relapse_episodes::Column::OccurredOn,
                relapse_episodes::Column::EndedOn,
            ])
            .filter(relapse_episodes::Column::ClientId.is_in(client_ids.iter().copied()))
            .filter(relapse_episodes::Column::Status.eq(RecordStatus::Active))
            .filter(relapse_episodes::Column::OccurredOn.lte(to))
            .into_tuple()
            .all(db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|(client_id, kind, occurred_on, ended_on)| {
            (client_id, Episode { kind, occurred_on, ended_on })
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
        .filter(relapse_episodes::Column::Status.eq(RecordStatus::Active))
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
    let days = episodes.iter().map(episode).collect();
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
    use sea_orm::sea_query::{Expr, ExprTrait, Func, UnionType};
    let scoped = || {
        check_ins::Entity::in_practice(client.practice_id)
            .filter(check_ins::Column::ClientId.eq(client.id))
            .select_only()
    };
    // One statement of up to three parts with the same columns: the period's check-ins,
    // the days with use before it (day-only markers), and without a recovery start the
    // first check-in when it came before the period.
    let marker_columns = |q: sea_orm::Select<check_ins::Entity>, used: bool| {
        q.expr(Expr::val(used))
            .expr(Expr::val(0i16))
            .expr(Expr::val(0i16))
            .expr(Expr::val(false))
            .expr(Expr::val(false))
    };
    let mut query = scoped()
        .columns([
            check_ins::Column::Day,
            check_ins::Column::Used,
            check_ins::Column::Craving,
            check_ins::Column::Mood,
            check_ins::Column::AttendedMeeting,
            check_ins::Column::ContactedSponsor,
        ])
        .filter(check_ins::Column::Day.between(from, to))
        .into_query();
    let earlier_use = marker_columns(scoped().column(check_ins::Column::Day), true)
        .filter(check_ins::Column::Day.lt(from))
        .filter(used())
        .into_query();
    query.union(UnionType::All, earlier_use);
    if client.recovery_start_date.is_none() {
        let first_day = || Func::min(Expr::col((check_ins::Entity, check_ins::Column::Day)));
        let mut first = marker_columns(scoped().expr(first_day()), false).into_query();
        first.and_having(Expr::expr(first_day()).lt(from));
        query.union(UnionType::All, first);
    }
    let (mut period, mut earlier, mut first) = (Vec::new(), Vec::new(), None);
    for row in db.query_all(&query).await? {
        let c = CheckIn {
            day: row.try_get_by_index(0)?,
            used: row.try_get_by_index(1)?,
            craving: row.try_get_by_index(2)?,
            mood: row.try_get_by_index(3)?,
            attended_meeting: row.try_get_by_index(4)?,
            contacted_sponsor: row.try_get_by_index(5)?,
        };
        if c.day >= from {
            period.push(c);
        } else if c.used {
            earlier.push(c);
        } else {
            first = Some(c);
        }
    }
    period.sort_by_key(|c| c.day);
    let mut check_ins = period;
    check_ins.extend(earlier);
    check_ins.extend(first);
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
    let client = scope::find(db, staff, client_id).await?;
    let today = staff.today();
    let (from, to) = period(from, to, today)?;
    let mut figures = history(db, &client, from, to).await?.progress(from, to);
    figures.attendance = Some(attendance(db, staff, client_id, from, to).await?);
    audit::record(
        db,
        AuditEvent::by(staff, "client.progress.read", "client", Some(client_id))
            .client(client_id)
            .detail(json!({ "from": from, "to": to })),
    )
    .await?;
    Ok(figures)
}

/// The client's appointments and group sessions starting from `from` to `to` (days in the
/// practice's time zone), as attendance figures and weekly service hours.
pub async fn attendance(
    db: &impl ConnectionTrait,
    staff: &CurrentStaff,
    client_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<crate::recovery::attendance::AttendanceFigures> {
    use crate::core::clock::{day_in, day_start};
    use crate::entities::{
        appointments, group_attendance, group_sessions, states::GroupSessionStatus,
    };
    use crate::recovery::{
        attendance::{AttendanceFigures, Visit},
        vocabulary::{AppointmentKind, AppointmentStatus, GroupAttendanceStatus},
    };
    let start = day_start(from, &staff.time_zone);
    let end = day_start(to + chrono::Duration::days(1), &staff.time_zone);
    let (Some(start), Some(end)) = (start, end) else {
        return Err(crate::core::error::AppError::internal("a day's start"));
    };
    let tz = &staff.time_zone;
    let mut visits: Vec<Visit> = appointments::Entity::in_practice(staff.practice_id)
        .filter(appointments::Column::ClientId.eq(client_id))
        .filter(appointments::Column::StartsAt.gte(start))
        .filter(appointments::Column::StartsAt.lt(end))
        .all(db)
        .await?
        .into_iter()
        .map(|a| Visit {
            kind: a.kind,
            status: a.status,
            day: day_in(a.starts_at, tz),
            minutes: a.duration_minutes as i64,
        })
        .collect();
    let recorded = group_attendance::Entity::in_practice(staff.practice_id)
        .filter(group_attendance::Column::ClientId.eq(client_id))
        .all(db)
        .await?;
    if !recorded.is_empty() {
        let sessions = group_sessions::Entity::in_practice(staff.practice_id)
            .filter(group_sessions::Column::Id.is_in(recorded.iter().map(|r| r.session_id)))
            .filter(group_sessions::Column::StartsAt.gte(start))
            .filter(group_sessions::Column::StartsAt.lt(end))
            .all(db)
            .await?;
        for session in sessions {
            let Some(row) = recorded.iter().find(|r| r.session_id == session.id) else {
                continue;
            };
            let status = match (session.status, row.status) {
                (GroupSessionStatus::Cancelled, _) => AppointmentStatus::CancelledByPractice,
                (_, GroupAttendanceStatus::Present | GroupAttendanceStatus::LeftEarly) => {
                    AppointmentStatus::Attended
                }
                (_, GroupAttendanceStatus::Late) => AppointmentStatus::Late,
                (_, GroupAttendanceStatus::AbsentUnexcused) => AppointmentStatus::NoShow,
                (_, GroupAttendanceStatus::AbsentExcused) => AppointmentStatus::CancelledByClient,
            };
            visits.push(Visit {
                kind: AppointmentKind::Group,
                status,
                day: day_in(session.starts_at, tz),
                minutes: row.minutes_attended.unwrap_or(0) as i64,
            });
        }
    }
    Ok(AttendanceFigures::of(&visits, from, to))
}

/// `used` as a bare condition, not `used = $n`: only then can a generic plan (the server
/// asks for those, `db::connect`) use the partial index of use days, `ix_check_ins_used_days`
/// (with a bound value it walked the client's whole history backwards to the last use).
fn used() -> sea_orm::sea_query::SimpleExpr {
    sea_orm::sea_query::Expr::col((check_ins::Entity, check_ins::Column::Used))
}

/// What index probes read of one client's check-ins: the last check-in, the last day they
/// reported use (on the partial index of use days) and, without a recovery start, the first
/// check-in. Enough for clean time and the last check-in, whatever the years behind them.
#[derive(Clone, Copy, Debug, Default)]
pub struct Probes {
    first_day: Option<NaiveDate>,
    last_day: Option<NaiveDate>,
    last_used_day: Option<NaiveDate>,
}

/// The probes as columns of a query on `clients` (correlated subqueries, one index probe
/// each), named as `Probes::read` reads them back.
pub fn probe_columns(
    practice_id: Uuid,
    today: NaiveDate,
) -> [(&'static str, sea_orm::sea_query::SimpleExpr); 3] {
    use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SubQueryStatement};
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
            q.and_where(used())
                .and_where(Expr::col((check_ins::Entity, check_ins::Column::Day)).lte(today));
        }
        Expr::SubQuery(None, Box::new(SubQueryStatement::SelectStatement(q)))
    };
    // The first check-in only stands in for a missing recovery start: with one, it changes
    // no figure, and the probe is not run (a CASE evaluates its branch only when taken).
    let first_day = Expr::case(
        Expr::col((clients::Entity, clients::Column::RecoveryStartDate)).is_null(),
        probe(false, false),
    )
    .finally(Expr::null());
    [
        ("probe_first_day", first_day.into()),
        ("probe_last_day", probe(true, false)),
        ("probe_last_used_day", probe(true, true)),
    ]
}

impl Probes {
    /// Reads the columns of `probe_columns` from a row.
    pub fn read(row: &sea_orm::QueryResult) -> Result<Self> {
        Ok(Self {
            first_day: row.try_get("", "probe_first_day")?,
            last_day: row.try_get("", "probe_last_day")?,
            last_used_day: row.try_get("", "probe_last_used_day")?,
        })
    }
}

/// Clean time and the last check-in of a page of clients, in two queries for the page:
/// their episodes, and per client the three probes.
pub async fn summaries(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    clients: &[clients::Model],
    today: NaiveDate,
) -> Result<HashMap<Uuid, ClinicalSummary>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    if clients.is_empty() {
        return Ok(HashMap::new());
    }
    let mut query = Query::select();
    query
        .column((clients::Entity, clients::Column::Id))
        .from(clients::Entity)
        .and_where(Expr::col((clients::Entity, clients::Column::PracticeId)).eq(practice_id))
        .and_where(
            Expr::col((clients::Entity, clients::Column::Id)).is_in(clients.iter().map(|c| c.id)),
        );
    for (name, expr) in probe_columns(practice_id, today) {
        query.expr_as(expr, sea_orm::sea_query::Alias::new(name));
    }
    let mut probes = HashMap::new();
    for row in db.query_all(&query).await? {
        probes.insert(row.try_get::<Uuid>("", "id")?, Probes::read(&row)?);
    }
    let page: Vec<(&clients::Model, Probes)> =
        clients.iter().map(|c| (c, probes.get(&c.id).copied().unwrap_or_default())).collect();
    summarize(db, practice_id, &page, today).await
}

/// Clean time and the last check-in of clients whose probes were read with them (one
/// query more: their episodes).
pub async fn summarize(
    db: &impl ConnectionTrait,
    practice_id: Uuid,
    page: &[(&clients::Model, Probes)],
    today: NaiveDate,
) -> Result<HashMap<Uuid, ClinicalSummary>> {
    if page.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = page.iter().map(|(c, _)| c.id).collect();
    let mut histories: HashMap<Uuid, History> = page
        .iter()
        .map(|(c, _)| {
            (c.id, History { recovery_start: c.recovery_start_date, ..History::default() })
        })
        .collect();
    for (client_id, ep) in episode_days_of(db, practice_id, &ids, today).await? {
        if let Some(h) = histories.get_mut(&client_id) {
            h.episodes.push(ep);
        }
    }
    let mut last_check_in = HashMap::new();
    for (client, probes) in page {
        let Some(h) = histories.get_mut(&client.id) else { continue };
        if let Some(first) = probes.first_day {
            // The first record can stand in for a missing recovery start.
            h.check_ins.push(marker(first, false));
        }
        if let Some(last) = probes.last_day {
            last_check_in.insert(client.id, last);
        }
        if let Some(day) = probes.last_used_day {
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
