import { useEffect, useState } from "react";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { Page, ReportExport } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { FormAlert, Notice } from "../components/Field";
import { Pagination } from "../components/Pagination";
import { saveFile } from "../download";
import { formatDateTime, formatDay, todayIn } from "../format";
import { useTitle } from "../hooks";
import { ExportForm } from "./ReportExportForm";

export const EXPORTS_PER_PAGE = 20;
/** How often a running export is asked for its progress. */
export const POLL_INTERVAL_MS = 1_000;

function periodText(e: Pick<ReportExport, "from" | "to">): string {
  return `${formatDay(e.from)} – ${formatDay(e.to)}`;
}

function reportCount(n: number): string {
  return `${n} ${n === 1 ? "report" : "reports"}`;
}

/**
 * Month-end export: one progress report per active client the member may see, as a zip.
 * The list comes from the server, so a running export keeps its progress bar after a reload.
 */
export function ReportExports({
  pollIntervalMs = POLL_INTERVAL_MS,
}: {
  /** Tests poll faster; the app asks once a second. */
  pollIntervalMs?: number;
} = {}) {
  useTitle("Report export");
  const me = useMe();
  const tz = me.practice.time_zone;
  const [page, setPage] = useState(1);
  const [nonce, setNonce] = useState(0);
  const [list, setList] = useState<Page<ReportExport> | null>(null);
  const [listError, setListError] = useState<unknown>(undefined);
  const [notice, setNotice] = useState<{
    text: string;
    tone: "success" | "warning";
  } | null>(null);
  const [downloadMessage, setDownloadMessage] = useState<string | null>(null);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const controller = new AbortController();
    api
      .listReportExports(
        { page, per_page: EXPORTS_PER_PAGE },
        controller.signal,
      )
      .then(
        (data) => {
          setList(data);
          setListError(undefined);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setListError(error);
        },
      );
    return () => controller.abort();
  }, [page, nonce]);

  const items = list?.items ?? [];
  const running = items
    .filter((e) => e.status === "running")
    .map((e) => e.id)
    .join(" ");

  // While any export runs, ask for its progress; one request at a time, never overlapping.
  useEffect(() => {
    if (!running) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      try {
        const latest = await Promise.all(
          running
            .split(" ")
            .map((id) => api.getReportExport(id, controller.signal)),
        );
        if (controller.signal.aborted) return;
        const byId = new Map(latest.map((e) => [e.id, e]));
        setList((current) =>
          current
            ? {
                ...current,
                items: current.items.map((e) => byId.get(e.id) ?? e),
              }
            : current,
        );
        setNow(Date.now());
        const finished = latest.filter((e) => e.status !== "running");
        if (finished.length > 0) {
          const e = finished[0];
          setNotice(
            e.status === "done"
              ? {
                  text: `The export for ${periodText(e)} is ready to download.`,
                  tone: "success",
                }
              : {
                  text: `The export for ${periodText(e)} could not be finished.`,
                  tone: "warning",
                },
          );
        }
      } catch {
        if (controller.signal.aborted) return;
        // A missed answer is asked again on the next tick.
      }
      timer = setTimeout(tick, pollIntervalMs);
    };
    timer = setTimeout(tick, pollIntervalMs);
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [running, pollIntervalMs]);

  function onStarted(created: ReportExport) {
    setNotice({
      text: `Export started for ${periodText(created)}. You can leave this page: the export keeps running.`,
      tone: "success",
    });
    if (page !== 1) {
      setPage(1);
      return;
    }
    setList((current) =>
      current
        ? {
            ...current,
            items: [
              created,
              ...current.items.filter((e) => e.id !== created.id),
            ].slice(0, EXPORTS_PER_PAGE),
            total: current.total + 1,
          }
        : current,
    );
  }

  async function download(e: ReportExport) {
    setDownloading(e.id);
    setDownloadMessage(null);
    try {
      const file = await api.downloadReportExport(e.id);
      saveFile(
        file.blob,
        file.filename ?? `progress-reports-${e.from}-to-${e.to}.zip`,
      );
    } catch (error) {
      setDownloadMessage(
        error instanceof Error
          ? error.message
          : "Could not download the export.",
      );
      if (error instanceof ApiError && error.status === 409)
        setNonce((n) => n + 1);
    } finally {
      setDownloading(null);
    }
  }

  return (
    <div className="page page-medium">
      <div className="page-header">
        <div>
          <h1>Report export</h1>
          <p className="page-subtitle">
            {me.role === "clinician"
              ? "A progress report for every active client on your caseload, in one zip file."
              : "A progress report for every active client of the practice, in one zip file."}
          </p>
        </div>
      </div>

      <ExportForm today={todayIn(tz)} onStarted={onStarted} />

      {notice && <Notice tone={notice.tone}>{notice.text}</Notice>}
      <FormAlert message={downloadMessage} />
      {listError !== undefined && (
        <FormAlert
          message={
            listError instanceof Error
              ? listError.message
              : "Could not load your exports."
          }
        >
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setNonce((n) => n + 1)}
          >
            Try again
          </button>
        </FormAlert>
      )}

      <section aria-labelledby="exports-heading" className="stack export-list">
        <h2 id="exports-heading" className="section-title">
          Your exports
        </h2>
        <div className="card table-card">
          <table className="data-table" aria-labelledby="exports-heading">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Status</th>
                <th scope="col">Reports</th>
                <th scope="col">Started</th>
                <th scope="col">
                  <span className="visually-hidden">Download</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => {
                const expired =
                  e.status === "expired" ||
                  (e.status === "done" && Date.parse(e.expires_at) <= now);
                return (
                  <tr key={e.id}>
                    <th
                      scope="row"
                      id={`export-${e.id}`}
                      className="export-period"
                    >
                      {periodText(e)}
                      <span className="cell-sub">
                        {e.include_notes
                          ? "With signed session notes"
                          : "Without session notes"}
                      </span>
                      <span className="cell-sub">
                        {e.consent_recipient
                          ? `Under the consents naming ${e.consent_recipient}`
                          : "For the practice’s own use"}
                      </span>
                    </th>
                    <td>
                      {e.status === "running" ? (
                        <span className="badge badge-muted">Running</span>
                      ) : e.status === "failed" ? (
                        <span className="badge badge-risk">Failed</span>
                      ) : expired ? (
                        <span className="badge badge-muted">Expired</span>
                      ) : (
                        <span className="badge badge-ok">Done</span>
                      )}
                    </td>
                    <td>
                      {e.status === "running" ? (
                        <div className="export-progress">
                          <progress
                            max={Math.max(e.total, 1)}
                            value={e.done}
                            aria-labelledby={`export-${e.id} progress-${e.id}`}
                          />
                          <span id={`progress-${e.id}`}>
                            {e.done} of {reportCount(e.total)}
                          </span>
                        </div>
                      ) : e.status === "failed" ? (
                        <span className="export-error">
                          {e.error || "The export could not be finished."}
                        </span>
                      ) : (
                        <>
                          {reportCount(e.total - e.left_out.length)}
                          {e.left_out.length > 0 && (
                            <span className="cell-sub">
                              Left out (no active consent):{" "}
                              {e.left_out.map((l) => l.name).join(", ")}
                            </span>
                          )}
                        </>
                      )}
                    </td>
                    <td>{formatDateTime(e.created_at, tz)}</td>
                    <td className="cell-actions">
                      {e.status === "done" && !expired ? (
                        <>
                          <button
                            type="button"
                            className="button button-secondary button-small"
                            onClick={() => download(e)}
                            disabled={downloading === e.id}
                            aria-describedby={`export-${e.id}`}
                          >
                            {downloading === e.id
                              ? "Downloading…"
                              : "Download zip"}
                          </button>
                          <span className="cell-sub">
                            Until {formatDateTime(e.expires_at, tz)}
                          </span>
                        </>
                      ) : (
                        expired && (
                          <span className="cell-sub">
                            Deleted {formatDateTime(e.expires_at, tz)}
                          </span>
                        )
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {!list && listError === undefined && (
            <p className="table-empty">Loading your exports…</p>
          )}
          {list && items.length === 0 && (
            <p className="table-empty">No exports yet.</p>
          )}
        </div>
        {list && (
          <Pagination
            page={page}
            perPage={EXPORTS_PER_PAGE}
            total={list.total}
            onPage={setPage}
            label="Export pages"
          />
        )}
      </section>
    </div>
  );
}
