/** Pure helpers for a lab's results file: its template, and refusals read from a 422. */
import type { Client, ImportRefusal } from "../../api/types";
import { displayName } from "../../format";

/** The template's columns: the required four, then the optional ones. `client_name` is ignored. */
export const TEMPLATE_COLUMNS = [
  "client",
  "client_name",
  "collected_at",
  "substance",
  "result",
  "cutoff_ng_ml",
  "confirmed",
  "specimen",
  "method",
  "validity",
  "observed",
] as const;

/** A CSV cell: quoted when it holds a comma, a quote or a line break. */
function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The header row and one example row: a confirmed cocaine positive for the first client the
 * member can reach (by id; the name column is for the reader and ignored on import).
 */
export function templateCsv(
  client: Client | undefined,
  collectedAt: string,
): string {
  const example: Record<(typeof TEMPLATE_COLUMNS)[number], string> = {
    client: client?.id ?? "the client's Daybreak id",
    client_name: client ? displayName(client) : "",
    collected_at: collectedAt,
    substance: "COC",
    result: "positive",
    cutoff_ng_ml: "150",
    confirmed: "yes",
    specimen: "urine",
    method: "lab_immunoassay",
    validity: "normal",
    observed: "no",
  };
  const rows = [
    TEMPLATE_COLUMNS.join(","),
    TEMPLATE_COLUMNS.map((c) => cell(example[c])).join(","),
  ];
  return `${rows.join("\r\n")}\r\n`;
}

/** A 422's `rows[N]` errors (the import refused rows someone's change made wrong meanwhile). */
export function refusalsFrom(
  errors: Record<string, string[]>,
): ImportRefusal[] {
  const refusals: ImportRefusal[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^rows\[(\d+)\]$/.exec(key);
    if (match)
      refusals.push({ row: Number(match[1]), reason: messages.join("; ") });
  }
  return refusals.sort((a, b) => a.row - b.row);
}
