import type { AttendanceFigures, Progress } from "../../api/types";
import { count, formatDays } from "../../format";

/** "50.0% of 10 reported days": a percentage always comes with its coverage. */
export function percentWithCoverage(p: Progress): string {
  if (p.percent_days_abstinent == null || p.days_reported === 0)
    return "No days reported";
  return `${p.percent_days_abstinent.toFixed(1)}% of ${count(p.days_reported, "reported day", "reported days")}`;
}

function Figure({
  label,
  value,
  note,
}: {
  label: string;
  value: string;
  note?: string;
}) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd>
        <span className="figure-value">{value}</span>
        {note && (
          <>
            {" "}
            <span className="figure-note">{note}</span>
          </>
        )}
      </dd>
    </div>
  );
}

/** "7 of 9 (77.8%)": attended (late included) of the appointments with an outcome. */
export function attendanceValue(a: AttendanceFigures): string {
  const rate = a.rate ?? (a.attended / a.countable) * 100;
  return `${a.attended} of ${a.countable} (${rate.toFixed(1)}%)`;
}

/** "1 no-show, 1 late cancellation"; empty when there were none. */
export function missedNote(a: AttendanceFigures): string {
  return [
    a.no_shows > 0 ? count(a.no_shows, "no-show", "no-shows") : "",
    a.late_cancellations > 0
      ? count(a.late_cancellations, "late cancellation", "late cancellations")
      : "",
  ]
    .filter(Boolean)
    .join(", ");
}

function AttendanceFigure({
  attendance: a,
}: {
  attendance: AttendanceFigures;
}) {
  if (a.countable === 0)
    return (
      <Figure
        label="Appointments attended"
        value="—"
        note="No appointments with an outcome in this period"
      />
    );
  return (
    <Figure
      label="Appointments attended"
      value={attendanceValue(a)}
      note={missedNote(a) || undefined}
    />
  );
}

/** "3.5 h a week": the mean over the weeks with an appointment or a group session. */
export function hoursValue(a: AttendanceFigures): string | null {
  if (a.average_weekly_hours == null) return null;
  return `${a.average_weekly_hours.toFixed(1)} h a week`;
}

/** "Latest week 2.0 h: 50 min individual, 70 min group". */
export function latestWeekNote(a: AttendanceFigures): string {
  const week = a.weekly_hours[a.weekly_hours.length - 1];
  if (!week) return "";
  return `Latest week ${week.hours.toFixed(1)} h: ${week.individual_minutes} min individual, ${week.group_minutes} min group`;
}

export function ProgressFigures({ progress: p }: { progress: Progress }) {
  return (
    <dl className="figures">
      <Figure
        label="Current streak"
        value={
          p.current_streak_days == null
            ? "Not yet known"
            : formatDays(p.current_streak_days)
        }
        note="Days since the last reported use"
      />
      <Figure
        label="Total clean days"
        value={
          p.total_clean_days == null
            ? "Not yet known"
            : formatDays(p.total_clean_days)
        }
        note="Since the recovery start; a lapse does not reset it"
      />
      <Figure
        label="Days abstinent"
        value={
          p.percent_days_abstinent == null
            ? "—"
            : `${p.percent_days_abstinent.toFixed(1)}%`
        }
        note={
          p.percent_days_abstinent == null
            ? "No days reported in this period"
            : `of ${count(p.days_reported, "reported day", "reported days")}`
        }
      />
      <Figure
        label="Longest streak"
        value={formatDays(p.longest_streak_days)}
        note="In this period, not-reported days included"
      />
      <Figure
        label="Longest reported abstinence"
        value={formatDays(p.longest_reported_abstinence_days)}
        note="Consecutive reported abstinent days"
      />
      <Figure
        label="Lapses and relapses"
        value={`${count(p.lapse_count, "lapse", "lapses")} · ${count(p.relapse_count, "relapse", "relapses")}`}
      />
      <Figure
        label="Mean craving"
        value={
          p.mean_craving == null ? "—" : `${p.mean_craving.toFixed(1)} / 10`
        }
        note={
          p.mean_craving == null ? "No check-ins in this period" : undefined
        }
      />
      <Figure label="Meetings" value={String(p.meetings_attended)} />
      <Figure label="Sponsor contacts" value={String(p.sponsor_contacts)} />
      {p.attendance && <AttendanceFigure attendance={p.attendance} />}
      {p.attendance && hoursValue(p.attendance) && (
        <Figure
          label="Weekly service hours"
          value={hoursValue(p.attendance) ?? ""}
          note={latestWeekNote(p.attendance) || undefined}
        />
      )}
    </dl>
  );
}
