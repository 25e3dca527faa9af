import { useCallback, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/endpoints";
import type { AlertStatus, ClinicalAlert } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { ALERT_DETAIL_LABELS, alertKindLabel, alertTab } from "../clinical";
import { substanceLabel } from "../domain";
import { FormAlert } from "../components/Field";
import { Pagination } from "../components/Pagination";
import { formatDateTime, formatDay } from "../format";
import { useAsyncData, useTitle } from "../hooks";

export const ALERTS_PER_PAGE = 25;

function detailValue(v: unknown, timeZone?: string): string | null {
  if (typeof v === "boolean") return v ? "yes" : "no";
  if (typeof v === "number") return String(v);
  if (typeof v === "string") {
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return formatDay(v);
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, timeZone);
    return v;
  }
  if (Array.isArray(v) && v.every((x) => typeof x === "string"))
    return v.length > 0 ? v.map(substanceLabel).join(", ") : null;
  return null;
}

/**
 * The alert's detail object as short "key: value" text; nested values are skipped. Times are
 * shown in the practice's `timeZone`; `urgent` is said in words of its own (urgentText).
 */
export function alertDetail(
  detail: ClinicalAlert["detail"],
  timeZone?: string,
): string {
  if (!detail || typeof detail !== "object") return "";
  return Object.entries(detail)
    .flatMap(([k, v]) => {
      // Record ids mean nothing to a reader; the client link leads to the record.
      if (k === "id" || k.endsWith("_id") || k === "urgent") return [];
      // An appointment's time already says its day.
      if (k === "day" && "starts_at" in detail) return [];
      const value = detailValue(v, timeZone);
      if (value === null) return [];
      const key =
        ALERT_DETAIL_LABELS[k] ??
        k.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase());
      return [`${key}: ${value}`];
    })
    .join(" · ");
}

/** The extra words of an urgent alert: a second no-show in a row. */
export function urgentText(alert: ClinicalAlert): string | null {
  const detail = alert.detail;
  const urgent =
    typeof detail === "object" &&
    detail !== null &&
    (detail as Record<string, unknown>).urgent === true;
  return alert.kind === "no_show" && urgent
    ? "Second missed appointment in a row"
    : null;
}

export function Alerts() {
  useTitle("Alerts");
  const me = useMe();
  const tz = me.practice.time_zone;
  const [status, setStatus] = useState<AlertStatus>("open");
  const [page, setPage] = useState(1);
  const [acknowledged, setAcknowledged] = useState<Record<string, true>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listAlerts({ status, page, per_page: ALERTS_PER_PAGE }, signal),
    [status, page],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const items = data?.items ?? [];

  async function acknowledge(alert: ClinicalAlert) {
    setBusyId(alert.id);
    setMessage(null);
    try {
      await api.acknowledgeAlert(alert.id);
      setAcknowledged((a) => ({ ...a, [alert.id]: true }));
    } catch (e) {
      setMessage(
        e instanceof Error ? e.message : "Could not acknowledge the alert.",
      );
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Alerts</h1>
          <p className="page-subtitle">
            Clients who may need attention. Check-ins are not watched in real
            time: acknowledge an alert once you have followed it up.
          </p>
        </div>
      </div>
      <fieldset className="segmented">
        <legend className="visually-hidden">Show</legend>
        {(["open", "acknowledged"] as const).map((s) => (
          <label
            key={s}
            className={status === s ? "segment segment-selected" : "segment"}
          >
            <input
              type="radio"
              name="alert-status"
              value={s}
              checked={status === s}
              onChange={() => {
                setStatus(s);
                setPage(1);
                setAcknowledged({});
              }}
            />
            {s === "open" ? "Open" : "Acknowledged"}
          </label>
        ))}
      </fieldset>
      <FormAlert message={message} />
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load alerts."
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
      <div className="card table-card">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">
            {status === "open" ? "Open alerts" : "Acknowledged alerts"}
          </caption>
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Alert</th>
              <th scope="col">Raised</th>
              <th scope="col">
                {status === "open" ? (
                  <span className="visually-hidden">Action</span>
                ) : (
                  "Acknowledged"
                )}
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((a) => (
              <tr key={a.id}>
                <th scope="row" className="cell-name">
                  <Link to={`/clients/${a.client_id}?tab=${alertTab(a.kind)}`}>
                    {a.client_name}
                  </Link>
                </th>
                <td>
                  {alertKindLabel(a.kind)}
                  {urgentText(a) && (
                    <span className="cell-sub alert-urgent">
                      {urgentText(a)}
                    </span>
                  )}
                  {alertDetail(a.detail, tz) && (
                    <span className="cell-sub">
                      {alertDetail(a.detail, tz)}
                    </span>
                  )}
                </td>
                <td>{formatDateTime(a.raised_at, tz)}</td>
                <td className="cell-actions">
                  {a.status === "acknowledged" ? (
                    formatDateTime(a.acknowledged_at, tz)
                  ) : acknowledged[a.id] ? (
                    <span className="badge badge-ok">Acknowledged</span>
                  ) : (
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      onClick={() => acknowledge(a)}
                      disabled={busyId === a.id}
                      aria-label={`Acknowledge ${alertKindLabel(a.kind)} for ${a.client_name}`}
                    >
                      Acknowledge
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {loading && !data && <p className="table-empty">Loading alerts…</p>}
        {data && items.length === 0 && (
          <p className="table-empty">
            {status === "open" ? "No open alerts." : "No acknowledged alerts."}
          </p>
        )}
      </div>
      {data && (
        <Pagination
          page={page}
          perPage={ALERTS_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Alert pages"
        />
      )}
    </div>
  );
}
