/**
 * Pure helpers for the Screens tab: the results grid's values and what is sent, the server's
 * `results[i].field` errors mapped back to substance rows, a result in words, and the
 * practice-time wall clock a collection is entered in.
 */
import type {
  Confirmation,
  PanelResult,
  PanelSubstance,
  Screen,
  ScreenMethod,
  ScreenOutcome,
} from "../../api/types";
import { labelFor, PANEL_SUBSTANCES, SCREEN_OUTCOMES } from "../../clinical";

/** One row of the results grid; an empty outcome is "not tested" and is not sent. */
export interface ResultRow {
  outcome: ScreenOutcome | "";
  cutoff: string;
  /** Empty: the method's default (unconfirmed, or confirmed for a lab confirmation). */
  confirmation: Confirmation | "";
}

export type ResultRows = Record<PanelSubstance, ResultRow>;

export interface RowError {
  row?: string[];
  outcome?: string[];
  cutoff?: string[];
  confirmation?: string[];
}

export type RowErrors = Partial<Record<PanelSubstance, RowError>>;

export function substanceLabel(s: PanelSubstance): string {
  return labelFor(PANEL_SUBSTANCES, s);
}

export function emptyRows(): ResultRows {
  return Object.fromEntries(
    PANEL_SUBSTANCES.map((s) => [
      s.value,
      { outcome: "", cutoff: "", confirmation: "" },
    ]),
  ) as ResultRows;
}

/** The grid pre-filled from a screen's results (for a correction). */
export function rowsFrom(
  results: PanelResult[] | null | undefined,
): ResultRows {
  const rows = emptyRows();
  for (const r of results ?? []) {
    rows[r.substance] = {
      outcome: r.result,
      cutoff: r.cutoff_ng_ml == null ? "" : String(r.cutoff_ng_ml),
      confirmation: r.confirmation ?? "",
    };
  }
  return rows;
}

export function defaultConfirmation(method: ScreenMethod): Confirmation {
  return method === "lab_confirmation" ? "confirmed" : "unconfirmed";
}

function parseCutoff(text: string): number | null | "invalid" {
  const t = text.trim().replace(",", ".");
  if (!t) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : "invalid";
}

/** Rows whose cut-off is not a number, as grid errors. */
export function checkRows(rows: ResultRows): RowErrors {
  const errors: RowErrors = {};
  for (const { value } of PANEL_SUBSTANCES) {
    const row = rows[value];
    if (row.outcome && parseCutoff(row.cutoff) === "invalid")
      errors[value] = { cutoff: ["Enter the cut-off as a number of ng/mL."] };
  }
  return errors;
}

/** Only tested substances, in the panel's order, as the API takes them. */
export function resultsFrom(
  rows: ResultRows,
  method: ScreenMethod,
): PanelResult[] {
  const results: PanelResult[] = [];
  for (const { value } of PANEL_SUBSTANCES) {
    const row = rows[value];
    if (!row.outcome) continue;
    const cutoff = parseCutoff(row.cutoff);
    results.push({
      substance: value,
      result: row.outcome,
      ...(typeof cutoff === "number" ? { cutoff_ng_ml: cutoff } : {}),
      ...(row.outcome === "positive"
        ? { confirmation: row.confirmation || defaultConfirmation(method) }
        : {}),
    });
  }
  return results;
}

const RESULT_FIELD: Record<string, keyof RowError> = {
  result: "outcome",
  cutoff_ng_ml: "cutoff",
  confirmation: "confirmation",
};

/** The server's `results[i].field` errors on the rows they name (`sent` is what was posted). */
export function splitErrors(
  fieldErrors: Record<string, string[]>,
  sent: PanelResult[],
): { rows: RowErrors; rest: Record<string, string[]> } {
  const rows: RowErrors = {};
  const rest: Record<string, string[]> = {};
  for (const [key, messages] of Object.entries(fieldErrors)) {
    const match = /^results\[(\d+)\](?:\.(\w+))?$/.exec(key);
    const substance = match ? sent[Number(match[1])]?.substance : undefined;
    if (!match || !substance) {
      rest[key] = messages;
      continue;
    }
    const field = RESULT_FIELD[match[2] ?? ""] ?? "row";
    const row = (rows[substance] ??= {});
    row[field] = [...(row[field] ?? []), ...messages];
  }
  return { rows, rest };
}

export type ResultTone =
  "unexpected" | "expected" | "prescribed-negative" | "plain";

/**
 * "Cocaine positive (confirmed, cut-off 150 ng/mL)", "Buprenorphine positive — expected,
 * prescribed", "Buprenorphine negative — prescribed: worth a conversation".
 */
export function describeResult(
  r: PanelResult,
  reading: Screen["reading"],
): { text: string; tone: ResultTone } {
  const positive = r.result === "positive";
  const expected = positive && Boolean(reading?.expected.includes(r.substance));
  const unexpected =
    positive && Boolean(reading?.unexpected.includes(r.substance));
  const prescribedNegative =
    r.result === "negative" &&
    Boolean(reading?.prescribed_negative.includes(r.substance));
  const details: string[] = [];
  // Whether an expected positive is confirmed changes nothing: it is the prescription.
  // The wire words read as they are: confirmed, unconfirmed, disputed.
  if (positive && !expected && r.confirmation) details.push(r.confirmation);
  if (r.cutoff_ng_ml != null) details.push(`cut-off ${r.cutoff_ng_ml} ng/mL`);
  const base = `${substanceLabel(r.substance)} ${labelFor(SCREEN_OUTCOMES, r.result)}`;
  const detail = details.length > 0 ? ` (${details.join(", ")})` : "";
  if (expected)
    return {
      text: `${base}${detail} — expected, prescribed`,
      tone: "expected",
    };
  if (prescribedNegative)
    return {
      text: `${base}${detail} — prescribed: worth a conversation`,
      tone: "prescribed-negative",
    };
  return {
    text: `${base}${detail}`,
    tone: unexpected ? "unexpected" : "plain",
  };
}

/** "Not valid: dilute", "Not valid: every result invalid", or null for a valid screen. */
export function notValidText(s: Screen): string | null {
  if (s.validity !== "normal") return `Not valid: ${s.validity}`;
  const results = s.results ?? [];
  if (results.length > 0 && results.every((r) => r.result === "invalid"))
    return "Not valid: every result invalid";
  return null;
}

/** A confirmed unexpected positive on a day the client reported not using. */
export function differsFromReport(s: Screen): boolean {
  if (s.self_report?.used !== false || !s.reading) return false;
  return s.reading.unexpected.some((substance) =>
    (s.results ?? []).some(
      (r) =>
        r.substance === substance &&
        r.result === "positive" &&
        r.confirmation === "confirmed",
    ),
  );
}

/* ---------- The practice's wall clock ---------- */

function zoneParts(timeZone: string, at: Date) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at);
  const get = (type: string) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour") % 24,
    minute: get("minute"),
    second: get("second"),
  };
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The date (`YYYY-MM-DD`) and time (`HH:MM`) on the practice's clocks at `now`. */
export function wallClockIn(
  timeZone: string,
  now: Date = new Date(),
): { day: string; time: string } {
  try {
    const p = zoneParts(timeZone, now);
    return {
      day: `${p.year}-${pad(p.month)}-${pad(p.day)}`,
      time: `${pad(p.hour)}:${pad(p.minute)}`,
    };
  } catch {
    const iso = now.toISOString();
    return { day: iso.slice(0, 10), time: iso.slice(11, 16) };
  }
}

function offsetMs(timeZone: string, at: Date): number {
  const p = zoneParts(timeZone, at);
  const asUtc = Date.UTC(
    p.year,
    p.month - 1,
    p.day,
    p.hour,
    p.minute,
    p.second,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** A date and time on the practice's clocks as an RFC 3339 UTC instant; null when malformed. */
export function zonedToIso(
  day: string,
  time: string,
  timeZone: string,
): string | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const t = /^(\d{2}):(\d{2})/.exec(time);
  if (!d || !t) return null;
  const wall = Date.UTC(
    Number(d[1]),
    Number(d[2]) - 1,
    Number(d[3]),
    Number(t[1]),
    Number(t[2]),
  );
  let instant = wall;
  try {
    // Twice: the first guess may sit on the other side of a daylight-saving change.
    const guess = wall - offsetMs(timeZone, new Date(wall));
    instant = wall - offsetMs(timeZone, new Date(guess));
  } catch {
    // An unknown zone: the wall clock is taken as UTC.
  }
  return new Date(instant).toISOString().replace(".000Z", "Z");
}

/** The collection's practice-time date and time as the UTC instant sent, or why it cannot be. */
export function collectedAtFrom(
  day: string,
  time: string,
  timeZone: string,
  now: number = Date.now(),
): { iso: string; error?: undefined } | { iso?: undefined; error: string } {
  const iso = zonedToIso(day, time, timeZone);
  if (!iso) return { error: "Enter the date and time of the collection." };
  if (Date.parse(iso) > now + 60_000)
    return { error: "The collection cannot be in the future." };
  return { iso };
}

/* ---------- Screens on the Overview's calendar ---------- */

/** What a day's screens say, in one mark; it sits beside the day's status, never replaces it. */
export type ScreenMarkKind = "positive" | "expected" | "negative" | "invalid";

export interface ScreenDayMark {
  kind: ScreenMarkKind;
  /** A confirmed unexpected positive on a day the client reported not using. */
  differs: boolean;
  /** How many screens with results that day. */
  count: number;
}

/** The glyph in the day cell, its words for a screen reader and hover, and the legend's text. */
export const SCREEN_MARKS: Record<
  ScreenMarkKind,
  { symbol: string; label: string; legend: string }
> = {
  negative: {
    symbol: "−",
    label: "screen negative",
    legend: "negative",
  },
  positive: {
    symbol: "+",
    label: "screen positive (unexpected)",
    legend: "positive (unexpected)",
  },
  expected: {
    symbol: "℞",
    label: "screen positive, expected (prescribed)",
    legend: "positive, expected (prescribed)",
  },
  invalid: {
    symbol: "?",
    label: "screen not valid",
    legend: "not valid",
  },
};

export const DIFFERS_MARK = {
  symbol: "≠",
  label: "differs from the client’s report",
  legend: "Differs from the client’s report",
};

/** "screen positive (unexpected), differs from the client's report" (2 screens: "2 screens: …"). */
export function screenMarkLabel(mark: ScreenDayMark): string {
  const base = SCREEN_MARKS[mark.kind].label;
  const text =
    mark.count > 1
      ? `${mark.count} screens: ${base.replace(/^screen /, "")}`
      : base;
  return mark.differs ? `${text}, ${DIFFERS_MARK.label}` : text;
}

/**
 * One mark per practice day from that period's current screens. Only screens read for clinical
 * staff (`reading` set) with results count: the front desk's view and a collection still
 * awaiting its results mark nothing. Positive when any valid screen has an unexpected positive,
 * else expected when a valid screen has only expected positives, else negative for a valid
 * screen, and not valid when no screen that day could be read.
 */
export function screenDayMarks(
  screens: readonly Screen[],
): Map<string, ScreenDayMark> {
  const byDay = new Map<string, Screen[]>();
  for (const s of screens) {
    if (!s.reading || (s.results ?? []).length === 0) continue;
    const list = byDay.get(s.collected_on);
    if (list) list.push(s);
    else byDay.set(s.collected_on, [s]);
  }
  const marks = new Map<string, ScreenDayMark>();
  for (const [day, list] of byDay) {
    const valid = list.filter((s) => s.reading?.valid);
    const kind: ScreenMarkKind = valid.some(
      (s) => (s.reading?.unexpected.length ?? 0) > 0,
    )
      ? "positive"
      : valid.some((s) => (s.reading?.expected.length ?? 0) > 0)
        ? "expected"
        : valid.length > 0
          ? "negative"
          : "invalid";
    marks.set(day, {
      kind,
      differs: list.some(differsFromReport),
      count: list.length,
    });
  }
  return marks;
}
