/**
 * Pure helpers for the Calendar: the week shown (Monday to Sunday, days in the practice's time
 * zone), times on the practice's clocks in words, and what a booking's answer says.
 */
import type {
  Appointment,
  AppointmentDetail,
  AppointmentOverlap,
  AppointmentStatus,
} from "../../api/types";
import { addDays, count, weekdayIndex } from "../../format";
import { wallClockIn } from "../client/screenValues";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The Monday of the week holding `day` (YYYY-MM-DD). */
export function weekStartOf(day: string): string {
  return addDays(day, -weekdayIndex(day));
}

/** The week's seven days, Monday first. */
export function weekDays(start: string): string[] {
  return Array.from({ length: 7 }, (_, i) => addDays(start, i));
}

/** A `week` search parameter as the Monday it names, or null when it is not a day. */
export function parseWeek(value: string | null): string | null {
  return value && DAY.test(value) && !Number.isNaN(Date.parse(value))
    ? weekStartOf(value)
    : null;
}

function dayDate(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d, 12));
}

function dayText(day: string, options: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat("en-US", {
    ...options,
    timeZone: "UTC",
  }).format(dayDate(day));
}

/** "Dec 7 – Dec 13, 2026"; across a new year "Dec 28, 2026 – Jan 3, 2027". */
export function formatWeekRange(start: string): string {
  const end = addDays(start, 6);
  const short = { month: "short", day: "numeric" } as const;
  const long = { ...short, year: "numeric" } as const;
  return start.slice(0, 4) === end.slice(0, 4)
    ? `${dayText(start, short)} – ${dayText(end, long)}`
    : `${dayText(start, long)} – ${dayText(end, long)}`;
}

/** "Tue, Dec 8". */
export function dayHeading(day: string): string {
  return dayText(day, { weekday: "short", month: "short", day: "numeric" });
}

/** An instant on the practice's clocks: its day, and its time as "9:00" with "AM" or "PM". */
function clockOf(iso: string, timeZone: string) {
  const { day, time } = wallClockIn(timeZone, new Date(iso));
  const [h, m] = time.split(":").map(Number);
  return {
    day,
    clock: `${h % 12 === 0 ? 12 : h % 12}:${String(m).padStart(2, "0")}`,
    period: h < 12 ? "AM" : "PM",
  };
}

/** "9:00 AM" in the practice's time zone. */
export function formatTime(iso: string, timeZone: string): string {
  const c = clockOf(iso, timeZone);
  return `${c.clock} ${c.period}`;
}

/** "9:00 – 9:50 AM", or "11:30 AM – 12:20 PM" across noon, in the practice's time zone. */
export function timeRange(
  startsAt: string,
  endsAt: string,
  timeZone: string,
): string {
  const s = clockOf(startsAt, timeZone);
  const e = clockOf(endsAt, timeZone);
  return s.period === e.period && s.day === e.day
    ? `${s.clock} – ${e.clock} ${e.period}`
    : `${s.clock} ${s.period} – ${e.clock} ${e.period}`;
}

/** "Overlaps another appointment of the same clinician on Tue, Dec 8 at 9:00 AM". */
export function overlapText(o: AppointmentOverlap, timeZone: string): string {
  const who = o.same === "client" ? "client" : "clinician";
  const { day } = clockOf(o.other_starts_at, timeZone);
  return `Overlaps another appointment of the same ${who} on ${dayHeading(day)} at ${formatTime(o.other_starts_at, timeZone)}`;
}

/** Each overlap once, in words (a series may meet the same appointment more than once). */
export function overlapTexts(
  overlaps: readonly AppointmentOverlap[],
  timeZone: string,
): string[] {
  return [...new Set(overlaps.map((o) => overlapText(o, timeZone)))];
}

/** "Booked 1 appointment." / "Booked 6 appointments." */
export function bookedMessage(n: number): string {
  return `Booked ${count(n, "appointment", "appointments")}.`;
}

/** The week's appointments by day, each day in time order. */
export function byDay<A extends Appointment>(
  items: readonly A[],
): Map<string, A[]> {
  const days = new Map<string, A[]>();
  for (const a of items) {
    const list = days.get(a.day);
    if (list) list.push(a);
    else days.set(a.day, [a]);
  }
  for (const list of days.values())
    list.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  return days;
}

/** Who set the appointment's status, when that is known (the answer of a change, or a name). */
export function setByName(
  a: Appointment | AppointmentDetail,
  names: ReadonlyMap<string, string>,
): string | null {
  if ("statuses" in a && a.statuses.length > 0) {
    const last = a.statuses[a.statuses.length - 1];
    if (last.set_by_name) return last.set_by_name;
  }
  return a.status_set_by ? (names.get(a.status_set_by) ?? null) : null;
}

/** The badge a status wears: calm for what went as planned, warm for what asks for attention. */
export function statusBadge(status: AppointmentStatus): string {
  switch (status) {
    case "attended":
    case "late":
      return "badge badge-ok";
    case "no_show":
    case "late_cancelled_by_client":
      return "badge badge-attention";
    case "cancelled_by_client":
    case "cancelled_by_practice":
      return "badge badge-draft";
    default:
      return "badge badge-muted";
  }
}

export function isCancelled(status: AppointmentStatus): boolean {
  return status.startsWith("cancelled") || status.startsWith("late_cancelled");
}
