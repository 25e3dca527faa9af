import { useCallback, useMemo, useState } from "react";
import { api } from "../../api/endpoints";
import type { Screen } from "../../api/types";
import { FormAlert, Notice } from "../../components/Field";
import { addDays, formatDay, formatDays } from "../../format";
import { useAsyncData } from "../../hooks";
import { CravingChart } from "./CravingChart";
import { ProgressFigures } from "./ProgressFigures";
import {
  CalendarLegend,
  ProgressCalendar,
  ScreenLegend,
} from "./ProgressCalendar";
import { RecordDayForm } from "./RecordDayForm";
import { type ScreenDayMark, screenDayMarks } from "./screenValues";

export const PERIODS = [30, 90, 365] as const;
export type PeriodDays = (typeof PERIODS)[number];

const SCREENS_PER_PAGE = 100;
/** A year of daily screens fits in four pages; more than that is not drawn. */
const SCREEN_PAGES = 5;

/** Every current screen of the period (the list is paged, newest first). */
async function loadScreens(
  clientId: string,
  from: string,
  to: string,
  signal: AbortSignal,
): Promise<Screen[]> {
  const items: Screen[] = [];
  for (let page = 1; page <= SCREEN_PAGES; page += 1) {
    const list = await api.listScreens(
      clientId,
      { from, to, page, per_page: SCREENS_PER_PAGE },
      signal,
    );
    items.push(...list.items);
    if (list.items.length < SCREENS_PER_PAGE || items.length >= list.total)
      break;
  }
  return items;
}

export function Overview({
  clientId,
  today,
  refreshKey,
  onChanged,
}: {
  clientId: string;
  today: string;
  refreshKey: number;
  onChanged: () => void;
}) {
  const [period, setPeriod] = useState<PeriodDays>(30);
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const from = addDays(today, -(period - 1));
  const load = useCallback(
    // refreshKey changes after a recorded day or episode elsewhere on the page: load again.
    (signal: AbortSignal) => {
      void refreshKey;
      return api.getProgress(clientId, { from, to: today }, signal);
    },
    [clientId, from, today, refreshKey],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  // The day's drug screens sit beside the client's report; without them the calendar still shows.
  const loadScreenList = useCallback(
    (signal: AbortSignal) => {
      void refreshKey;
      return loadScreens(clientId, from, today, signal);
    },
    [clientId, from, today, refreshKey],
  );
  const screens = useAsyncData(loadScreenList);
  const screenMarks = useMemo(
    () =>
      screens.error === undefined && screens.data
        ? screenDayMarks(screens.data.filter((s) => s.client_id === clientId))
        : new Map<string, ScreenDayMark>(),
    [screens.data, screens.error, clientId],
  );

  return (
    <div className="stack-large">
      <div className="panel-header">
        <h2 className="section-title">Progress</h2>
        <fieldset className="segmented">
          <legend className="visually-hidden">Period</legend>
          {PERIODS.map((n) => (
            <label
              key={n}
              className={period === n ? "segment segment-selected" : "segment"}
            >
              <input
                type="radio"
                name="period"
                value={n}
                checked={period === n}
                onChange={() => setPeriod(n)}
              />
              Last {n} days
            </label>
          ))}
        </fieldset>
      </div>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error ? error.message : "Could not load progress."
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
          Loading progress…
        </p>
      )}

      {data && (
        <div className="stack-large" aria-busy={loading}>
          <p className="page-subtitle">
            {formatDay(data.from)} – {formatDay(data.to)}
            {data.recovery_start_date &&
              ` · Recovery start ${formatDay(data.recovery_start_date)}`}
          </p>
          <ProgressFigures progress={data} />

          <section className="card card-padded" aria-labelledby="days-heading">
            <div className="panel-header">
              <h3 id="days-heading" className="subsection-title">
                Days
              </h3>
              <CalendarLegend />
            </div>
            {screenMarks.size > 0 && <ScreenLegend />}
            <p className="section-text">
              {`Reported ${data.days_reported} of ${formatDays(data.days_in_period)}: `}
              {`${data.days_abstinent} abstinent, ${data.days_used} used, ${data.days_unknown} not reported.`}
            </p>
            {screens.error !== undefined && (
              <p className="cal-note" role="status">
                Drug screens could not be loaded: the calendar shows the
                client&rsquo;s report only.{" "}
                <button
                  type="button"
                  className="button button-quiet button-small"
                  onClick={screens.reload}
                >
                  Try again
                </button>
              </p>
            )}
            <ProgressCalendar
              days={data.days}
              today={today}
              screens={screenMarks}
            />
          </section>

          <section
            className="card card-padded"
            aria-labelledby="craving-heading"
          >
            <h3 id="craving-heading" className="subsection-title chart-title">
              Craving (0–10)
            </h3>
            <CravingChart days={data.days} />
          </section>
        </div>
      )}

      {notice && <Notice tone="success">{notice}</Notice>}
      <section className="card card-padded" aria-label="Record a day">
        {recording ? (
          <RecordDayForm
            clientId={clientId}
            today={today}
            onCancel={() => setRecording(false)}
            onRecorded={(day) => {
              setRecording(false);
              setNotice(`${formatDay(day)} recorded.`);
              onChanged();
            }}
          />
        ) : (
          <div className="panel-header">
            <p className="section-text flush">
              Missing days? Fill them in with the client in session.
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setNotice(null);
                setRecording(true);
              }}
            >
              Record a day
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
