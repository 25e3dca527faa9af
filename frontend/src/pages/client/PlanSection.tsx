import { useCallback, useState, type ReactNode } from "react";
import { ApiError } from "../../api/client";
import type { PlanVersionQuery } from "../../api/endpoints";
import type { Page } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { FormAlert, Notice } from "../../components/Field";
import { useAsyncData } from "../../hooks";
import { PlanEditorForm } from "./PlanEditorForm";
import { PlanHistory } from "./PlanHistory";
import type { Built, FieldErrors } from "./planDrafts";
import { savedLine, type HeadingLevel, type SavedPlan } from "./PlanViewParts";

/**
 * One kind of client plan (relapse-prevention, safety): how to load, save and list its
 * versions, its editor's draft, and how it reads and edits. `B` is a save's body without
 * `version`.
 */
export interface PlanKind<P extends SavedPlan, D, B> {
  /** Prefix for the section's element ids. */
  id: string;
  title: string;
  /** "relapse-prevention plan", for sentences. */
  noun: string;
  /** The body's fields the editor shows errors for; the others are listed above Save. */
  fields: ReadonlyArray<string>;
  emptyText: string;
  writeLabel: string;
  intro?: ReactNode;
  load: (clientId: string, signal?: AbortSignal) => Promise<P>;
  versions: (
    clientId: string,
    q: PlanVersionQuery,
    signal?: AbortSignal,
  ) => Promise<Page<P>>;
  save: (clientId: string, body: B, version: number) => Promise<P>;
  toDraft: (plan: P) => D;
  build: (draft: D) => Built<B>;
  View: (props: { plan: P; level: HeadingLevel }) => ReactNode;
  Editor: (props: {
    draft: D;
    onChange: (draft: D) => void;
    errors: FieldErrors;
  }) => ReactNode;
}

function loadProblem(error: unknown, noun: string): string {
  if (error instanceof ApiError && error.status === 403)
    return `Only clinical staff can see the client’s ${noun}.`;
  if (error instanceof ApiError && error.status === 404)
    return "This client could not be found, or is not on your caseload.";
  return error instanceof Error ? error.message : `Could not load the ${noun}.`;
}

/** A plan's section of the Plan tab: the latest version read-only, its editor and its history. */
export function PlanSection<P extends SavedPlan, D, B>({
  clientId,
  kind,
}: {
  clientId: string;
  kind: PlanKind<P, D, B>;
}) {
  const me = useMe();
  const tz = me.practice.time_zone;
  const headingId = `${kind.id}-heading`;
  const load = useCallback(
    (signal: AbortSignal) => kind.load(clientId, signal),
    [clientId, kind],
  );
  const { data, error, reload, setData } = useAsyncData(load);
  const [editing, setEditing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const saved = data !== undefined && data.version > 0;

  function start() {
    setNotice(null);
    setEditing(true);
  }

  return (
    <section
      className="card card-padded stack-large plan-section"
      aria-labelledby={headingId}
    >
      <div className="panel-header">
        <h2 id={headingId} className="section-title flush">
          {kind.title}
        </h2>
        {saved && !editing && (
          <button
            type="button"
            className="button button-secondary"
            aria-label={`Edit the ${kind.noun}`}
            onClick={start}
          >
            Edit
          </button>
        )}
      </div>
      {kind.intro}
      {saved && <p className="plan-meta">{savedLine(data, tz)}</p>}
      {notice && <Notice tone="success">{notice}</Notice>}
      {error !== undefined && (
        <FormAlert message={loadProblem(error, kind.noun)}>
          {!(
            error instanceof ApiError && [403, 404].includes(error.status)
          ) && (
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          )}
        </FormAlert>
      )}
      {!data && error === undefined && (
        <p className="loading" role="status">
          Loading…
        </p>
      )}
      {data &&
        (editing ? (
          <PlanEditorForm
            clientId={clientId}
            kind={kind}
            start={data}
            onLatest={setData}
            onCancel={() => setEditing(false)}
            onSaved={(latest) => {
              setNotice(
                latest.version === data.version
                  ? `Nothing changed: the ${kind.noun} stays at version ${latest.version}.`
                  : `Saved as version ${latest.version}.`,
              );
              setData(latest);
              setEditing(false);
            }}
          />
        ) : saved ? (
          <kind.View plan={data} level={3} />
        ) : (
          <div className="empty-state plan-empty">
            <p>{kind.emptyText}</p>
            <button
              type="button"
              className="button button-primary"
              onClick={start}
            >
              {kind.writeLabel}
            </button>
          </div>
        ))}
      {saved && (
        <PlanHistory
          clientId={clientId}
          kind={kind}
          latestVersion={data.version}
        />
      )}
    </section>
  );
}
