/**
 * The editor's copy of a client's plan (rows with stable keys, so they can move and go), and
 * the whole plan it saves: texts trimmed, blank rows left out, and where each sent item came
 * from, so the server's `people[1].phone` lands on the row the clinician sees.
 */
import type {
  PersonRole,
  RelapsePreventionPlan,
  RelapsePreventionPlanInput,
  SafetyPlan,
  SafetyPlanInput,
  Trigger,
  Weekday,
} from "../../api/types";

export type FieldErrors = Record<string, string[]>;

/** For each list sent, the editor row each sent item came from (blank rows are left out). */
export type RowMap = Record<string, number[]>;

/** The most items the server keeps in one list of a plan, and the longest texts. */
export const MOST_ITEMS = 20;
export const LONGEST_ITEM = 300;
export const LONGEST_NAME = 100;

let lastKey = 0;

/** A key for a new row: React keeps a row's input (and its focus) with it when it moves. */
export function newKey(): string {
  lastKey += 1;
  return `plan-row-${lastKey}`;
}

export interface TextRow {
  key: string;
  text: string;
}

export interface PersonRow {
  key: string;
  name: string;
  role: PersonRole;
  phone: string;
}

export interface MeetingRow {
  key: string;
  name: string;
  day_of_week: Weekday | "";
  time: string;
  place: string;
  url: string;
}

export interface ContactRow {
  key: string;
  name: string;
  phone: string;
}

export const blankText = (): TextRow => ({ key: newKey(), text: "" });
export const blankPerson = (): PersonRow => ({
  key: newKey(),
  name: "",
  role: "friend",
  phone: "",
});
export const blankMeeting = (): MeetingRow => ({
  key: newKey(),
  name: "",
  day_of_week: "",
  time: "",
  place: "",
  url: "",
});
export const blankContact = (): ContactRow => ({
  key: newKey(),
  name: "",
  phone: "",
});

function textRows(items: string[] | undefined): TextRow[] {
  return (items ?? []).map((text) => ({ key: newKey(), text }));
}

function contactRows(
  items: { name: string; phone?: string | null }[] | undefined,
): ContactRow[] {
  return (items ?? []).map((c) => ({
    key: newKey(),
    name: c.name,
    phone: c.phone ?? "",
  }));
}

export interface RelapsePreventionDraft {
  warning_signs: TextRow[];
  high_risk_situations: Trigger[];
  coping_steps: TextRow[];
  reasons: TextRow[];
  people: PersonRow[];
  meetings: MeetingRow[];
}

export interface SafetyDraft {
  enabled: boolean;
  warning_signs: TextRow[];
  coping_alone: TextRow[];
  distractions: TextRow[];
  people_to_ask: ContactRow[];
  professionals: ContactRow[];
  safer_surroundings: TextRow[];
}

export function relapsePreventionDraft(
  p: RelapsePreventionPlan,
): RelapsePreventionDraft {
  return {
    warning_signs: textRows(p.warning_signs),
    high_risk_situations: [...(p.high_risk_situations ?? [])],
    coping_steps: textRows(p.coping_steps),
    reasons: textRows(p.reasons),
    people: (p.people ?? []).map((person) => ({
      key: newKey(),
      name: person.name,
      role: person.role,
      phone: person.phone ?? "",
    })),
    meetings: (p.meetings ?? []).map((m) => ({
      key: newKey(),
      name: m.name,
      day_of_week: m.day_of_week ?? "",
      time: m.time ?? "",
      place: m.place ?? "",
      url: m.url ?? "",
    })),
  };
}

export function safetyDraft(p: SafetyPlan): SafetyDraft {
  return {
    // A first safety plan is shown on the client's phone unless the clinician says otherwise.
    enabled: p.version === 0 ? true : p.enabled,
    warning_signs: textRows(p.warning_signs),
    coping_alone: textRows(p.coping_alone),
    distractions: textRows(p.distractions),
    people_to_ask: contactRows(p.people_to_ask),
    professionals: contactRows(p.professionals),
    safer_surroundings: textRows(p.safer_surroundings),
  };
}

/** What a save sends (without `version`), where each item came from, and the problems found first. */
export interface Built<B> {
  body: B;
  rows: RowMap;
  errors: FieldErrors;
}

/** Collects one list: keeps the rows `keep` says are not blank, recording their editor rows. */
class Builder {
  rows: RowMap = {};
  errors: FieldErrors = {};

  list<R, T>(
    field: string,
    items: R[],
    blank: (row: R) => boolean,
    make: (row: R, index: number) => T,
  ): T[] {
    const sent: number[] = [];
    const out: T[] = [];
    items.forEach((row, index) => {
      if (blank(row)) return;
      sent.push(index);
      out.push(make(row, index));
    });
    this.rows[field] = sent;
    return out;
  }

  texts(field: string, items: TextRow[]): string[] {
    return this.list(
      field,
      items,
      (r) => !r.text.trim(),
      (r) => r.text.trim(),
    );
  }

  /** A row with anything written in it needs a name. */
  name(field: string, index: number, name: string): string {
    const trimmed = name.trim();
    if (!trimmed) this.errors[`${field}[${index}].name`] = ["Enter a name."];
    return trimmed;
  }

  contacts(field: string, items: ContactRow[]) {
    return this.list(
      field,
      items,
      (r) => !r.name.trim() && !r.phone.trim(),
      (r, i) => ({
        name: this.name(field, i, r.name),
        phone: r.phone.trim() || null,
      }),
    );
  }
}

export function relapsePreventionInput(
  d: RelapsePreventionDraft,
): Built<Omit<RelapsePreventionPlanInput, "version">> {
  const b = new Builder();
  const body = {
    warning_signs: b.texts("warning_signs", d.warning_signs),
    high_risk_situations: d.high_risk_situations,
    coping_steps: b.texts("coping_steps", d.coping_steps),
    reasons: b.texts("reasons", d.reasons),
    people: b.list(
      "people",
      d.people,
      (r) => !r.name.trim() && !r.phone.trim(),
      (r, i) => ({
        name: b.name("people", i, r.name),
        role: r.role,
        phone: r.phone.trim() || null,
      }),
    ),
    meetings: b.list(
      "meetings",
      d.meetings,
      (r) => ![r.name, r.time, r.place, r.url].some((t) => t.trim()),
      (r, i) => ({
        name: b.name("meetings", i, r.name),
        day_of_week: r.day_of_week || null,
        time: r.time.trim() || null,
        place: r.place.trim() || null,
        url: r.url.trim() || null,
      }),
    ),
  };
  return { body, rows: b.rows, errors: b.errors };
}

export function safetyInput(
  d: SafetyDraft,
): Built<Omit<SafetyPlanInput, "version">> {
  const b = new Builder();
  const body = {
    enabled: d.enabled,
    warning_signs: b.texts("warning_signs", d.warning_signs),
    coping_alone: b.texts("coping_alone", d.coping_alone),
    distractions: b.texts("distractions", d.distractions),
    people_to_ask: b.contacts("people_to_ask", d.people_to_ask),
    professionals: b.contacts("professionals", d.professionals),
    safer_surroundings: b.texts("safer_surroundings", d.safer_surroundings),
  };
  return { body, rows: b.rows, errors: b.errors };
}

/**
 * The server's field errors keyed by the editor's rows: `people[1].phone` of the sent list
 * becomes the row it came from, when blank rows before it were left out.
 */
export function errorsByRow(errors: FieldErrors, rows: RowMap): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^([a-z_]+)\[(\d+)\](.*)$/.exec(key);
    const row = match ? rows[match[1]]?.[Number(match[2])] : undefined;
    const at =
      match && row !== undefined ? `${match[1]}[${row}]${match[3]}` : key;
    out[at] = [...(out[at] ?? []), ...messages];
  }
  return out;
}
