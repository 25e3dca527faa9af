import type { ReportOptions } from "./api/endpoints";
import { addDays } from "./format";

/** The period choices of a single client's report. */
export type Preset = "30" | "90" | "custom";

/** The longest recipient or purpose the server accepts. */
export const DISCLOSURE_MAX = 200;

export type ReportErrors = Record<string, string[]>;

/** The period a preset stands for, ending today; a custom period as entered. */
export function periodOf(
  preset: Preset,
  today: string,
  custom: { from: string; to: string },
): { from: string; to: string } {
  if (preset === "custom") return custom;
  return { from: addDays(today, -(Number(preset) - 1)), to: today };
}

/** Checks what the browser can check; the server has the last word (422). */
export function validateReport(o: ReportOptions): ReportErrors {
  const errors: ReportErrors = {};
  if (!o.from) errors.from = ["Enter the first day of the period."];
  if (!o.to) errors.to = ["Enter the last day of the period."];
  if (o.from && o.to && o.from > o.to)
    errors.to = ["The period must end on or after its first day."];
  for (const key of ["recipient", "purpose"] as const) {
    if ((o[key]?.trim().length ?? 0) > DISCLOSURE_MAX)
      errors[key] = [`Use at most ${DISCLOSURE_MAX} characters.`];
  }
  return errors;
}

/** The calendar month before `today`'s, first to last day. */
export function previousMonth(today: string): { from: string; to: string } {
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}
