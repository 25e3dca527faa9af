/**
 * The roster grid's values: each member's row as edited (attendance, minutes and, for clinical
 * staff, their participation and own sections), which rows changed and what is sent for them,
 * and the server's errors (`roster[2].sections.plan`, `entries[0].status`) put back on the
 * member and the field they name.
 */
import type {
  AttendanceEntry,
  GroupAttendanceStatus,
  GroupSession,
  RosterEntry,
} from "../../api/types";
import { asksMinutes, attended } from "./groupValues";

export interface RowDraft {
  /** "" until attendance is recorded. */
  status: GroupAttendanceStatus | "";
  minutes: string;
  individual: string;
  sections: Record<string, string>;
  /** The row's version the edit started from (null: not recorded then). */
  base: number | null;
}

export function draftOf(entry: RosterEntry, sectionKeys: string[]): RowDraft {
  return {
    status: entry.status ?? "",
    minutes:
      entry.minutes_attended === null || entry.minutes_attended === undefined
        ? ""
        : String(entry.minutes_attended),
    individual: entry.individual_text ?? "",
    sections: Object.fromEntries(
      sectionKeys.map((k) => [k, entry.sections?.[k] ?? ""]),
    ),
    base: entry.version ?? null,
  };
}

/**
 * An edit still based on the row as it is now: once someone else saved the row (its version
 * moved), the edit is set aside and the row shows what they saved, so a later Save never
 * writes over their change unseen.
 */
export function liveDraft(
  draft: RowDraft | undefined,
  entry: RosterEntry,
): RowDraft | undefined {
  return draft && draft.base === (entry.version ?? null) ? draft : undefined;
}

/** Whether the row differs from the member's row as saved (text only counts for clinical staff). */
export function rowChanged(
  draft: RowDraft,
  entry: RosterEntry,
  sectionKeys: string[],
  clinical: boolean,
): boolean {
  const saved = draftOf(entry, sectionKeys);
  if (draft.status !== saved.status) return true;
  if (asksMinutes(draft.status) && draft.minutes.trim() !== saved.minutes)
    return true;
  if (!clinical) return false;
  return (
    draft.individual !== saved.individual ||
    sectionKeys.some((k) => draft.sections[k] !== saved.sections[k])
  );
}

/**
 * What is sent for a changed row: minutes only when late or leaving early (the whole session
 * when present), the text only from clinical staff and only for a member who attended.
 */
export function entryOf(
  draft: RowDraft,
  entry: RosterEntry,
  sectionKeys: string[],
  clinical: boolean,
  sessionMinutes: number,
): AttendanceEntry | null {
  if (!draft.status) return null;
  const minutes = draft.minutes.trim();
  const body: AttendanceEntry = {
    client_id: entry.client_id,
    status: draft.status,
  };
  if (asksMinutes(draft.status))
    body.minutes_attended = /^\d+$/.test(minutes) ? Number(minutes) : null;
  else if (draft.status === "present") body.minutes_attended = sessionMinutes;
  if (clinical && attended(draft.status)) {
    body.individual_text = draft.individual;
    body.sections = Object.fromEntries(
      sectionKeys.map((k) => [k, draft.sections[k] ?? ""]),
    );
  }
  if (entry.version !== null && entry.version !== undefined)
    body.version = entry.version;
  return body;
}

/** Late or leaving early: the minutes must be a whole number within the session. */
export function minutesProblem(
  draft: RowDraft,
  sessionMinutes: number,
): string | null {
  if (!asksMinutes(draft.status)) return null;
  const text = draft.minutes.trim();
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  return n >= 1 && n <= sessionMinutes
    ? null
    : `Enter the minutes attended, 1 to ${sessionMinutes}.`;
}

/** A row's problems: under its fields, and the rest said of the member. */
export interface RowErrors {
  status?: string[];
  minutes?: string[];
  individual?: string[];
  sections: Record<string, string[]>;
  other: string[];
}

export interface RosterErrors {
  /** By client id. */
  rows: Record<string, RowErrors>;
  narrative?: string[];
  /** Keys no member or field shows (`entries`, `version`, …), as sentences. */
  rest: string[];
}

/** "José Álvarez: must be filled in" under José's field reads "Must be filled in." */
function sentence(message: string, name: string | null | undefined): string {
  let text = message.trim();
  if (name && text.startsWith(`${name}:`))
    text = text.slice(name.length + 1).trim();
  text = text.replace(/^./, (c) => c.toUpperCase());
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The errors of a 422: `roster[i]…` names the i-th row of `roster` (as the session returned it),
 * `entries[i]…` the i-th entry sent; anything else stays in `rest` (the narrative apart).
 */
export function rosterErrors(
  errors: Record<string, string[]>,
  roster: readonly RosterEntry[],
  sent: readonly AttendanceEntry[] = [],
): RosterErrors {
  const out: RosterErrors = { rows: {}, rest: [] };
  for (const [key, messages] of Object.entries(errors)) {
    if (key === "shared_narrative") {
      out.narrative = [
        ...(out.narrative ?? []),
        ...messages.map((m) => sentence(m, null)),
      ];
      continue;
    }
    const match = /^(roster|entries)\[(\d+)\](?:\.(.+))?$/.exec(key);
    const index = match ? Number(match[2]) : -1;
    const clientId = !match
      ? undefined
      : match[1] === "roster"
        ? roster[index]?.client_id
        : sent[index]?.client_id;
    const entry = roster.find((r) => r.client_id === clientId);
    if (!match || !clientId || !entry) {
      // "entries: attendance can be recorded once…" reads well alone; other keys lead.
      const lead = /^(entries|roster)(\[|$)/.test(key)
        ? ""
        : `${key.replace(/_/g, " ")} `;
      out.rest.push(
        ...messages.map((m) =>
          sentence(/^[a-z]/.test(m) ? `${lead}${m}` : m, ""),
        ),
      );
      continue;
    }
    const row = (out.rows[clientId] ??= { sections: {}, other: [] });
    const field = match[3] ?? "";
    const said = messages.map((m) => sentence(m, entry.client_name));
    const section = /^sections\.(.+)$/.exec(field);
    if (field === "status") row.status = [...(row.status ?? []), ...said];
    else if (field === "minutes_attended")
      row.minutes = [...(row.minutes ?? []), ...said];
    else if (field === "individual_text")
      row.individual = [...(row.individual ?? []), ...said];
    else if (section)
      row.sections[section[1]] = [...(row.sections[section[1]] ?? []), ...said];
    else row.other.push(...said);
  }
  return out;
}

export function rowErrorCount(e: RowErrors | undefined): number {
  if (!e) return 0;
  return (
    (e.status?.length ?? 0) +
    (e.minutes?.length ?? 0) +
    (e.individual?.length ?? 0) +
    Object.values(e.sections).reduce((n, m) => n + m.length, 0) +
    e.other.length
  );
}

/** The words a 422 names, when signing stopped only at members' names in the narrative. */
export function onlyNameWarnings(
  errors: Record<string, string[]>,
  session: GroupSession,
): boolean {
  const keys = Object.keys(errors);
  return (
    session.name_warnings.length > 0 &&
    keys.length === 1 &&
    keys[0] === "shared_narrative"
  );
}
