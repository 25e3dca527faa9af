#!/usr/bin/env python3
"""Makes the report view model used by the PDF benchmark when there is no Daybreak binary.

The JSON has the serde form of `ProgressReport` (src/reports/model.rs): a 90-day period
ending 2026-11-29, 40 signed session notes (SOAP, DAP and BIRP, 3-4 sections of 2-4
sentences, a few co-signed, six with an addendum), 5 lapse/relapse episodes, 6 PHQ-9/GAD-7
scores and the 42 CFR Part 2 notice. Everything comes from a fixed seed, so the output is
the same on every run; the figures follow the definitions in shared/DOMAIN.md.

    python3 bench/report/make_sample.py > bench/report/sample.json

`widen(report, days)` (used by report_bench.py for the 1-year report) prepends earlier
days to a report and recomputes its figures; the notes, episodes and measures stay.
"""

import datetime as dt
import json
import random
import sys

TO = dt.date(2026, 11, 29)
RECOVERY_START = dt.date(2025, 10, 6)
CLINICIAN = "Dana Whitfield, LCSW"
COUNSELOR = "Marcus Ortega, LADC"
SUPERVISOR = "Helen Park, PhD"

# (offset of the first day from the period's start, length in days, kind, substances,
#  triggers, what helped)
EPISODES = [
    (9, 1, "Lapse", ["Alcohol"], ["Conflict with others", "Unpleasant emotions"],
     ["Called sponsor", "Attended meeting"]),
    (27, 4, "Relapse", ["Alcohol", "Cannabis"], ["Social pressure", "Pleasant times with others"],
     ["Therapist", "Meeting", "Left situation"]),
    (46, 1, "Lapse", ["Alcohol"], ["Urges and temptations"], ["Urge surfing", "Sponsor"]),
    (63, 3, "Relapse", ["Alcohol"], ["Unpleasant emotions", "Physical discomfort"],
     ["Called support", "Family", "Medication"]),
    (74, 1, "Lapse", ["Cannabis"], ["Testing personal control"], ["Exercise", "Friend"]),
]

# (offset, instrument, total, max, band)
MEASURES = [
    (2, "PHQ-9", 14, 27, "Moderate"),
    (2, "GAD-7", 12, 21, "Moderate"),
    (44, "PHQ-9", 9, 27, "Mild"),
    (44, "GAD-7", 8, 21, "Mild"),
    (86, "PHQ-9", 6, 27, "Mild"),
    (86, "GAD-7", 4, 21, "Minimal"),
]

FORMATS = {
    "SOAP": ["Subjective", "Objective", "Assessment", "Plan"],
    "DAP": ["Data", "Assessment", "Plan"],
    "BIRP": ["Behavior", "Intervention", "Response", "Plan"],
}

# Hand-written sentences per section; {craving}, {meetings}, {trigger} and {coping} are
# filled per note.
SENTENCES = {
    "Subjective": [
        "Client reports a craving of {craving} out of 10 over the past week, highest in the evenings after work.",
        "She describes the week as \"steadier than the last one\" and says the morning routine is helping.",
        "Client states that family dinners remain the hardest part of the week because of {trigger}.",
        "She reports attending {meetings} meetings since the last session and speaking once.",
        "Client says sleep has improved to about six hours a night without waking.",
        "She mentions that a coworker offered her a drink on Friday and that she left the situation.",
        "Client reports feeling more confident about weekends than a month ago.",
        "She describes a stretch of low mood midweek that lifted after she called her sister.",
    ],
    "Objective": [
        "Client arrived on time, was casually dressed and made good eye contact throughout.",
        "Affect was congruent with reported mood; speech was of normal rate and volume.",
        "Urine drug screen collected today was negative for all substances tested.",
        "Breath alcohol test at intake was 0.00.",
        "Self-report check-ins were completed on most days since the last session.",
        "Client was alert and oriented, and thought process was linear and goal directed.",
        "No signs of intoxication or withdrawal were observed during the session.",
    ],
    "Data": [
        "Client reviewed her check-ins for the past two weeks and noted a craving peak of {craving} out of 10.",
        "She reported {meetings} meetings attended and two calls with her sponsor since the last visit.",
        "Client discussed a recent argument with her partner as a high-risk situation ({trigger}).",
        "Urine drug screen collected today was negative.",
        "She described using {coping} twice this week when urges came up after work.",
        "Client shared that she has started walking at lunch on weekdays.",
        "Client arrived ten minutes late because of a bus delay and was apologetic.",
    ],
    "Behavior": [
        "Client presented as calm and engaged, and spoke openly about the past week.",
        "She was tearful when describing the lapse but able to continue the discussion.",
        "Client brought her completed craving log to the session as agreed.",
        "She reported a craving of {craving} out of 10 on the day before the session.",
        "Client described {trigger} as the situation she finds hardest right now.",
        "She was restless early in the session and settled after a short breathing exercise.",
    ],
    "Intervention": [
        "Clinician used motivational interviewing to explore the client's reasons for change.",
        "Reviewed the relapse-prevention plan and updated the list of high-risk situations.",
        "Practised urge surfing for ten minutes with a guided script.",
        "Clinician reframed the recent lapse as a learning event rather than a failure.",
        "Role-played refusing a drink at a work event, twice, with feedback.",
        "Introduced a chain analysis of the events leading up to the last episode of use.",
    ],
    "Response": [
        "Client engaged well with the exercise and identified two early warning signs.",
        "She said the reframe made it easier to talk about the lapse without shame.",
        "Client was able to name three people she can call when cravings rise.",
        "She rated the usefulness of urge surfing at 7 out of 10 and plans to use it daily.",
        "Client agreed that Friday evenings need a specific plan.",
        "She appeared relieved at the end of the session and said she felt heard.",
    ],
    "Assessment": [
        "Client continues to make progress toward her abstinence goal, with fewer and shorter episodes of use.",
        "Current risk of relapse is moderate given recent stressors and {trigger}.",
        "Mood symptoms are improving, consistent with the most recent PHQ-9 score.",
        "Coping skills are in place but are used less consistently on weekends.",
        "The recent lapse was brief and followed by an early return to her goal, which is a strength.",
        "Client is in the action stage of change and remains highly motivated.",
        "No current safety concerns; client denies suicidal ideation.",
    ],
    "Plan": [
        "Continue weekly individual sessions and daily self-report check-ins.",
        "Client will attend at least three meetings before the next session.",
        "Practise {coping} when craving rises above 6 out of 10 and note it in the check-in.",
        "Repeat PHQ-9 and GAD-7 in six weeks.",
        "Client will call her sponsor before any social event where alcohol is served.",
        "Review the updated relapse-prevention plan at the next session.",
        "Coordinate with the prescribing physician about sleep, with the client's consent.",
    ],
}
TRIGGERS = ["conflict with others", "social pressure", "unpleasant emotions", "urges and temptations",
            "pleasant times with others", "physical discomfort"]
COPING = ["urge surfing", "calling her sponsor", "leaving the situation", "a short walk", "meditation",
          "distraction with music"]
ADDENDA = [
    "Correction: the urine drug screen mentioned in the Objective section was collected on the following day, not at this session.",
    "Client called after the session to report that she attended an evening meeting as planned.",
    "Late entry: client's sponsor confirmed by phone, with the client's written consent, that they met twice this week.",
    "Clarification: the craving score above refers to the highest rating of the week, not the average.",
    "The referral to the prescribing physician was sent today with the client's signed consent.",
    "Client cancelled the follow-up call; rescheduled for next week.",
]

PART2 = True


def iso(day):
    return day.isoformat()


def day_list(start, end):
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def random_day(rng, day, used):
    """One day's status and craving, as a check-in history might give them."""
    if used:
        return {"day": iso(day), "status": "used", "craving": rng.choice([6, 7, 8, 8, 9, None])}
    if rng.random() < 0.14:
        return {"day": iso(day), "status": "unknown", "craving": None}
    return {"day": iso(day), "status": "abstinent", "craving": max(0, min(10, round(rng.gauss(3.2, 1.6))))}


def longest_run(days, ok):
    best = run = 0
    for d in days:
        run = run + 1 if ok(d) else 0
        best = max(best, run)
    return best


def figures(days, from_, to, recovery_start, episodes, meetings, sponsor):
    """The `ReportProgress` figures of shared/DOMAIN.md for `days` (each day of from_..to)."""
    used = sum(d["status"] == "used" for d in days)
    abstinent = sum(d["status"] == "abstinent" for d in days)
    reported = used + abstinent
    streak = 0
    for d in reversed(days):
        if d["status"] == "used":
            break
        streak += 1
    else:
        streak += (from_ - recovery_start).days  # no use between the recovery start and the period
    cravings = [d["craving"] for d in days if d["craving"] is not None]
    in_period = [e for e in episodes if from_.isoformat() <= e["occurred_on"] <= to.isoformat()]
    return {
        "from": iso(from_),
        "to": iso(to),
        "recovery_start_date": iso(recovery_start),
        "days_in_period": len(days),
        "days_reported": reported,
        "days_abstinent": abstinent,
        "days_used": used,
        "days_unknown": len(days) - reported,
        "percent_days_abstinent": round(100 * abstinent / reported, 1) if reported else None,
        "current_streak_days": streak,
        "longest_streak_days": longest_run(days, lambda d: d["status"] != "used"),
        "longest_reported_abstinence_days": longest_run(days, lambda d: d["status"] == "abstinent"),
        "total_clean_days": (to - recovery_start).days + 1 - used,
        "lapse_count": sum(e["kind"] == "Lapse" for e in in_period),
        "relapse_count": sum(e["kind"] == "Relapse" for e in in_period),
        "mean_craving": round(sum(cravings) / len(cravings), 1) if cravings else None,
        "meetings_attended": meetings,
        "sponsor_contacts": sponsor,
        "days": days,
    }


def note(rng, session_on, index):
    fmt = ["SOAP", "SOAP", "DAP", "BIRP"][index % 4]
    author = COUNSELOR if index % 5 == 3 else CLINICIAN
    slots = {"craving": rng.randint(2, 8), "meetings": rng.randint(2, 5),
             "trigger": rng.choice(TRIGGERS), "coping": rng.choice(COPING)}
    sections = []
    for heading in FORMATS[fmt]:
        picked = rng.sample(SENTENCES[heading], rng.randint(2, 4))
        sections.append([heading, " ".join(s.format(**slots) for s in picked)])
    signed_on = session_on + dt.timedelta(days=rng.choice([0, 0, 0, 1, 2]))
    addenda = []
    if index % 7 == 5:
        addenda.append({"author": author, "written_on": iso(signed_on + dt.timedelta(days=rng.randint(1, 6))),
                        "body": ADDENDA[(index // 7) % len(ADDENDA)]})
    return {
        "session_on": iso(session_on),
        "format": fmt,
        "author": author,
        "signed_on": iso(signed_on),
        "co_signed_by": SUPERVISOR if author == COUNSELOR else None,
        "sections": sections,
        "addenda": addenda,
    }


def build(days=90, notes=40, seed=2026):
    """A `ProgressReport` for `days` days ending on TO, with `notes` notes."""
    rng = random.Random(seed)
    from_ = TO - dt.timedelta(days=89)
    episodes, used_days = [], set()
    for offset, length, kind, substances, triggers, helped in EPISODES:
        start = from_ + dt.timedelta(days=offset)
        end = start + dt.timedelta(days=length - 1)
        used_days.update(day_list(start, end))
        episodes.append({"occurred_on": iso(start), "ended_on": iso(end) if length > 1 else None, "kind": kind,
                         "substances": substances, "triggers": triggers, "helped": helped})
    period = [random_day(rng, d, d in used_days) for d in day_list(from_, TO)]
    session_days = sorted(rng.sample(range(0, 90), notes)) if notes <= 90 else list(range(notes))
    report = {
        "paper": "letter",
        "practice_name": "Harbor Light Counseling",
        "client_name": "Jordan A. Reyes",
        "date_of_birth": "1988-04-17",
        "clinician_name": CLINICIAN,
        "generated_at": "2026-11-29T16:20:41Z",
        "generated_on": iso(TO),
        "recipient": "Maple County Drug Court, Case Manager T. Alvarez",
        "purpose": "Quarterly progress update requested under the client's signed consent of 2026-08-30",
        "primary_substance": "Alcohol",
        "progress": figures(period, from_, TO, RECOVERY_START, episodes, 27, 19),
        "episodes": episodes,
        "measures": [{"taken_on": iso(from_ + dt.timedelta(days=o)), "instrument": i, "total": t, "max": m,
                      "band": b} for o, i, t, m, b in MEASURES],
        "notes": [note(rng, from_ + dt.timedelta(days=s), i) for i, s in enumerate(session_days)],
        "part2_notice": PART2,
    }
    return widen(report, days) if days > 90 else report


def widen(report, days, seed=365):
    """`report` over `days` days ending on the same day: earlier days are prepended (about 14 %
    unknown, a few reported uses), the figures recomputed; notes, episodes and measures stay."""
    rng = random.Random(seed)
    progress = report["progress"]
    to = dt.date.fromisoformat(progress["to"])
    old_from = dt.date.fromisoformat(progress["from"])
    from_ = to - dt.timedelta(days=days - 1)
    if from_ >= old_from:
        return report
    earlier = [random_day(rng, d, rng.random() < 0.03) for d in day_list(from_, old_from - dt.timedelta(days=1))]
    recovery = min(dt.date.fromisoformat(progress["recovery_start_date"] or iso(from_)), from_)
    scale = days / progress["days_in_period"]
    wide = dict(report)
    wide["progress"] = figures(earlier + progress["days"], from_, to, recovery, report["episodes"],
                               round(progress["meetings_attended"] * scale),
                               round(progress["sponsor_contacts"] * scale))
    return wide


if __name__ == "__main__":
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 90
    json.dump(build(days), sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
