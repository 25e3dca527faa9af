import { useCallback, useState } from "react";
import { api } from "../../api/endpoints";
import type { CheckIn } from "../../api/types";
import { FormAlert } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { substanceLabel } from "../../domain";
import { formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import { SelfReportLinks } from "./SelfReportLinks";

export const CHECK_INS_PER_PAGE = 30;

export const CHECK_IN_SOURCES: Record<
  CheckIn["source"],
  { label: string; badge: string }
> = {
  self_report: { label: "Client (link)", badge: "badge badge-source-client" },
  clinician: { label: "In session", badge: "badge badge-muted" },
};

function CheckInRow({ checkIn: c }: { checkIn: CheckIn }) {
  const source = CHECK_IN_SOURCES[c.source] ?? {
    label: c.source,
    badge: "badge badge-muted",
  };
  const support = [
    c.attended_meeting && "Meeting",
    c.contacted_sponsor && "Sponsor",
  ].filter(Boolean);
  return (
    <tr>
      <th scope="row">{formatDay(c.day)}</th>
      <td>
        {c.used ? (
          <span className="badge badge-lapse">Used</span>
        ) : (
          <span className="badge badge-ok">Abstinent</span>
        )}
        {c.used && c.substances.length > 0 && (
          <span className="cell-sub">
            {c.substances.map(substanceLabel).join(", ")}
          </span>
        )}
      </td>
      <td>{c.craving} / 10</td>
      <td>{c.mood} / 10</td>
      <td>{support.length > 0 ? support.join(", ") : "—"}</td>
      <td>
        <span className={source.badge}>{source.label}</span>
      </td>
      <td className="cell-note">{c.note ?? ""}</td>
    </tr>
  );
}

/** The client's check-ins, newest day first, with where each came from. */
export function CheckInList({
  clientId,
  refreshKey = 0,
}: {
  clientId: string;
  refreshKey?: number;
}) {
  const [page, setPage] = useState(1);
  const load = useCallback(
    (signal: AbortSignal) => {
      void refreshKey;
      return api.listCheckIns(
        clientId,
        { page, per_page: CHECK_INS_PER_PAGE },
        signal,
      );
    },
    [clientId, page, refreshKey],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const items = data?.items ?? [];

  return (
    <section
      className="card card-padded stack-large"
      aria-labelledby="check-ins-heading"
    >
      <h2 id="check-ins-heading" className="section-title flush">
        Check-ins
      </h2>
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the check-ins."
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
      {!data && loading && (
        <p className="loading" role="status">
          Loading check-ins…
        </p>
      )}
      {data && items.length === 0 && <p className="muted">No check-ins yet.</p>}
      {items.length > 0 && (
        <div className="table-card">
          <table className="data-table" aria-busy={loading}>
            <caption className="visually-hidden">
              Check-ins, most recent first
            </caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Answer</th>
                <th scope="col">Craving</th>
                <th scope="col">Mood</th>
                <th scope="col">Support</th>
                <th scope="col">Source</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <CheckInRow key={c.id} checkIn={c} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (
        <Pagination
          page={page}
          perPage={CHECK_INS_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Check-in pages"
        />
      )}
    </section>
  );
}

/** The client record's "Self-report" tab: the link, then every check-in. */
export function SelfReportPanel({
  clientId,
  archived,
  refreshKey,
}: {
  clientId: string;
  archived: boolean;
  refreshKey: number;
}) {
  return (
    <div className="stack-large">
      <SelfReportLinks clientId={clientId} archived={archived} />
      <CheckInList clientId={clientId} refreshKey={refreshKey} />
    </div>
  );
}
