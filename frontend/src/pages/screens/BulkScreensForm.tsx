import { useId, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError } from "../../api/client";
import { api } from "../../api/endpoints";
import type { BulkScreens, Client } from "../../api/types";
import { FormAlert, Notice, focusFirstInvalid } from "../../components/Field";
import { count, displayName } from "../../format";
import { CollectionFields, type Collection } from "../client/CollectionFields";
import { ResultsGridHint } from "../client/ScreenResultsGrid";
import {
  checkRows,
  collectedAtFrom,
  wallClockIn,
} from "../client/screenValues";
import { BulkClientCard } from "./BulkClientCard";
import { BulkClientChooser } from "./BulkClientChooser";
import {
  bulkScreens,
  emptyEntry,
  splitBulkErrors,
  type ClientEntry,
  type ClientProblems,
} from "./bulkValues";

const screensText = (n: number) => count(n, "screen", "screens");

const COLLECTION_FIELDS = new Set(["collected_at", "specimen", "method"]);

/**
 * A group tested on one morning: one collection (when, specimen, method, observed) for each
 * chosen client, recorded all together or not at all. Clinical staff add each client's
 * validity and results; the front desk records the collections only.
 */
export function BulkScreensForm({
  clients,
  total,
  loadError,
  onRetry,
  clinical,
  timeZone,
  today,
}: {
  clients: Client[] | undefined;
  total: number;
  loadError: unknown;
  onRetry: () => void;
  clinical: boolean;
  timeZone: string;
  today: string;
}) {
  const id = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [collection, setCollection] = useState<Collection>(() => ({
    day: today,
    time: wallClockIn(timeZone).time,
    specimen: "urine",
    method: "point_of_care",
    observed: false,
  }));
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [entries, setEntries] = useState<Record<string, ClientEntry>>({});
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [problems, setProblems] = useState<Record<string, ClientProblems>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [recorded, setRecorded] = useState<{ id: string; name: string }[]>([]);
  const [busy, setBusy] = useState(false);

  // The list's order is the order sent: `screens[i]` names the i-th chosen client listed.
  const chosenClients = (clients ?? []).filter((c) => chosen.has(c.id));
  const nameOf = (clientId: string) => {
    const c = clients?.find((x) => x.id === clientId);
    return c ? displayName(c) : "This client";
  };
  const problemId = (clientId: string) => `${id}-${clientId}-problem`;
  const problemIdOf = (clientId: string) =>
    problems[clientId]?.messages.length ? problemId(clientId) : undefined;

  function toggle(clientId: string, on: boolean) {
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(clientId);
      else next.delete(clientId);
      return next;
    });
  }

  function fail(text: string) {
    setMessage(text);
    focusFirstInvalid(formRef.current);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    setRecorded([]);
    const collected = collectedAtFrom(
      collection.day,
      collection.time,
      timeZone,
    );
    const local: Record<string, string[]> = {};
    if (collected.error) local.collected_at = [collected.error];
    if (chosenClients.length === 0)
      local.screens = ["Choose at least one client."];
    const localProblems: Record<string, ClientProblems> = {};
    if (clinical)
      for (const c of chosenClients) {
        const rows = checkRows(entries[c.id]?.rows ?? emptyEntry().rows);
        if (Object.keys(rows).length > 0)
          localProblems[c.id] = { messages: [], rows };
      }
    setErrors(local);
    setProblems(localProblems);
    if (!collected.iso || local.screens || Object.keys(localProblems).length) {
      fail("Please check the highlighted fields.");
      return;
    }
    const body: BulkScreens = {
      collected_at: collected.iso,
      specimen: collection.specimen,
      method: collection.method,
      observed: collection.observed,
      screens: bulkScreens(
        chosenClients.map((c) => c.id),
        entries,
        collection.method,
        clinical,
      ),
    };
    setBusy(true);
    try {
      const answer = await api.recordBulkScreens(body);
      setRecorded(
        answer.items.map((s) => ({
          id: s.client_id,
          name: nameOf(s.client_id),
        })),
      );
      setChosen(new Set());
      setEntries({});
    } catch (e) {
      const error = e instanceof ApiError ? e : null;
      const split = splitBulkErrors(
        error?.itemErrors ?? {},
        body.screens,
        nameOf,
      );
      setErrors(split.rest);
      setProblems(split.clients);
      fail(
        error?.hasFieldErrors
          ? "Please check the highlighted fields."
          : e instanceof Error
            ? e.message
            : "Could not record the screens.",
      );
    } finally {
      setBusy(false);
    }
  }

  const otherErrors = Object.entries(errors).filter(
    ([f]) => !COLLECTION_FIELDS.has(f) && f !== "screens",
  );
  const named = chosenClients.filter((c) => problems[c.id]);

  return (
    <>
      {recorded.length > 0 && (
        <Notice tone="success">
          <p className="notice-title">
            Recorded {screensText(recorded.length)}.
          </p>
          <ul className="bulk-recorded">
            {recorded.map((r) => (
              <li key={r.id}>
                <Link to={`/clients/${r.id}?tab=screens`}>{r.name}</Link>
              </li>
            ))}
          </ul>
        </Notice>
      )}
      <form
        ref={formRef}
        className="stack"
        onSubmit={submit}
        noValidate
        aria-label="Record screens for several clients"
      >
        {(message || otherErrors.length > 0) && (
          <FormAlert message={message}>
            {(otherErrors.length > 0 || named.length > 0) && (
              <ul>
                {named.length > 0 && (
                  <li>Check: {named.map(displayName).join(", ")}.</li>
                )}
                {otherErrors.map(([f, m]) => (
                  <li key={f}>
                    {f.replace(/_/g, " ")}: {m.join(" ")}
                  </li>
                ))}
              </ul>
            )}
          </FormAlert>
        )}
        <CollectionFields
          values={collection}
          errors={errors}
          timeZone={timeZone}
          observedLabel="The collections were observed"
          onChange={(patch) => setCollection((v) => ({ ...v, ...patch }))}
        />
        <BulkClientChooser
          clients={clients}
          total={total}
          loadError={loadError}
          onRetry={onRetry}
          chosen={chosen}
          onToggle={toggle}
          errors={errors.screens}
          problemIdOf={problemIdOf}
        />
        {clinical ? (
          chosenClients.length > 0 && <ResultsGridHint />
        ) : (
          <p className="muted">
            You record that each specimen was collected; clinical staff add the
            results.
          </p>
        )}
        {chosenClients.length > 0 && (
          <div className="bulk-clients">
            {chosenClients.map((c) => (
              <BulkClientCard
                key={c.id}
                name={displayName(c)}
                entry={entries[c.id] ?? emptyEntry()}
                method={collection.method}
                clinical={clinical}
                problems={problems[c.id]}
                problemId={problemId(c.id)}
                onChange={(entry) =>
                  setEntries((all) => ({ ...all, [c.id]: entry }))
                }
              />
            ))}
          </div>
        )}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={busy}
          >
            {busy
              ? "Saving…"
              : chosenClients.length > 0
                ? `Record ${screensText(chosenClients.length)}`
                : "Record screens"}
          </button>
        </div>
      </form>
    </>
  );
}
