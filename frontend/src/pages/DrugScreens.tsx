import { useCallback, useId } from "react";
import { api } from "../api/endpoints";
import { useMe } from "../auth/AuthContext";
import { isClinical } from "../domain";
import { useAsyncData, useTitle } from "../hooks";
import { BulkScreensForm } from "./screens/BulkScreensForm";
import { ImportSection } from "./screens/ImportSection";

/** The most clients one list request returns: the group to choose from. */
export const BULK_CLIENTS = 100;

/**
 * Practice-wide drug screens: a group's screens collected on one morning, recorded together
 * (every role), and a lab's results file imported (clinical staff).
 */
export function DrugScreens() {
  useTitle("Drug screens");
  const me = useMe();
  const clinical = isClinical(me.role);
  const timeZone = me.practice.time_zone;
  const bulkId = useId();
  const importId = useId();
  const load = useCallback(
    (signal: AbortSignal) =>
      api.listClients({ status: "active", per_page: BULK_CLIENTS }, signal),
    [],
  );
  const { data, error, reload } = useAsyncData(load);

  return (
    <div className="page page-narrow drug-screens">
      <div className="page-header">
        <div>
          <h1>Drug screens</h1>
          <p className="page-subtitle">
            Screens for several clients at once. One client’s screens and
            corrections are on the client’s Screens tab.
          </p>
        </div>
      </div>

      <section className="card card-padded form-card" aria-labelledby={bulkId}>
        <div>
          <h2 id={bulkId} className="section-title flush">
            Record a morning's screens
          </h2>
          <p className="field-hint">
            For a group tested at one sitting: the same collection for each
            client chosen, recorded all together or not at all.
          </p>
        </div>
        <BulkScreensForm
          clients={data?.items}
          total={data?.total ?? 0}
          loadError={error}
          onRetry={reload}
          clinical={clinical}
          timeZone={timeZone}
          today={me.today}
        />
      </section>

      {clinical && (
        <section
          className="card card-padded form-card"
          aria-labelledby={importId}
        >
          <h2 id={importId} className="section-title flush">
            Import lab results
          </h2>
          <ImportSection clients={data?.items} timeZone={timeZone} />
        </section>
      )}
    </div>
  );
}
