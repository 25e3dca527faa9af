/**
 * Pure helpers for a morning's screens: what is sent for the chosen clients, and the server's
 * `screens[i].…` errors mapped back to the client at that place in what was sent.
 */
import type {
  BulkScreen,
  PanelResult,
  ScreenMethod,
  SpecimenValidity,
} from "../../api/types";
import {
  emptyRows,
  resultsFrom,
  splitErrors,
  type ResultRows,
  type RowErrors,
} from "../client/screenValues";

/** One chosen client's validity and results grid (clinical staff only). */
export interface ClientEntry {
  validity: SpecimenValidity;
  rows: ResultRows;
}

export function emptyEntry(): ClientEntry {
  return { validity: "normal", rows: emptyRows() };
}

/** One screen per chosen client; the front desk sends the collection only (`results: []`). */
export function bulkScreens(
  clientIds: string[],
  entries: Record<string, ClientEntry | undefined>,
  method: ScreenMethod,
  clinical: boolean,
): BulkScreen[] {
  return clientIds.map((id) => {
    if (!clinical) return { client_id: id, results: [] };
    const entry = entries[id] ?? emptyEntry();
    return {
      client_id: id,
      validity: entry.validity,
      results: resultsFrom(entry.rows, method),
    };
  });
}

/** What the server said about one client's screen: sentences, and its grid's rows. */
export interface ClientProblems {
  messages: string[];
  rows: RowErrors;
}

/** "has this collection recorded already" reads as "Lan Tran has this collection …". */
function clientSentence(message: string, field: string, name: string): string {
  let text: string;
  if (field === "client_id" && /^(is|has|was|are) /.test(message))
    text = `${name} ${message}`;
  else if (field === "client_id")
    text = message.replace(/^./, (c) => c.toUpperCase());
  else
    text = `${field.replace(/_/g, " ")}: ${message}`.replace(/^./, (c) =>
      c.toUpperCase(),
    );
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * The 422's errors by the client they name (`screens[1].client_id`, `screens[0].results[2].…`),
 * keyed by client id; the rest (`collected_at`, `screens`) stays under its own key.
 */
export function splitBulkErrors(
  errors: Record<string, string[]>,
  sent: BulkScreen[],
  nameOf: (clientId: string) => string,
): {
  clients: Record<string, ClientProblems>;
  rest: Record<string, string[]>;
} {
  const clients: Record<string, ClientProblems> = {};
  const rest: Record<string, string[]> = {};
  const resultErrors = new Map<number, Record<string, string[]>>();
  const problemsOf = (id: string) =>
    (clients[id] ??= { messages: [], rows: {} });
  for (const [key, messages] of Object.entries(errors)) {
    const match = /^screens\[(\d+)\]\.(.+)$/.exec(key);
    const index = match ? Number(match[1]) : -1;
    const screen = sent[index];
    if (!match || !screen) {
      rest[key] = [...(rest[key] ?? []), ...messages];
      continue;
    }
    const field = match[2];
    if (/^results(\[|$)/.test(field)) {
      const byField = resultErrors.get(index) ?? {};
      byField[field] = [...(byField[field] ?? []), ...messages];
      resultErrors.set(index, byField);
      continue;
    }
    const name = nameOf(screen.client_id);
    problemsOf(screen.client_id).messages.push(
      ...messages.map((m) => clientSentence(m, field, name)),
    );
  }
  for (const [index, byField] of resultErrors) {
    const screen = sent[index];
    const results: PanelResult[] = screen.results ?? [];
    const split = splitErrors(byField, results);
    const problems = problemsOf(screen.client_id);
    problems.rows = split.rows;
    for (const [field, messages] of Object.entries(split.rest))
      problems.messages.push(
        ...messages.map((m) =>
          clientSentence(m, field, nameOf(screen.client_id)),
        ),
      );
  }
  return { clients, rest };
}

/** Case and accents do not matter when finding a client by name. */
export function folded(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
}
