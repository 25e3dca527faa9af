import { useCallback } from "react";
import { api } from "../../api/endpoints";
import { FormAlert } from "../../components/Field";
import { formatDateTime } from "../../format";
import { useAsyncData } from "../../hooks";
import { collectionText, ScreenResultsList } from "./ScreenResults";
import { notValidText } from "./screenValues";

/** Every row of a screen (clinical staff), the original first, then each correction and why. */
export function ScreenHistory({
  screenId,
  timeZone,
}: {
  screenId: string;
  timeZone: string;
}) {
  const load = useCallback(
    (signal: AbortSignal) => api.getScreen(screenId, signal),
    [screenId],
  );
  const { data, error, reload } = useAsyncData(load);

  if (error !== undefined)
    return (
      <FormAlert message="Could not load the history.">
        <button
          type="button"
          className="button button-secondary"
          onClick={reload}
        >
          Try again
        </button>
      </FormAlert>
    );
  if (!data)
    return (
      <p className="loading" role="status">
        Loading the history…
      </p>
    );
  const rows = data.history.length > 0 ? data.history : [data];

  return (
    <ol className="screen-history" aria-label="History of this screen">
      {rows.map((row, i) => {
        const notValid = notValidText(row);
        return (
          <li key={row.id} className="screen-history-row">
            <p className="addendum-meta">
              {i === 0 ? "Original" : `Correction ${i}`}
              {row.id === data.id && " (current)"} · recorded{" "}
              {formatDateTime(row.recorded_at, timeZone)}
              {row.recorded_by_name && ` by ${row.recorded_by_name}`}
            </p>
            {row.amends && (
              <p className="flush">Reason: {row.amend_reason ?? "—"}</p>
            )}
            <p className="muted flush">
              {collectionText(row)}
              {notValid && ` · ${notValid}`}
            </p>
            <ScreenResultsList screen={row} />
          </li>
        );
      })}
    </ol>
  );
}
