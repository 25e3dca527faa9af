//! A synthetic report of any length, built through the `recovery` module like a real one:
//! for renderer tests, `daybreak reports sample` and the benchmark. Deterministic.

use chrono::{Days, NaiveDate, TimeZone, Utc};

use super::model::{
    Paper, ProgressReport, ReportAddendum, ReportEpisode, ReportMeasure, ReportNote, ReportProgress,
};
use crate::recovery::{CheckIn, Episode, History, vocabulary::EpisodeKind};

const SENTENCES: [&str; 8] = [
    "Client described a stressful week at work and two evenings with strong urges after arguments at home.",
    "She used urge surfing and called her sponsor instead of stopping at the liquor store on the way home.",
    "We reviewed the relapse prevention plan and added a new high-risk situation: Friday evenings alone.",
    "Affect was brighter than last session; sleep has improved to about seven hours most nights.",
    "Client attended four meetings and reports feeling more connected to her home group.",
    "Discussed the abstinence violation effect after last month's lapse; client reframed it as a learning event.",
    "Plan: continue weekly sessions, practise the craving log daily and review progress in two weeks.",
    "No safety concerns were raised; client denies suicidal ideation and has the crisis line number saved.",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// A report over the `days` days up to 2026-11-27 with `notes` signed notes.
pub fn sample(days: u64, notes: usize) -> ProgressReport {
    let to = NaiveDate::from_ymd_opt(2026, 11, 27).expect("a valid day");
    let from = to.checked_sub_days(Days::new(days.max(1) - 1)).unwrap_or(to);
    let start = from.checked_sub_days(Days::new(200)).unwrap_or(from);
    let mut rng = Lcg(days * 31 + notes as u64);
    let check_ins = check_ins(&mut rng, from, to);
    let span = (to - from).num_days().max(1) as u64;
    let (episodes, report_episodes) = episodes(&mut rng, from, to, days);
    let history = History { recovery_start: Some(start), episodes, check_ins };
    let progress = history.progress(from, to);

    let measures = (0..(days / 14).min(26))
        .map(|k| ReportMeasure {
            taken_on: from.checked_add_days(Days::new(k * 14)).unwrap_or(from),
            instrument: if k % 2 == 0 { "PHQ-9".into() } else { "GAD-7".into() },
            total: 14 - (k as i32).min(10),
            max: if k % 2 == 0 { 27 } else { 21 },
            band: if k < 4 { "Moderate".into() } else { "Mild".into() },
        })
        .collect();
    let notes = signed_notes(&mut rng, from, span, notes);
    ProgressReport {
        paper: Paper::Letter,
        practice_name: "Lakeside Recovery Counseling".into(),
        client_name: "Sam Rivera".into(),
        date_of_birth: NaiveDate::from_ymd_opt(1988, 4, 12),
        clinician_name: "Dana Whitfield, LCSW".into(),
        generated_at: Utc.with_ymd_and_hms(2026, 11, 28, 15, 4, 5).single().expect("a valid time"),
        generated_on: NaiveDate::from_ymd_opt(2026, 11, 28).expect("a valid day"),
        recipient: Some("Dr. Lee, County drug court".into()),
        purpose: Some("Treatment progress for the court".into()),
        consent: None,
        primary_substance: Some("Alcohol".into()),
        progress: ReportProgress::from(&progress),
        episodes: report_episodes,
        measures,
        notes: Some(notes),
        plan: None,
        screens: None,
        part2_notice: true,
    }
}

/// About 8 days in 10 reported, a use day now and then.
fn check_ins(rng: &mut Lcg, from: NaiveDate, to: NaiveDate) -> Vec<CheckIn> {
    let mut check_ins = Vec::new();
    let mut day = from;
    while day <= to {
        if rng.next(10) < 8 {
            check_ins.push(CheckIn {
                day,
                used: rng.next(40) == 0,
                craving: rng.next(7) as i16 + if rng.next(5) == 0 { 3 } else { 0 },
                mood: rng.next(10) as i16,
                attended_meeting: rng.next(3) == 0,
                contacted_sponsor: rng.next(4) == 0,
            });
        }
        day = day.succ_opt().unwrap_or(day);
    }
    check_ins
}

/// A lapse every 45 days or so, every third one a relapse of three days.
fn episodes(
    rng: &mut Lcg,
    from: NaiveDate,
    to: NaiveDate,
    days: u64,
) -> (Vec<Episode>, Vec<ReportEpisode>) {
    let span = (to - from).num_days().max(1) as u64;
    let mut episodes = Vec::new();
    let mut report_episodes = Vec::new();
    for k in 0..(days / 45 + 1) {
        let occurred_on = from.checked_add_days(Days::new(rng.next(span))).unwrap_or(from);
        let relapse = k % 3 == 2;
        let ended_on = relapse
            .then(|| occurred_on.checked_add_days(Days::new(3)).unwrap_or(occurred_on).min(to));
        let kind = if relapse { EpisodeKind::Relapse } else { EpisodeKind::Lapse };
        episodes.push(Episode { kind, occurred_on, ended_on });
        report_episodes.push(ReportEpisode {
            occurred_on,
            ended_on,
            kind,
            substances: vec!["Alcohol".into()],
            triggers: vec!["Unpleasant emotions".into(), "Conflict with others".into()],
            helped: vec![
                "Called sponsor".into(),
                "Attended meeting".into(),
                "Left situation".into(),
            ],
        });
    }
    report_episodes.sort_by_key(|e| e.occurred_on);
    (episodes, report_episodes)
}

/// `count` signed notes spread over the period, in turn SOAP, DAP and BIRP, some addended.
fn signed_notes(rng: &mut Lcg, from: NaiveDate, span: u64, count: usize) -> Vec<ReportNote> {
    let formats = [
        ("SOAP", ["Subjective", "Objective", "Assessment", "Plan"].as_slice()),
        ("DAP", ["Data", "Assessment", "Plan"].as_slice()),
        ("BIRP", ["Behavior", "Intervention", "Response", "Plan"].as_slice()),
    ];
    (0..count)
        .map(|k| {
            let (format, headings) = formats[k % formats.len()];
            let session_on = from
                .checked_add_days(Days::new((k as u64 * span) / count.max(1) as u64))
                .unwrap_or(from);
            let sections = headings
                .iter()
                .map(|h| {
                    let n = 2 + rng.next(3) as usize;
                    let text: Vec<&str> = (0..n).map(|_| SENTENCES[rng.next(8) as usize]).collect();
                    (h.to_string(), text.join(" "))
                })
                .collect();
            let addenda = if k % 5 == 2 {
                vec![ReportAddendum {
                    author: "Dana Whitfield, LCSW".into(),
                    written_on: session_on.checked_add_days(Days::new(1)).unwrap_or(session_on),
                    body: "Client called the next day to say the new evening routine is helping."
                        .into(),
                }]
            } else {
                Vec::new()
            };
            ReportNote {
                session_on,
                format: format.into(),
                author: "Dana Whitfield, LCSW".into(),
                signed_on: session_on,
                co_signed_by: (k % 7 == 0).then(|| "Dr. Marcus Hale".into()),
                sections,
                addenda,
            }
        })
        .collect()
}
