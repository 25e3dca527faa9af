import { useId, useState } from "react";
import type { Screen } from "../../api/types";
import { formatDateTime } from "../../format";
import { ScreenAmendForm } from "./ScreenAmendForm";
import { ScreenHistory } from "./ScreenHistory";
import { collectionText, ScreenResultsList } from "./ScreenResults";
import {
  differsFromReport,
  notValidText,
  substanceLabel,
} from "./screenValues";

function ClientReport({ screen }: { screen: Screen }) {
  const report = screen.self_report;
  if (!report)
    return (
      <p className="screen-report muted">
        The client did not report on that day.
      </p>
    );
  return (
    <p className="screen-report">
      {report.used
        ? "The client reported using that day."
        : "The client reported not using that day."}
    </p>
  );
}

/**
 * One screen as its current result: when and how it was collected, whether it is valid, the
 * results read against the medications (unexpected, expected, prescribed but negative) and the
 * client's own report for the day. Clinical staff correct it; the front desk sees the
 * collection only.
 */
export function ScreenCard({
  screen: s,
  clinical,
  timeZone,
  onAmended,
  onReload,
}: {
  screen: Screen;
  clinical: boolean;
  timeZone: string;
  onAmended: (row: Screen) => void;
  onReload: () => void;
}) {
  const headingId = useId();
  const [correcting, setCorrecting] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const notValid = notValidText(s);
  const hasResults = (s.results ?? []).length > 0;
  const unexpected = s.reading?.unexpected ?? [];

  return (
    <article
      className="card episode-card screen-card"
      aria-labelledby={headingId}
    >
      <header className="note-header">
        <div>
          <h3 id={headingId} className="note-title">
            {formatDateTime(s.collected_at, timeZone)}
          </h3>
          <p className="note-meta">
            {collectionText(s)}
            {s.recorded_by_name && ` · recorded by ${s.recorded_by_name}`}
          </p>
        </div>
        {notValid && <span className="badge badge-attention">{notValid}</span>}
      </header>

      {clinical ? (
        <>
          <ScreenResultsList screen={s} />
          {unexpected.length > 0 && (
            <p className="screen-attention">
              Unexpected {unexpected.length === 1 ? "positive" : "positives"}:{" "}
              {unexpected.map(substanceLabel).join(", ")}
            </p>
          )}
          {hasResults && s.reading?.valid && unexpected.length === 0 && (
            <p className="muted flush">No unexpected positive.</p>
          )}
          <ClientReport screen={s} />
          {differsFromReport(s) && (
            <p className="notice notice-warning">
              Differs from the client&rsquo;s report: a conversation, not an
              overwrite.
            </p>
          )}
        </>
      ) : (
        <p className="muted flush">Results are entered by clinical staff.</p>
      )}

      {/* The reason may speak of results: the front desk sees collections only. */}
      {clinical && s.amends && (
        <div className="screen-corrected">
          <p className="flush">
            <strong>Corrected:</strong> {s.amend_reason ?? "no reason given"}
          </p>
          <button
            type="button"
            className="button button-quiet button-small"
            aria-expanded={showHistory}
            onClick={() => setShowHistory((v) => !v)}
          >
            {showHistory ? "Hide history" : "Show history"}
          </button>
          {showHistory && <ScreenHistory screenId={s.id} timeZone={timeZone} />}
        </div>
      )}

      {clinical &&
        (correcting ? (
          <ScreenAmendForm
            screen={s}
            onSaved={(row) => {
              setCorrecting(false);
              onAmended(row);
            }}
            onCancel={() => setCorrecting(false)}
            onReload={() => {
              setCorrecting(false);
              onReload();
            }}
          />
        ) : (
          <div className="note-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => setCorrecting(true)}
            >
              {hasResults ? "Correct" : "Enter results"}
            </button>
          </div>
        ))}
    </article>
  );
}
