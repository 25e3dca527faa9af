//! What a client sees and does through their link: the three numbers, today's check-in and
//! due questionnaires. Every figure comes from the `recovery` module, as on the dashboard.

use chrono::{Days, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::OnConflict,
};
use serde_json::json;
use uuid::Uuid;

use super::links::Opened;
use super::types::first_name;
pub use super::types::{
    CheckInAnswer, ClaimPrompt, MeasureAnswers, MeasureScore, OwnCheckIn, SelfCheckIn,
    SelfReportPage, SelfReportView,
};
use crate::{
    alerts::{
        rules,
        service::{self as alerts, AlertKind},
    },
    checkins::{service::check_values, types::NewCheckIn},
    client_plans::service as plans,
    clients::progress,
    core::audit::{self, AuditEvent},
    core::error::{AppError, Result},
    core::identity::RequestMeta,
    core::tenancy::InPractice,
    core::validation::Check,
    entities::check_ins,
    entities::states::CheckInSource,
    measures::service::{self as measures, DueMeasure},
    recovery::{
        self,
        vocabulary::{self, Substance},
    },
    screens::medications,
};

/// How far back a client may report a day.
pub const MAX_DAYS_BACK: u64 = 7;

fn today(opened: &Opened) -> NaiveDate {
    crate::core::clock::today_in(&opened.practice.time_zone)
}

/// The client's page, and the check-ins of its 30 days. `today_row` is today's check-in
/// when the caller has it in hand (it has just saved it): not read again.
async fn build_view(
    db: &impl ConnectionTrait,
    opened: &Opened,
    today_row: Option<&check_ins::Model>,
) -> Result<(SelfReportView, Vec<recovery::CheckIn>)> {
    let client = &opened.client;
    let today = today(opened);
    let from = today.checked_sub_days(Days::new(29)).unwrap_or(today);
    let history = progress::history(db, client, from, today).await?;
    let figures = history.progress(from, today);
    // Clean days in the last 30 count from the recovery start on, like total clean days.
    let counted_from = figures.recovery_start_date.map(|s| s.max(from));
    let clean_days_last_30 = counted_from.map_or(0, |start| {
        let days = recovery::days_between(start, today);
        days - history.used_days(start, today).len() as i64
    });
    let today_row = match today_row.filter(|row| row.day == today) {
        Some(row) => Some(row.clone()),
        // Only a day the period's check-ins hold can have a row to read.
        None if history.check_ins.iter().any(|c| c.day == today) => {
            check_ins::Entity::in_practice(client.practice_id)
                .filter(check_ins::Column::ClientId.eq(client.id))
                .filter(check_ins::Column::Day.eq(today))
                .one(db)
                .await?
        }
        None => None,
    };
    // A day staff recorded (in session, or filling in a missed day) is not the client's own
    // answer: the page shows only what the client wrote, never a staff member's note.
    let today_row = today_row.filter(|row| row.source == CheckInSource::SelfReport);
    let due = measures::due(db, client.practice_id, client.id, today).await?;
    let (plan, safety_plan) = plans::for_client_page(db, client.practice_id, client.id).await?;
    let asks_medication =
        medications::asks_on_link(db, client.practice_id, client.id, today).await?;
    let next_appointment = next_appointment(db, client).await?;
    let view = SelfReportView {
        claim_required: false,
        first_name: first_name(opened),
        practice_name: opened.practice.name.clone(),
        today,
        time_zone: opened.practice.time_zone.clone(),
        current_streak_days: figures.current_streak_days,
        clean_days_last_30,
        total_clean_days: figures.total_clean_days,
        checked_in_today: today_row.is_some(),
        today_check_in: today_row.as_ref().map(OwnCheckIn::from),
        crisis_text: opened.practice.crisis_text.clone(),
        due_measures: due.into_iter().map(DueMeasure::new).collect(),
        substances: Substance::ALL.to_vec(),
        plan,
        safety_plan,
        asks_medication,
        next_appointment,
    };
    Ok((view, history.check_ins))
}

/// The client's next appointment still scheduled, from now on.
async fn next_appointment(
    db: &impl ConnectionTrait,
    client: &crate::entities::clients::Model,
) -> Result<Option<super::types::NextAppointment>> {
    use crate::{entities::appointments, recovery::vocabulary::AppointmentStatus};
    use sea_orm::QueryOrder;
    let next = appointments::Entity::in_practice(client.practice_id)
        .filter(appointments::Column::ClientId.eq(client.id))
        .filter(appointments::Column::StartsAt.gte(Utc::now()))
        .filter(appointments::Column::Status.eq(AppointmentStatus::Scheduled))
        .order_by_asc(appointments::Column::StartsAt)
        .one(db)
        .await?;
    Ok(next.map(|a| super::types::NextAppointment {
        starts_at: a.starts_at,
        location: if a.telehealth { None } else { a.location },
        online: a.telehealth,
    }))
}

/// The client's page; records the link's use.
pub async fn view(
    db: &impl ConnectionTrait,
    opened: &Opened,
    meta: &RequestMeta,
) -> Result<SelfReportView> {
    let (view, _) = build_view(db, opened, None).await?;
    super::links::touch(db, &opened.link).await?;
    audit::record(
        db,
        AuditEvent::by_link(
            opened.practice.id,
            opened.client.id,
            opened.link.id,
            "self_report.view",
            meta,
        ),
    )
    .await?;
    Ok(view)
}

/// The first-open step of an unclaimed link; the look is audited like a view.
pub async fn claim_prompt(
    db: &impl ConnectionTrait,
    opened: &Opened,
    meta: &RequestMeta,
) -> Result<ClaimPrompt> {
    audit::record(
        db,
        AuditEvent::by_link(
            opened.practice.id,
            opened.client.id,
            opened.link.id,
            "self_report.claim_prompt",
            meta,
        ),
    )
    .await?;
    Ok(ClaimPrompt::new(opened))
}

/// The client's page right after their phone claimed the link (the claim is audited).
pub async fn claimed(
    db: &impl ConnectionTrait,
    opened: &Opened,
    meta: &RequestMeta,
) -> Result<SelfReportView> {
    let (view, _) = build_view(db, opened, None).await?;
    audit::record(
        db,
        AuditEvent::by_link(
            opened.practice.id,
            opened.client.id,
            opened.link.id,
            "self_report.claim",
            meta,
        ),
    )
    .await?;
    Ok(view)
}

/// Saves the day's check-in (one per client per day: a second one replaces the first).
/// Returns the answer and whether the check-in is new.
pub async fn check_in(
    db: &impl ConnectionTrait,
    opened: &Opened,
    input: SelfCheckIn,
    meta: &RequestMeta,
) -> Result<(CheckInAnswer, bool)> {
    let client = &opened.client;
    let today = today(opened);
    let (day, note) = checked(&input, today)?;
    let existing = check_ins::Entity::in_practice(client.practice_id)
        .filter(check_ins::Column::ClientId.eq(client.id))
        .filter(check_ins::Column::Day.eq(day))
        .one(db)
        .await?;
    // Kept only where the page asks it: a current medication set to be asked about that day.
    let asked = medications::asks_on_link(db, client.practice_id, client.id, day).await?;
    let took_medication = input.took_medication.filter(|_| asked);
    let saved = upsert(db, opened, &input, day, note, took_medication).await?;

    if input.used && !existing.as_ref().is_some_and(|e| e.used) {
        let detail = json!({ "day": day, "check_in_id": saved.id });
        alerts::raise(db, client.practice_id, client.id, AlertKind::UseReported, detail).await?;
    }
    super::links::touch(db, &opened.link).await?;
    // The answer's page, whose 30 days of check-ins feed the craving rule too (one read for
    // both).
    let (view, recent) = build_view(db, opened, Some(&saved)).await?;
    let recent: Vec<(NaiveDate, i16)> = recent.iter().map(|c| (c.day, c.craving)).collect();
    rules::check_craving(db, client.practice_id, client.id, today, &recent).await?;
    audit::record(
        db,
        AuditEvent::by_link(
            opened.practice.id,
            client.id,
            opened.link.id,
            "self_report.check_in",
            meta,
        )
        .detail(json!({ "day": day, "replaced": existing.is_some() })),
    )
    .await?;
    Ok((CheckInAnswer { view, check_in: OwnCheckIn::from(&saved) }, existing.is_none()))
}

/// The day a check-in is for (today unless sent, at most a week back) and its checked note.
fn checked(input: &SelfCheckIn, today: NaiveDate) -> Result<(NaiveDate, Option<String>)> {
    let day = input.day.unwrap_or(today);
    let mut check = Check::new();
    let earliest = today.checked_sub_days(Days::new(MAX_DAYS_BACK)).unwrap_or(today);
    if day > today {
        check.fail("day", "cannot be in the future");
    } else if day < earliest {
        check.fail("day", "can be at most 7 days ago");
    }
    let values = NewCheckIn {
        day,
        used: input.used,
        substances: input.substances.clone(),
        craving: input.craving,
        mood: input.mood,
        attended_meeting: input.attended_meeting,
        contacted_sponsor: input.contacted_sponsor,
        note: input.note.clone(),
    };
    let note = check_values(&mut check, &values);
    check.finish()?;
    Ok((day, note))
}

/// Saves the day's check-in through the link, replacing one already there. The unique
/// (practice, client, day) key makes two submissions for one day, even at the same moment,
/// end as one row.
async fn upsert(
    db: &impl ConnectionTrait,
    opened: &Opened,
    input: &SelfCheckIn,
    day: NaiveDate,
    note: Option<String>,
    took_medication: Option<bool>,
) -> Result<check_ins::Model> {
    let client = &opened.client;
    let now = Utc::now();
    let row = check_ins::ActiveModel {
        practice_id: Set(client.practice_id),
        id: Set(Uuid::now_v7()),
        client_id: Set(client.id),
        day: Set(day),
        used: Set(input.used),
        substances: Set(vocabulary::to_json(&input.substances, Substance::as_str)),
        craving: Set(input.craving),
        mood: Set(input.mood),
        attended_meeting: Set(input.attended_meeting),
        contacted_sponsor: Set(input.contacted_sponsor),
        note: Set(note),
        source: Set(CheckInSource::SelfReport),
        recorded_by: Set(None),
        link_id: Set(Some(opened.link.id)),
        took_medication: Set(took_medication),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let replaced = [
        check_ins::Column::Used,
        check_ins::Column::Substances,
        check_ins::Column::Craving,
        check_ins::Column::Mood,
        check_ins::Column::AttendedMeeting,
        check_ins::Column::ContactedSponsor,
        check_ins::Column::Note,
        check_ins::Column::Source,
        check_ins::Column::RecordedBy,
        check_ins::Column::LinkId,
        check_ins::Column::TookMedication,
        check_ins::Column::UpdatedAt,
    ];
    let key = [check_ins::Column::PracticeId, check_ins::Column::ClientId, check_ins::Column::Day];
    Ok(check_ins::Entity::insert(row)
        .on_conflict(OnConflict::columns(key).update_columns(replaced).to_owned())
        .exec_with_returning(db)
        .await?)
}

/// Scores and stores a due (scheduled) questionnaire.
pub async fn answer_measure(
    db: &impl ConnectionTrait,
    opened: &Opened,
    input: MeasureAnswers,
    meta: &RequestMeta,
) -> Result<MeasureScore> {
    let client = &opened.client;
    let today = today(opened);
    let scheduled = measures::is_scheduled(db, client.practice_id, client.id, input.code).await?;
    if !scheduled {
        return Err(AppError::field("code", "this questionnaire is not asked of you"));
    }
    let score = measures::record(
        db,
        client.practice_id,
        client.id,
        opened.link.id,
        input.code,
        &input.answers,
        today,
    )
    .await?;
    super::links::touch(db, &opened.link).await?;
    audit::record(
        db,
        AuditEvent::by_link(
            opened.practice.id,
            client.id,
            opened.link.id,
            "self_report.measure",
            meta,
        )
        .detail(json!({ "code": input.code.as_str() })),
    )
    .await?;
    Ok(MeasureScore { code: input.code, total: score.total, band: score.band })
}
