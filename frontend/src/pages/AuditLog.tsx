import { useCallback, useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { useSearchParams } from "react-router";
import { api, type AuditFilters } from "../api/endpoints";
import type { AuditEvent, AuditOutcome } from "../api/types";
import { ClientPicker } from "../components/ClientPicker";
import { Field, FormAlert } from "../components/Field";
import { Pagination } from "../components/Pagination";
import { roleLabel } from "../domain";
import { saveFile } from "../download";
import { useAsyncData, useDebouncedValue, useTitle } from "../hooks";

export const AUDIT_PER_PAGE = 50;

export const COMMON_ACTIONS = [
  "client.read",
  "client.list",
  "client.update",
  "note.read",
  "note.sign",
  "note.addendum",
  "relapse.create",
  "check_in.list",
  "client.progress.read",
  "self_report.view",
  "self_report.check_in",
  "self_report_link.issue",
  "self_report_link.revoke",
  "auth.login",
  "auth.password_change",
  "staff.create",
  "staff.update",
  "audit.export",
];

type FilterKey = keyof AuditFilters;
const FILTER_KEYS: FilterKey[] = [
  "actor_id",
  "client_id",
  "action",
  "from",
  "to",
];

/** What the CSV download is called: `audit-<from>-<to>.csv`, or `audit.csv` without a range. */
export function exportFileName({ from, to }: AuditFilters): string {
  return from && to ? `audit-${from}-${to}.csv` : "audit.csv";
}

/** The event's time in the viewer's own time zone, to the second. */
function formatTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
  });
}

function personOf(event: AuditEvent, names: Map<string, string>): string {
  if (event.actor_name) return event.actor_name;
  if (event.actor_id)
    return names.get(event.actor_id) ?? "Former or unknown staff member";
  return event.entity_type === "self_report_link" ? "Client link" : "System";
}

const OUTCOMES: Record<AuditOutcome, string> = {
  success: "Success",
  failure: "Failure",
  denied: "Denied",
};

/** Failure and denial carry an icon, bold text and a border: never colour alone. */
export function OutcomeMark({ outcome }: { outcome: AuditOutcome }) {
  const label = OUTCOMES[outcome] ?? outcome;
  if (outcome === "success") return <span className="muted">{label}</span>;
  return (
    <span className={`outcome outcome-${outcome}`}>
      <svg viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.5" />
        {outcome === "denied" ? (
          <path d="M3.5 12.5l9-9" />
        ) : (
          <path d="M8 4.5v4.5M8 11.2v.3" />
        )}
      </svg>
      {label}
    </span>
  );
}

export function AuditLog() {
  useTitle("Audit log");
  const [params, setParams] = useSearchParams();
  const filter = (key: FilterKey) => params.get(key) || undefined;
  const actor_id = filter("actor_id");
  const client_id = filter("client_id");
  const action = filter("action");
  const from = filter("from");
  const to = filter("to");
  const page = Math.max(1, Number(params.get("page")) || 1);
  const rangeError = !!from && !!to && from > to;

  const update = useCallback(
    (changes: Partial<Record<FilterKey, string>>, nextPage?: number) => {
      setParams(
        (current) => {
          const merged = new URLSearchParams(current);
          let changed = false;
          for (const [key, value] of Object.entries(changes)) {
            if ((current.get(key) ?? "") === value) continue;
            changed = true;
            if (value) merged.set(key, value);
            else merged.delete(key);
          }
          // A new filter starts again at the first page.
          const p =
            nextPage ?? (changed ? 1 : Number(current.get("page")) || 1);
          if (p > 1) merged.set("page", String(p));
          else merged.delete("page");
          return merged;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const [actionText, setActionText] = useState(action ?? "");
  const typedAction = useDebouncedValue(actionText.trim(), 400);
  // setParams reads the URL of its own render: keep the latest one for the debounced apply.
  const latestUpdate = useRef(update);
  useEffect(() => {
    latestUpdate.current = update;
  }, [update]);
  // Only typing applies the action; a changed URL must not re-apply an older text.
  useEffect(() => {
    latestUpdate.current({ action: typedAction });
  }, [typedAction]);

  const [pickedClient, setPickedClient] = useState<{
    id: string;
    name: string;
  } | null>(null);

  const loadStaff = useCallback(
    (signal: AbortSignal) => api.listStaff(1, 200, signal),
    [],
  );
  const staff = useAsyncData(loadStaff);
  const staffList = [...(staff.data?.items ?? [])].sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const names = new Map(staffList.map((s) => [s.id, s.name]));

  const load = useCallback(
    (signal: AbortSignal) =>
      rangeError
        ? Promise.resolve({
            items: [] as AuditEvent[],
            page: 1,
            per_page: AUDIT_PER_PAGE,
            total: 0,
          })
        : api.listAudit(
            {
              actor_id,
              client_id,
              action,
              from,
              to,
              page,
              per_page: AUDIT_PER_PAGE,
            },
            signal,
          ),
    [actor_id, client_id, action, from, to, page, rangeError],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const items = data?.items ?? [];

  const clientName = client_id
    ? pickedClient?.id === client_id
      ? pickedClient.name
      : (items.find((e) => e.client_id === client_id && e.client_name)
          ?.client_name ?? "The chosen client")
    : null;

  const [exporting, setExporting] = useState(false);
  const [exportError, setExportError] = useState<string | null>(null);
  async function onExport() {
    setExporting(true);
    setExportError(null);
    try {
      const exported = { actor_id, client_id, action, from, to };
      saveFile(await api.exportAuditCsv(exported), exportFileName(exported));
    } catch (e) {
      setExportError(
        e instanceof Error ? e.message : "The export did not work.",
      );
    } finally {
      setExporting(false);
    }
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    update({ action: actionText.trim() });
  }

  function clearAll() {
    setActionText("");
    setPickedClient(null);
    update({ actor_id: "", client_id: "", action: "", from: "", to: "" });
  }

  const anyFilter = FILTER_KEYS.some((k) => params.get(k));

  return (
    <div className="page stack-large">
      <div className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="page-subtitle">
            Who read or changed what, and when. Newest first.
          </p>
        </div>
        <button
          type="button"
          className="button button-secondary"
          onClick={onExport}
          disabled={exporting || rangeError}
        >
          {exporting ? "Preparing CSV…" : "Export CSV"}
        </button>
      </div>
      <FormAlert message={exportError} />

      <form
        className="card card-padded audit-filters"
        role="search"
        aria-label="Filter the audit log"
        onSubmit={onSubmit}
      >
        <Field label="Person" name="actor_id">
          {(p) => (
            <select
              {...p}
              value={actor_id ?? ""}
              onChange={(e) => update({ actor_id: e.target.value })}
            >
              <option value="">Anyone</option>
              {staffList.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                  {s.active ? "" : " (inactive)"}
                </option>
              ))}
            </select>
          )}
        </Field>
        <ClientPicker
          label="Client"
          selectedName={clientName}
          onSelect={(client) => {
            setPickedClient(client);
            update({ client_id: client?.id ?? "" });
          }}
        />
        <Field label="Action" name="action">
          {(p) => (
            <>
              <input
                {...p}
                type="text"
                list="audit-actions"
                placeholder="Any action"
                autoComplete="off"
                spellCheck={false}
                value={actionText}
                onChange={(e) => setActionText(e.target.value)}
              />
              <datalist id="audit-actions">
                {COMMON_ACTIONS.map((a) => (
                  <option key={a} value={a} />
                ))}
              </datalist>
            </>
          )}
        </Field>
        <Field label="From" name="from">
          {(p) => (
            <input
              {...p}
              type="date"
              value={from ?? ""}
              onChange={(e) => update({ from: e.target.value })}
            />
          )}
        </Field>
        <Field
          label="To"
          name="to"
          errors={
            rangeError ? ["The end date is before the start date."] : undefined
          }
        >
          {(p) => (
            <input
              {...p}
              type="date"
              value={to ?? ""}
              onChange={(e) => update({ to: e.target.value })}
            />
          )}
        </Field>
        {anyFilter && (
          <div className="audit-filter-actions">
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={clearAll}
            >
              Clear filters
            </button>
          </div>
        )}
      </form>

      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the audit log."
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
        <table
          className="data-table audit-table"
          aria-busy={loading}
          aria-describedby="audit-count"
        >
          <caption className="visually-hidden">Audit events</caption>
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Person</th>
              <th scope="col">Action</th>
              <th scope="col">Client</th>
              <th scope="col">Outcome</th>
              <th scope="col">IP address</th>
            </tr>
          </thead>
          <tbody>
            {items.map((e) => (
              <tr
                key={e.id}
                className={e.outcome === "success" ? undefined : "row-flagged"}
              >
                <td className="cell-time">
                  <time dateTime={e.at}>{formatTime(e.at)}</time>
                </td>
                <td>
                  {personOf(e, names)}
                  {e.actor_role && (
                    <span className="cell-sub">{roleLabel(e.actor_role)}</span>
                  )}
                </td>
                <td>
                  <code className="action-code">{e.action}</code>
                </td>
                <td>
                  {e.client_name ?? (
                    <span className="muted">{e.client_id ? "—" : ""}</span>
                  )}
                </td>
                <td>
                  <OutcomeMark outcome={e.outcome} />
                </td>
                <td className="cell-ip">
                  {e.ip ?? <span className="muted">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {loading && !data && <p className="table-empty">Loading events…</p>}
        {!loading && !error && items.length === 0 && (
          <p className="table-empty">
            {anyFilter
              ? "No events match these filters."
              : "No events recorded yet."}
          </p>
        )}
      </div>

      <p id="audit-count" className="visually-hidden" aria-live="polite">
        {data
          ? `${data.total} ${data.total === 1 ? "event" : "events"} found`
          : ""}
      </p>
      {data && (
        <Pagination
          label="Audit log pages"
          page={data.page || page}
          perPage={data.per_page || AUDIT_PER_PAGE}
          total={data.total}
          onPage={(p) => update({}, p)}
        />
      )}
    </div>
  );
}
