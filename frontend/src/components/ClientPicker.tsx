import { useCallback, useId, useState } from "react";
import { api } from "../api/endpoints";
import type { Client } from "../api/types";
import { displayName } from "../format";
import { useAsyncData, useDebouncedValue } from "../hooks";

const RESULTS = 8;

/**
 * Picks one client by searching their name (active and archived), or none. The choice shows
 * as a name with a Clear button; the search results are plain buttons.
 */
export function ClientPicker({
  label,
  selectedName,
  onSelect,
}: {
  label: string;
  /** The chosen client's name, or null when none is chosen. */
  selectedName: string | null;
  onSelect: (client: { id: string; name: string } | null) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const search = useDebouncedValue(text.trim(), 300);

  const load = useCallback(
    async (signal: AbortSignal): Promise<Client[] | null> => {
      if (search.length < 2) return null;
      const q = { search, per_page: RESULTS };
      const [active, archived] = await Promise.all([
        api.listClients({ ...q, status: "active" }, signal),
        api.listClients({ ...q, status: "archived" }, signal),
      ]);
      return [...active.items, ...archived.items].slice(0, RESULTS);
    },
    [search],
  );
  const { data, error, loading } = useAsyncData(load);

  if (selectedName !== null) {
    return (
      <div className="field">
        <span className="field-label" id={`${id}-label`}>
          {label}
        </span>
        <div className="picked" aria-labelledby={`${id}-label`} role="group">
          <span className="picked-name">{selectedName}</span>
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={() => {
              setText("");
              onSelect(null);
            }}
          >
            Clear<span className="visually-hidden"> client</span>
          </button>
        </div>
      </div>
    );
  }

  const results = search.length >= 2 && !loading ? (data ?? []) : [];
  let status = "";
  if (search.length >= 2) {
    if (loading) status = "Searching…";
    else if (error) status = "The search did not work. Try again.";
    else if (results.length === 0) status = `No client matches “${search}”.`;
    else
      status = `${results.length} ${results.length === 1 ? "client" : "clients"} found.`;
  }

  return (
    <div className="field picker">
      <label htmlFor={`${id}-input`} className="field-label">
        {label}
      </label>
      <input
        id={`${id}-input`}
        type="search"
        placeholder="Search by name"
        autoComplete="off"
        value={text}
        aria-describedby={`${id}-status`}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") e.preventDefault();
          if (e.key === "Escape") setText("");
        }}
      />
      <p id={`${id}-status`} className="visually-hidden" aria-live="polite">
        {status}
      </p>
      {search.length >= 2 && !loading && (
        <ul className="picker-results" aria-label="Matching clients">
          {results.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                onClick={() => {
                  setText("");
                  onSelect({ id: c.id, name: displayName(c) });
                }}
              >
                {displayName(c)}
                {c.status === "archived" && (
                  <span className="muted"> (archived)</span>
                )}
              </button>
            </li>
          ))}
          {results.length === 0 && <li className="muted">{status}</li>}
        </ul>
      )}
    </div>
  );
}
