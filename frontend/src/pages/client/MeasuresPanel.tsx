import { useCallback, useState, type FormEvent } from "react";
import { api } from "../../api/endpoints";
import type {
  MeasureCode,
  MeasureResult,
  MeasureSchedule,
} from "../../api/types";
import { Field, FormAlert, Notice } from "../../components/Field";
import { formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import {
  bandLabel,
  MEASURE_CODES,
  MEASURES,
  measureLabel,
  SCHEDULE_INTERVALS,
} from "../../measures";
import { MeasureChart } from "./MeasureChart";

/** The most results one page may hold (API.md): enough for years of fortnightly measures. */
const RESULTS_PER_PAGE = 200;

function Schedules({
  clientId,
  archived,
}: {
  clientId: string;
  archived: boolean;
}) {
  const load = useCallback(
    (signal: AbortSignal) => api.listMeasureSchedules(clientId, signal),
    [clientId],
  );
  const { data, error, reload, setData } = useAsyncData(load);
  const [code, setCode] = useState<MeasureCode>("phq9");
  const [every, setEvery] = useState("14");
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const schedules = (data?.items ?? []).filter((s) => s.active);
  const existing = schedules.find((s) => s.code === code);

  function replaceIn(schedule: MeasureSchedule) {
    const others = (data?.items ?? []).filter(
      (s) => s.id !== schedule.id && s.code !== schedule.code,
    );
    setData({
      items: [...others, schedule].sort((a, b) => a.code.localeCompare(b.code)),
    });
  }

  async function start(event: FormEvent) {
    event.preventDefault();
    setBusy("create");
    setMessage(null);
    setNotice(null);
    try {
      const schedule = await api.createMeasureSchedule(clientId, {
        code,
        every_days: Number(every),
      });
      replaceIn(schedule);
      setNotice(
        `${measureLabel(schedule.code)} every ${schedule.every_days} days${
          schedule.next_due_on
            ? `, next due ${formatDay(schedule.next_due_on)}`
            : ""
        }.`,
      );
    } catch (e) {
      setMessage(
        e instanceof Error ? e.message : "Could not schedule the measure.",
      );
    } finally {
      setBusy(null);
    }
  }

  async function stop(schedule: MeasureSchedule) {
    setBusy(schedule.id);
    setMessage(null);
    setNotice(null);
    try {
      await api.stopMeasureSchedule(schedule.id);
      setData({
        items: (data?.items ?? []).filter((s) => s.id !== schedule.id),
      });
      setNotice(`${measureLabel(schedule.code)} stopped.`);
    } catch (e) {
      setMessage(e instanceof Error ? e.message : "Could not stop it.");
    } finally {
      setBusy(null);
    }
  }

  return (
    <section
      className="card card-padded stack-large"
      aria-labelledby="schedules-heading"
    >
      <div>
        <h2 id="schedules-heading" className="section-title">
          Questionnaires
        </h2>
        <p className="section-text flush">
          When one is due, the client sees it on their check-in page after
          checking in. They never see their score.
        </p>
      </div>
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load schedules."
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
      {data && schedules.length === 0 && (
        <p className="muted">No questionnaire is scheduled.</p>
      )}
      {schedules.length > 0 && (
        <ul className="schedule-list">
          {schedules.map((s) => (
            <li key={s.id} className="schedule-item">
              <div>
                <span className="schedule-name">
                  {measureLabel(s.code)}{" "}
                  <span className="muted">({MEASURES[s.code]?.about})</span>
                </span>
                <span className="cell-sub">
                  Every {s.every_days} days
                  {s.next_due_on && ` · next due ${formatDay(s.next_due_on)}`}
                </span>
              </div>
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={() => stop(s)}
                disabled={busy !== null}
                aria-label={`Stop ${measureLabel(s.code)}`}
              >
                {busy === s.id ? "Stopping…" : "Stop"}
              </button>
            </li>
          ))}
        </ul>
      )}
      {!archived && (
        <form className="schedule-form" onSubmit={start}>
          <Field label="Questionnaire" name="measure-code">
            {(props) => (
              <select
                {...props}
                value={code}
                onChange={(e) => setCode(e.target.value as MeasureCode)}
              >
                {MEASURE_CODES.map((c) => (
                  <option key={c} value={c}>
                    {MEASURES[c].label} ({MEASURES[c].about})
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Every" name="measure-every">
            {(props) => (
              <select
                {...props}
                value={every}
                onChange={(e) => setEvery(e.target.value)}
              >
                {SCHEDULE_INTERVALS.map((n) => (
                  <option key={n} value={n}>
                    {n} days
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy !== null}
          >
            {busy === "create"
              ? "Saving…"
              : existing
                ? "Replace schedule"
                : "Schedule"}
          </button>
        </form>
      )}
      <FormAlert message={message} />
      {notice && <Notice tone="success">{notice}</Notice>}
    </section>
  );
}

function ResultsTable({ results }: { results: MeasureResult[] }) {
  return (
    <div className="table-card">
      <table className="data-table">
        <caption className="visually-hidden">
          Questionnaire results, most recent first
        </caption>
        <thead>
          <tr>
            <th scope="col">Completed</th>
            <th scope="col">Questionnaire</th>
            <th scope="col">Total</th>
            <th scope="col">Severity</th>
            <th scope="col">Flags</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => {
            const item9 = r.code === "phq9" ? (r.answers[8] ?? 0) : 0;
            return (
              <tr key={r.id}>
                <th scope="row">{formatDay(r.completed_on)}</th>
                <td>{measureLabel(r.code)}</td>
                <td>
                  {r.total} / {MEASURES[r.code]?.max ?? "?"}
                </td>
                <td>{bandLabel(r.code, r.band)}</td>
                <td>
                  {item9 > 0 ? (
                    <span className="badge badge-risk">
                      Item 9 (self-harm): {item9}
                    </span>
                  ) : r.alert ? (
                    <span className="badge badge-risk">Alert raised</span>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The client record's "Measures" tab: schedules, trend charts with bands, results. */
export function MeasuresPanel({
  clientId,
  archived,
}: {
  clientId: string;
  archived: boolean;
}) {
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listMeasures(clientId, { per_page: RESULTS_PER_PAGE }, signal),
    [clientId],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const results = data?.items ?? [];

  return (
    <div className="stack-large">
      <Schedules clientId={clientId} archived={archived} />
      <section
        className="card card-padded stack-large"
        aria-labelledby="results-heading"
      >
        <h2 id="results-heading" className="section-title flush">
          Results
        </h2>
        {error !== undefined && (
          <FormAlert
            message={
              error instanceof Error ? error.message : "Could not load results."
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
            Loading results…
          </p>
        )}
        {data && results.length === 0 && (
          <p className="muted">No questionnaire has been answered yet.</p>
        )}
        {MEASURE_CODES.filter((c) => results.some((r) => r.code === c)).map(
          (c) => (
            <figure key={c} className="chart">
              <figcaption className="subsection-title chart-title">
                {MEASURES[c].label} total (0–{MEASURES[c].max})
              </figcaption>
              <MeasureChart
                code={c}
                results={results.filter((r) => r.code === c)}
              />
            </figure>
          ),
        )}
        {results.length > 0 && <ResultsTable results={results} />}
        {data && data.total > results.length && (
          <p className="muted">
            Showing the latest {results.length} of {data.total} results.
          </p>
        )}
      </section>
    </div>
  );
}
