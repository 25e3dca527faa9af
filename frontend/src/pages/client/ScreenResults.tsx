import type { Screen } from "../../api/types";
import { labelFor, SCREEN_METHODS, SPECIMENS } from "../../clinical";
import { describeResult } from "./screenValues";

/** "Urine · Point-of-care test · Observed" */
export function collectionText(s: Screen): string {
  return [
    labelFor(SPECIMENS, s.specimen),
    labelFor(SCREEN_METHODS, s.method),
    s.observed ? "Observed" : "Not observed",
  ].join(" · ");
}

/** The results as a compact list, each read against the client's medications that day. */
export function ScreenResultsList({ screen }: { screen: Screen }) {
  const results = screen.results ?? [];
  if (results.length === 0)
    return <p className="muted flush">No results entered yet.</p>;
  return (
    <ul className="screen-results" aria-label="Results">
      {results.map((r) => {
        const { text, tone } = describeResult(r, screen.reading);
        return (
          <li key={r.substance} className={`screen-result result-${tone}`}>
            {text}
            {tone === "unexpected" && (
              <>
                {" "}
                <span className="badge badge-attention">unexpected</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
