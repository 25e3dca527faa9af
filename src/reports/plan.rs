//! The client's relapse-prevention plan in a report: read for the report's model (the latest
//! version, and how the period's triggers stand against it), and drawn after the lapses and
//! relapses.

use chrono::NaiveDate;
use sea_orm::ConnectionTrait;

use super::{
    canvas::{Canvas, MARGIN_X},
    dates::day,
    fonts::Weight,
    model::{ProgressReport, ReportPlan, ReportTrigger},
    table::table,
};
use crate::{
    client_plans::{service as plans, types::RelapsePreventionPlan},
    core::error::Result,
    entities::{clients, relapse_episodes, states::PlanKind},
    recovery::{
        Episode,
        vocabulary::{self, Trigger, label},
    },
};

/// The plan as the report prints it, or `None` when the client has none. `episodes` are the
/// client's episodes; those that touch `from..=to` are counted. Days are the practice's.
pub async fn of(
    db: &impl ConnectionTrait,
    client: &clients::Model,
    episodes: &[relapse_episodes::Model],
    from: NaiveDate,
    to: NaiveDate,
    time_zone: &str,
) -> Result<Option<ReportPlan>> {
    let latest =
        plans::latest(db, client.practice_id, client.id, PlanKind::RelapsePrevention).await?;
    let Some(row) = latest else { return Ok(None) };
    let plan: RelapsePreventionPlan = plans::content(&row)?;
    let mut counts: Vec<(Trigger, i64)> = Vec::new();
    for e in episodes {
        let span = Episode { kind: e.kind, occurred_on: e.occurred_on, ended_on: e.ended_on };
        if span.clipped(from, to).is_none() {
            continue;
        }
        for t in vocabulary::from_json(&e.triggers, Trigger::parse) {
            match counts.iter_mut().find(|(k, _)| *k == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t, 1)),
            }
        }
    }
    for t in &plan.high_risk_situations {
        if !counts.iter().any(|(k, _)| k == t) {
            counts.push((*t, 0));
        }
    }
    // Most frequent first; the plan's own situations before others at the same count.
    let in_plan = |t: &Trigger| plan.high_risk_situations.contains(t);
    counts.sort_by_key(|(t, n)| (-n, !in_plan(t), Trigger::ALL.iter().position(|x| x == t)));
    let role = |r: &str| if r == "other" { String::new() } else { format!(" ({r})") };
    Ok(Some(ReportPlan {
        version: row.version,
        written_on: crate::core::clock::day_in(row.written_at, time_zone),
        warning_signs: plan.warning_signs.clone(),
        high_risk_situations: plan.high_risk_situations.iter().map(|t| label(t.as_str())).collect(),
        coping_steps: plan.coping_steps.clone(),
        reasons: plan.reasons.clone(),
        people: plan
            .people
            .iter()
            .map(|p| format!("{}{}", p.name, role(p.role.as_str())))
            .collect(),
        meetings: plan
            .meetings
            .iter()
            .map(|m| {
                let when: Vec<String> = [m.day_of_week.map(|d| label(d.as_str())), m.time.clone()]
                    .into_iter()
                    .flatten()
                    .collect();
                if when.is_empty() {
                    m.name.clone()
                } else {
                    format!("{}, {}", m.name, when.join(" "))
                }
            })
            .collect(),
        triggers: counts
            .iter()
            .map(|(t, n)| ReportTrigger {
                trigger: label(t.as_str()),
                episodes: *n,
                in_plan: in_plan(t),
            })
            .collect(),
    }))
}

fn block(c: &mut Canvas, title: &str, items: &[String], numbered: bool) {
    if items.is_empty() {
        return;
    }
    let width = c.content_width();
    c.need(26.0);
    c.text(MARGIN_X, c.y + 9.0, title, 9.0, Weight::Bold, 0.15);
    c.y += 13.0;
    for (i, item) in items.iter().enumerate() {
        let line = if numbered { format!("{}. {item}", i + 1) } else { format!("• {item}") };
        c.paragraph(MARGIN_X + 8.0, width - 8.0, &line, 9.0, Weight::Regular, 0.05);
    }
    c.y += 4.0;
}

/// The plan's section: what the client wrote with their clinician, then a table of the period's
/// triggers against the plan's high-risk situations.
pub fn section(c: &mut Canvas, r: &ProgressReport) {
    let Some(plan) = &r.plan else { return };
    c.heading("Relapse-prevention plan", 60.0);
    let width = c.content_width();
    let written = format!(
        "Version {}, written {}. In the client's own words, as agreed with their clinician.",
        plan.version,
        day(plan.written_on)
    );
    c.paragraph(MARGIN_X, width, &written, 8.5, Weight::Regular, 0.35);
    c.y += 4.0;
    block(c, "Warning signs", &plan.warning_signs, false);
    block(c, "High-risk situations", &plan.high_risk_situations, false);
    block(c, "What I do instead", &plan.coping_steps, true);
    block(c, "Reasons", &plan.reasons, false);
    block(c, "People", &plan.people, false);
    block(c, "Meetings", &plan.meetings, false);
    if plan.triggers.is_empty() {
        return;
    }
    c.need(40.0);
    c.text(MARGIN_X, c.y + 9.0, "Triggers in this period and the plan", 9.0, Weight::Bold, 0.15);
    c.y += 14.0;
    let rows: Vec<Vec<String>> = plan
        .triggers
        .iter()
        .map(|t| {
            vec![
                t.trigger.clone(),
                t.episodes.to_string(),
                if t.in_plan { "Yes".into() } else { "Not yet".into() },
            ]
        })
        .collect();
    table(c, &[("Trigger", 0.6), ("Episodes named in", 0.2), ("On the plan", 0.2)], &rows);
}
