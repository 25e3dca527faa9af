import { useId, useState } from "react";
import type { Client } from "../../api/types";
import { FormAlert } from "../../components/Field";
import { displayName } from "../../format";
import { folded } from "./bulkValues";

/**
 * The staff member's active clients as checkboxes, with a box to find one by name. A client
 * already chosen stays listed whatever the filter, so a choice is never hidden.
 */
export function BulkClientChooser({
  clients,
  total,
  loadError,
  onRetry,
  chosen,
  onToggle,
  errors,
  problemIdOf,
}: {
  /** Undefined while loading. */
  clients: Client[] | undefined;
  total: number;
  loadError: unknown;
  onRetry: () => void;
  chosen: ReadonlySet<string>;
  onToggle: (id: string, on: boolean) => void;
  /** About the choice as a whole (`screens`: "must hold 1 to 100 clients"). */
  errors: string[] | undefined;
  /** The id of the message about a client's screen, when there is one. */
  problemIdOf: (id: string) => string | undefined;
}) {
  const id = useId();
  const [filter, setFilter] = useState("");
  const wanted = folded(filter);
  const shown = (clients ?? []).filter(
    (c) => chosen.has(c.id) || folded(displayName(c)).includes(wanted),
  );
  const errorId = errors?.length ? `${id}-error` : undefined;
  const countId = `${id}-count`;

  return (
    <fieldset
      className={`choices bulk-chooser${errorId ? " field-invalid" : ""}`}
      aria-describedby={[countId, errorId].filter(Boolean).join(" ")}
    >
      <legend className="field-label">Choose clients</legend>
      {loadError !== undefined && (
        <FormAlert
          message={
            loadError instanceof Error
              ? loadError.message
              : "Could not load the clients."
          }
        >
          <button
            type="button"
            className="button button-secondary"
            onClick={onRetry}
          >
            Try again
          </button>
        </FormAlert>
      )}
      {!clients && loadError === undefined && (
        <p className="loading" role="status">
          Loading clients…
        </p>
      )}
      {clients && clients.length === 0 && (
        <p className="empty-state">No active client to choose.</p>
      )}
      {clients && clients.length > 0 && (
        <>
          <div className="field bulk-filter">
            <label htmlFor={`${id}-filter`} className="field-label">
              Find a client
            </label>
            <input
              id={`${id}-filter`}
              type="search"
              autoComplete="off"
              placeholder="Part of a name"
              value={filter}
              onChange={(e) => setFilter(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") e.preventDefault();
              }}
            />
          </div>
          <p id={countId} className="field-hint" aria-live="polite">
            {chosen.size} chosen
            {total > clients.length &&
              ` · the first ${clients.length} of ${total} active clients are listed`}
            .
          </p>
          <ul className="bulk-choices">
            {shown.map((c) => {
              const problemId = problemIdOf(c.id);
              return (
                <li key={c.id}>
                  <label className="choice screen-choice">
                    <input
                      type="checkbox"
                      checked={chosen.has(c.id)}
                      aria-invalid={problemId ? true : undefined}
                      aria-describedby={problemId}
                      onChange={(e) => onToggle(c.id, e.target.checked)}
                    />
                    <span>{displayName(c)}</span>
                  </label>
                </li>
              );
            })}
            {shown.length === 0 && (
              <li className="muted">No client matches “{filter.trim()}”.</li>
            )}
          </ul>
        </>
      )}
      {errorId && (
        <p id={errorId} className="field-error">
          {errors!.join(" ")}
        </p>
      )}
    </fieldset>
  );
}
