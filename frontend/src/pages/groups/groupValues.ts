/**
 * Pure helpers for groups: the words for attendance and a session's status, a session's time
 * on the practice's clocks, the next session, and the forms' values (a new group, a session to
 * schedule or change) with what is sent.
 */
import type {
  GroupAttendanceStatus,
  GroupSessionStatus,
  GroupSessionSummary,
  NewGroup,
  NewGroupSession,
  NoteFormat,
} from "../../api/types";
import { NOTE_FORMATS, sectionsFor, type Option } from "../../clinical";
import { asSentences, count } from "../../format";
import { wallClockIn, zonedToIso } from "../client/screenValues";
import { dayHeading, timeRange } from "../calendar/calendarValues";

export const GROUP_ATTENDANCE: ReadonlyArray<Option<GroupAttendanceStatus>> = [
  { value: "present", label: "Present" },
  { value: "late", label: "Late" },
  { value: "left_early", label: "Left early" },
  { value: "absent_excused", label: "Absent (excused)" },
  { value: "absent_unexcused", label: "Absent (unexcused)" },
];

/** Present, late or leaving early: the member was there, and gets a note. */
export function attended(
  status: GroupAttendanceStatus | "" | null | undefined,
): boolean {
  return status === "present" || status === "late" || status === "left_early";
}

/** Late or leaving early: how long the member was there is asked. */
export function asksMinutes(
  status: GroupAttendanceStatus | "" | null | undefined,
): boolean {
  return status === "late" || status === "left_early";
}

export const SESSION_STATUSES: ReadonlyArray<Option<GroupSessionStatus>> = [
  { value: "draft", label: "Draft" },
  { value: "signed", label: "Signed" },
  { value: "cancelled", label: "Cancelled" },
];

export function sessionBadge(status: GroupSessionStatus): string {
  switch (status) {
    case "signed":
      return "badge badge-ok";
    case "cancelled":
      return "badge badge-muted";
    default:
      return "badge badge-draft";
  }
}

/** "6 attended", for a session that has taken place. */
export function attendedText(n: number): string {
  return `${n} attended`;
}

/** "Tue, Dec 8 · 6:00 – 7:30 PM" on the practice's clocks. */
export function sessionWhen(
  s: { day: string; starts_at: string; ends_at: string },
  timeZone: string,
): string {
  return `${dayHeading(s.day)} · ${timeRange(s.starts_at, s.ends_at, timeZone)}`;
}

/** The first session still to start that is not cancelled, or null. */
export function nextSession<S extends GroupSessionSummary>(
  sessions: readonly S[],
  now: number,
): S | null {
  return (
    sessions
      .filter((s) => s.status !== "cancelled" && Date.parse(s.starts_at) > now)
      .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))[0] ??
    null
  );
}

/** Sessions still to start (soonest first) and those that have started (latest first). */
export function splitSessions<S extends GroupSessionSummary>(
  sessions: readonly S[],
  now: number,
): { upcoming: S[]; past: S[] } {
  const byStart = [...sessions].sort(
    (a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at),
  );
  return {
    upcoming: byStart.filter((s) => Date.parse(s.starts_at) > now),
    past: byStart.filter((s) => Date.parse(s.starts_at) <= now).reverse(),
  };
}

/** A note section's label in the group's format ("data" → "Data"). */
export function sectionLabel(format: NoteFormat | string, key: string): string {
  return (
    sectionsFor(format).find((s) => s.key === key)?.label ??
    key.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}

export function formatLabel(format: NoteFormat | string): string {
  return NOTE_FORMATS.find((f) => f.value === format)?.label ?? format;
}

/** "1 member", "6 members". */
export function memberCount(n: number): string {
  return count(n, "member", "members");
}

function whole(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

export type FormErrors = Record<string, string[]>;

/* ---------- A group's details ---------- */

export interface GroupValues {
  name: string;
  track: string;
  minutes: string;
  facilitatorIds: string[];
  noteFormat: NoteFormat;
  location: string;
}

export const DEFAULT_GROUP_MINUTES = 90;

export function initialGroup(facilitatorIds: string[] = []): GroupValues {
  return {
    name: "",
    track: "",
    minutes: String(DEFAULT_GROUP_MINUTES),
    facilitatorIds,
    noteFormat: "dap",
    location: "",
  };
}

/** The request for a group's values, or the fields to fix (under the server's own keys). */
export function groupBody(
  v: GroupValues,
): { body: NewGroup; errors?: undefined } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!v.name.trim()) errors.name = ["Enter the group's name."];
  const minutes = whole(v.minutes);
  if (minutes === null || minutes < 15 || minutes > 600)
    errors.default_minutes = ["Enter a length of 15 to 600 minutes."];
  if (v.facilitatorIds.length === 0)
    errors.facilitator_ids = ["Choose at least one facilitator."];
  if (Object.keys(errors).length > 0 || minutes === null) return { errors };
  return {
    body: {
      name: v.name.trim(),
      track: v.track.trim() || null,
      default_minutes: minutes,
      facilitator_ids: v.facilitatorIds,
      note_format: v.noteFormat,
      location: v.location.trim() || null,
    },
  };
}

const GROUP_SUBJECTS: Record<string, string> = {
  name: "The name",
  track: "The track",
  default_minutes: "The usual length",
  facilitator_ids: "The facilitators",
  note_format: "The note format",
  location: "The place",
  active: "Whether the group meets",
};

/** Server messages as sentences under the form's fields; `rest` for keys no field shows. */
export function fieldSentences(
  errors: FormErrors,
  subjects: Record<string, string>,
): { fields: FormErrors; rest: string[] } {
  const fields: FormErrors = {};
  const rest: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const subject = subjects[key];
    const sentences =
      asSentences(messages, subject ?? key.replace(/_/g, " ")) ?? [];
    if (subject) fields[key] = [...(fields[key] ?? []), ...sentences];
    else rest.push(...sentences);
  }
  return { fields, rest };
}

export function groupErrors(errors: FormErrors) {
  return fieldSentences(errors, GROUP_SUBJECTS);
}

/* ---------- A session to schedule, or a draft's time and topic ---------- */

export interface SessionValues {
  day: string;
  time: string;
  minutes: string;
  topic: string;
  location: string;
}

export function initialSession(
  day: string,
  time: string,
  minutes: number,
): SessionValues {
  return { day, time, minutes: String(minutes), topic: "", location: "" };
}

/** A session's values as the form shows them, on the practice's clocks. */
export function sessionValuesOf(
  s: {
    starts_at: string;
    duration_minutes: number;
    topic?: string | null;
    location?: string | null;
  },
  timeZone: string,
): SessionValues {
  const { day, time } = wallClockIn(timeZone, new Date(s.starts_at));
  return {
    day,
    time,
    minutes: String(s.duration_minutes),
    topic: s.topic ?? "",
    location: s.location ?? "",
  };
}

/** The usual start time of a group: its latest session's, else 6 PM. */
export function usualTime(
  sessions: readonly GroupSessionSummary[],
  timeZone: string,
): string {
  const last = sessions[sessions.length - 1];
  return last ? wallClockIn(timeZone, new Date(last.starts_at)).time : "18:00";
}

export function sessionBody(
  v: SessionValues,
  timeZone: string,
): { body: NewGroupSession; errors?: undefined } | { errors: FormErrors } {
  const errors: FormErrors = {};
  const startsAt = zonedToIso(v.day, v.time, timeZone);
  if (!startsAt) errors.starts_at = ["Enter the date and the start time."];
  const minutes = whole(v.minutes);
  if (minutes === null || minutes < 15 || minutes > 600)
    errors.duration_minutes = ["Enter a length of 15 to 600 minutes."];
  if (Object.keys(errors).length > 0 || !startsAt || minutes === null)
    return { errors };
  return {
    body: {
      starts_at: startsAt,
      duration_minutes: minutes,
      topic: v.topic.trim() || null,
      location: v.location.trim() || null,
    },
  };
}

export const SESSION_SUBJECTS: Record<string, string> = {
  starts_at: "The date",
  duration_minutes: "The length",
  topic: "The topic",
  location: "The place",
};
