import { useCallback, useState } from "react";
import { api } from "../../api/endpoints";
import type { Screen, ScreenFigures } from "../../api/types";
import { useMe } from "../../auth/AuthContext";
import { FormAlert, Notice } from "../../components/Field";
import { Pagination } from "../../components/Pagination";
import { isClinical } from "../../domain";
import { addDays, count, formatDateTime, formatDay } from "../../format";
import { useAsyncData } from "../../hooks";
import { MedicationsSection } from "./MedicationsSection";
import { ScreenCard } from "./ScreenCard";
import { ScreenForm } from "./ScreenForm";

export const SCREENS_PER_PAGE = 20;

const PERIODS = [
  { days: 30, label: "Last 30 days" },
  { days: 90, label: "Last 90 days" },
  { days: 365, label: "Last 12 months" },
] as const;

function Figure({
  label,
  qualifier,
  value,
}: {
  label: string;
  qualifier?: string;
  value: string;
}) {
  return (
    <div className="figure">
      <dt>
        {label}
        {qualifier && <span className="figure-qualifier"> ({qualifier})</span>}
      </dt>
      <dd>
        <span className="figure-value">{value}</span>
      </dd>
    </div>
  );
}

export function ScreenFiguresView({ figures: f }: { figures: ScreenFigures }) {
  return (
    <dl className="figures figures-4" aria-label="Screen figures">
      <Figure label="Screens taken" value={String(f.taken)} />
      <Figure label="Valid" value={String(f.valid)} />
      <Figure
        label="Negative"
        qualifier="unexpected positives only count against it"
        value={
          f.negative_percent == null
            ? "No valid screen yet"
            : `${f.negative_percent}% of ${count(f.valid, "valid screen", "valid screens")}`
        }
      />
      <Figure
        label="Longest run of negative screens"
        value={count(f.longest_negative_run, "screen", "screens")}
      />
    </dl>
  );
}

/**
 * The client's drug screens: the period's figures (clinical staff), each screen's current
 * result read against the medications and the client's own report, recording and correcting,
 * and the medications. The front desk records and sees collections only.
 */
export function ScreensPanel({
  clientId,
  today,
}: {
  clientId: string;
  today: string;
}) {
  const me = useMe();
  const clinical = isClinical(me.role);
  const timeZone = me.practice.time_zone;
  const [days, setDays] = useState<number>(90);
  const [page, setPage] = useState(1);
  const [recording, setRecording] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listScreens(
        clientId,
        {
          from: addDays(today, -(days - 1)),
          to: today,
          page,
          per_page: SCREENS_PER_PAGE,
        },
        signal,
      ),
    [clientId, today, days, page],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const items = data?.items ?? [];

  function saved(text: string) {
    setRecording(false);
    setNotice(text);
    reload();
  }

  return (
    <div className="stack-large screens-panel">
      <div className="panel-header">
        <h2 className="section-title flush">Drug screens</h2>
        {!recording && (
          <button
            type="button"
            className="button button-primary"
            onClick={() => {
              setNotice(null);
              setRecording(true);
            }}
          >
            Record a screen
          </button>
        )}
      </div>

      {notice && <Notice tone="success">{notice}</Notice>}

      {recording && (
        <ScreenForm
          clientId={clientId}
          clinical={clinical}
          timeZone={timeZone}
          onCancel={() => setRecording(false)}
          onSaved={(s: Screen) =>
            saved(
              `Screen collected ${formatDateTime(s.collected_at, timeZone)} recorded.`,
            )
          }
        />
      )}

      <div className="screens-period">
        <label className="field-label" htmlFor="screens-period">
          Period
        </label>
        <select
          id="screens-period"
          className="select-compact"
          value={days}
          onChange={(e) => {
            setDays(Number(e.target.value));
            setPage(1);
          }}
        >
          {PERIODS.map((p) => (
            <option key={p.days} value={p.days}>
              {p.label}
            </option>
          ))}
        </select>
        {data && (
          <span className="muted">
            {formatDay(data.from)} – {formatDay(data.to)}
          </span>
        )}
      </div>

      {clinical && data?.figures && (
        <ScreenFiguresView figures={data.figures} />
      )}
      {clinical &&
        data?.medication_days &&
        data.medication_days.taken + data.medication_days.not_taken > 0 && (
          <p className="muted">
            Medication reported taken on {data.medication_days.taken} of{" "}
            {data.medication_days.taken + data.medication_days.not_taken} days
            the client was asked on their check-in link.
          </p>
        )}

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the screens."
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
          Loading…
        </p>
      )}
      {data && items.length === 0 && (
        <p className="empty-state">No screen recorded in this period.</p>
      )}
      <div className="note-list" aria-busy={loading}>
        {items.map((s) => (
          <ScreenCard
            key={s.id}
            screen={s}
            clinical={clinical}
            timeZone={timeZone}
            onReload={reload}
            onAmended={() =>
              saved("Correction saved. The original is kept in the history.")
            }
          />
        ))}
      </div>
      {data && (
        <Pagination
          page={page}
          perPage={SCREENS_PER_PAGE}
          total={data.total}
          onPage={setPage}
          label="Screen pages"
        />
      )}

      {clinical && (
        <MedicationsSection
          clientId={clientId}
          today={today}
          onChanged={reload}
        />
      )}
    </div>
  );
}
