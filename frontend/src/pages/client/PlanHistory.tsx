import { useCallback, useEffect, useRef, useState } from "react";
import { useMe } from "../../auth/AuthContext";
import { FormAlert } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { formatDateTime } from "../../format";
import { useAsyncData } from "../../hooks";
import type { PlanKind } from "./PlanSection";
import { savedLine, type SavedPlan } from "./PlanViewParts";

export const PLAN_VERSIONS_PER_PAGE = 10;

/**
 * A plan's earlier versions behind a disclosure: each version with who saved it and when;
 * choosing one shows it read-only. Loaded only when opened, and again after a save.
 */
export function PlanHistory<P extends SavedPlan, D, B>({
  clientId,
  kind,
  latestVersion,
}: {
  clientId: string;
  kind: PlanKind<P, D, B>;
  latestVersion: number;
}) {
  const me = useMe();
  const tz = me.practice.time_zone;
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(1);
  const [chosen, setChosen] = useState<P | null>(null);
  const chosenRef = useRef<HTMLHeadingElement>(null);
  const listId = `${kind.id}-history`;
  const load = useCallback(
    (signal: AbortSignal) =>
      open
        ? kind.versions(
            clientId,
            { page, per_page: PLAN_VERSIONS_PER_PAGE },
            signal,
          )
        : Promise.resolve(null),
    // A new latest version means a new first page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [open, page, clientId, kind, latestVersion],
  );
  const { data, error, loading, reload } = useAsyncData(load);

  useEffect(() => {
    if (chosen) chosenRef.current?.focus();
  }, [chosen]);

  return (
    <section className="plan-history" aria-labelledby={`${listId}-heading`}>
      <h3 id={`${listId}-heading`} className="plan-history-title">
        <button
          type="button"
          className="button button-quiet disclosure"
          aria-expanded={open}
          aria-controls={listId}
          aria-label={`History of the ${kind.noun}`}
          onClick={() => {
            setOpen((o) => !o);
            setChosen(null);
          }}
        >
          <span aria-hidden="true">{open ? "▾" : "▸"}</span> History
        </button>
      </h3>
      <div id={listId} hidden={!open} className="stack">
        {open && error !== undefined && (
          <FormAlert
            message={
              error instanceof Error
                ? error.message
                : "Could not load the history."
            }
          >
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          </FormAlert>
        )}
        {open && !data && loading && (
          <p className="loading" role="status">
            Loading…
          </p>
        )}
        {data && (
          <ol
            className="plan-versions"
            aria-label={`Versions of the ${kind.noun}`}
          >
            {data.items.map((v) => (
              <li key={v.version} className="plan-version">
                <span className="plan-version-text">
                  <strong>Version {v.version}</strong>
                  {v.version === latestVersion && " (current)"}
                  <span className="cell-sub">
                    {[v.written_by_name, formatDateTime(v.written_at, tz)]
                      .filter(Boolean)
                      .join(" · ")}
                  </span>
                </span>
                <button
                  type="button"
                  className="button button-secondary button-small plan-row-button"
                  aria-label={`Show version ${v.version}`}
                  aria-pressed={chosen?.version === v.version}
                  onClick={() => setChosen(v)}
                >
                  Show
                </button>
              </li>
            ))}
          </ol>
        )}
        {data && (
          <Pagination
            page={page}
            perPage={PLAN_VERSIONS_PER_PAGE}
            total={data.total}
            onPage={(p) => {
              setPage(p);
              setChosen(null);
            }}
            label={`Pages of the ${kind.noun}’s history`}
          />
        )}
        {chosen && (
          <section
            className="plan-version-shown"
            aria-labelledby={`${listId}-chosen`}
          >
            <h4 id={`${listId}-chosen`} ref={chosenRef} tabIndex={-1}>
              {savedLine(chosen, tz)}
            </h4>
            <kind.View plan={chosen} level={5} />
            <div>
              <button
                type="button"
                className="button button-quiet"
                onClick={() => setChosen(null)}
              >
                Close version {chosen.version}
              </button>
            </div>
          </section>
        )}
      </div>
    </section>
  );
}
