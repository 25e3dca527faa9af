import { useCallback, useEffect, useRef, useState } from "react";
import {
  Link,
  useLocation,
  useNavigate,
  useParams,
  useSearchParams,
} from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type { Client, ClinicianOption } from "../api/types";
import { useMe } from "../auth/AuthContext";
import { useClinicians } from "../clinicians";
import { FormAlert, Notice, focusFirstInvalid } from "../components/Field";
import { TabPanel, Tabs, type TabSpec } from "../components/Tabs";
import { isClinical, substanceLabel } from "../domain";
import { displayName, formatDay, formatRecentDay, todayIn } from "../format";
import { useAsyncData, useTitle } from "../hooks";
import {
  ClientForm,
  CLIENT_FIELDS,
  changedFields,
  validateClient,
  valuesFromClient,
  type ClientFormValues,
} from "./ClientForm";
import { MeasuresPanel } from "./client/MeasuresPanel";
import { NotesPanel } from "./client/NotesPanel";
import { Overview } from "./client/Overview";
import { RelapsesPanel } from "./client/RelapsesPanel";
import { ConsentsPanel } from "./client/ConsentsPanel";
import { ExportReportButton } from "./client/ReportDialog";
import { SelfReportLinks } from "./client/SelfReportLinks";
import { SelfReportPanel } from "./client/SelfReportPanel";

type TabKey =
  | "overview"
  | "notes"
  | "relapses"
  | "self-report"
  | "measures"
  | "consents"
  | "details";

const TABS: ReadonlyArray<TabSpec<TabKey>> = [
  { key: "overview", label: "Overview" },
  { key: "notes", label: "Notes" },
  { key: "relapses", label: "Relapses" },
  { key: "self-report", label: "Self-report" },
  { key: "measures", label: "Measures" },
  { key: "consents", label: "Consents" },
  { key: "details", label: "Details" },
];

function isTab(value: string | null): value is TabKey {
  return TABS.some((t) => t.key === value);
}

export function ClientDetail() {
  useTitle("Client");
  const { id = "" } = useParams();
  const load = useCallback(
    (signal: AbortSignal) => api.getClient(id, signal),
    [id],
  );
  const { data, error, reload } = useAsyncData(load);
  const { clinicians, names } = useClinicians();

  if (error !== undefined) {
    const notFound =
      error instanceof ApiError &&
      (error.status === 404 || error.status === 400);
    return (
      <div className="page page-narrow">
        <Link to="/clients" className="back-link">
          ← All clients
        </Link>
        <FormAlert
          message={
            notFound
              ? "This client could not be found, or is not on your caseload."
              : error instanceof Error
                ? error.message
                : "Could not load this client."
          }
        >
          {!notFound && (
            <button
              type="button"
              className="button button-secondary"
              onClick={reload}
            >
              Try again
            </button>
          )}
        </FormAlert>
      </div>
    );
  }
  if (!data || data.id !== id) {
    return (
      <div className="page page-narrow">
        <p className="loading" role="status">
          Loading client…
        </p>
      </div>
    );
  }
  return (
    <ClientPage
      key={data.id}
      initial={data}
      clinicians={clinicians}
      clinicianNames={names}
    />
  );
}

/**
 * The client's page: a header with the key facts, then tabs for clinical roles (overview,
 * notes, relapses, self-report, measures, details). The front desk sees the details and
 * the self-report link only.
 */
function ClientPage({
  initial,
  clinicians,
  clinicianNames,
}: {
  initial: Client;
  clinicians: ClinicianOption[] | undefined;
  clinicianNames: Map<string, string>;
}) {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [client, setClient] = useState(initial);
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<string | null>(
    () => (location.state as { notice?: string } | null)?.notice ?? null,
  );
  const requested = params.get("tab");
  const tab: TabKey = isTab(requested) ? requested : "overview";
  const [visited, setVisited] = useState<ReadonlySet<TabKey>>(
    () => new Set([tab]),
  );

  // Show "Client added." once: a reload or a return through history should not repeat it.
  const hasNoticeState = Boolean(
    (location.state as { notice?: string } | null)?.notice,
  );
  useEffect(() => {
    if (hasNoticeState)
      navigate(location.pathname + location.search, {
        replace: true,
        state: null,
      });
  }, [hasNoticeState, location.pathname, location.search, navigate]);

  function selectTab(key: TabKey) {
    setVisited((v) => new Set(v).add(key));
    setNotice(null);
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (key === "overview") next.delete("tab");
        else next.set("tab", key);
        return next;
      },
      { replace: true },
    );
  }

  // A recorded day or episode changes the figures: reload them and the last check-in.
  const onClinicalChange = useCallback(() => {
    setRefreshKey((k) => k + 1);
    api.getClient(initial.id).then(
      (latest) =>
        setClient((c) => ({
          ...c,
          current_streak_days: latest.current_streak_days,
          last_check_in_on: latest.last_check_in_on,
        })),
      () => {
        // The header keeps its last known values.
      },
    );
  }, [initial.id]);

  const clinical = isClinical(me.role);
  const today = todayIn(me.practice.time_zone);
  const clinicianName = client.clinician_id
    ? client.clinician_id === me.id
      ? `${me.name} (you)`
      : (clinicianNames.get(client.clinician_id) ?? "Assigned")
    : "Unassigned";

  const details = (
    <ClientEditor
      initial={initial}
      clinicians={clinicians}
      onClientChange={(latest) =>
        setClient((c) => ({
          ...latest,
          current_streak_days:
            latest.current_streak_days ?? c.current_streak_days,
          last_check_in_on: latest.last_check_in_on ?? c.last_check_in_on,
        }))
      }
      onActivity={() => setNotice(null)}
    />
  );
  const show = (key: TabKey) => key === tab || visited.has(key);

  return (
    <div className={clinical ? "page page-medium" : "page page-narrow"}>
      <Link
        to={
          client.status === "archived" ? "/clients?status=archived" : "/clients"
        }
        className="back-link"
      >
        ← All clients
      </Link>
      <div className="page-header">
        <div>
          <h1>
            {displayName(client)}
            {client.status === "archived" && (
              <span className="badge badge-muted">Archived</span>
            )}
          </h1>
          <p className="page-subtitle">
            {[
              client.date_of_birth && `Born ${formatDay(client.date_of_birth)}`,
              client.primary_substance &&
                substanceLabel(client.primary_substance),
              client.created_at &&
                `Client since ${formatDay(client.created_at.slice(0, 10))}`,
            ]
              .filter(Boolean)
              .join(" · ")}
          </p>
        </div>
        {clinical && (
          <ExportReportButton
            clientId={client.id}
            clientName={displayName(client)}
            today={today}
          />
        )}
      </div>

      <dl className="summary-grid">
        {clinical && (
          <div className="summary-item">
            <dt>Last check-in</dt>
            <dd>
              {client.last_check_in_on
                ? formatRecentDay(client.last_check_in_on, today)
                : "None yet"}
            </dd>
          </div>
        )}
        <div className="summary-item">
          <dt>Recovery start</dt>
          <dd>
            {client.recovery_start_date
              ? formatDay(client.recovery_start_date)
              : "Not recorded"}
          </dd>
        </div>
        <div className="summary-item">
          <dt>Clinician</dt>
          <dd>{clinicianName}</dd>
        </div>
      </dl>

      {notice && <Notice tone="success">{notice}</Notice>}

      {!clinical ? (
        <>
          {details}
          <SelfReportLinks
            clientId={client.id}
            archived={client.status === "archived"}
          />
          <ConsentsPanel clientId={client.id} today={today} />
        </>
      ) : (
        <div className="tabs-area">
          <Tabs
            tabs={TABS}
            selected={tab}
            onSelect={selectTab}
            label="Client record"
            idPrefix="client"
          />
          <TabPanel
            idPrefix="client"
            tabKey="overview"
            hidden={tab !== "overview"}
          >
            {show("overview") && (
              <Overview
                clientId={client.id}
                today={today}
                refreshKey={refreshKey}
                onChanged={onClinicalChange}
              />
            )}
          </TabPanel>
          <TabPanel idPrefix="client" tabKey="notes" hidden={tab !== "notes"}>
            {show("notes") && <NotesPanel clientId={client.id} today={today} />}
          </TabPanel>
          <TabPanel
            idPrefix="client"
            tabKey="relapses"
            hidden={tab !== "relapses"}
          >
            {show("relapses") && (
              <RelapsesPanel
                clientId={client.id}
                today={today}
                onChanged={onClinicalChange}
              />
            )}
          </TabPanel>
          <TabPanel
            idPrefix="client"
            tabKey="self-report"
            hidden={tab !== "self-report"}
          >
            {show("self-report") && (
              <SelfReportPanel
                clientId={client.id}
                archived={client.status === "archived"}
                refreshKey={refreshKey}
              />
            )}
          </TabPanel>
          <TabPanel
            idPrefix="client"
            tabKey="measures"
            hidden={tab !== "measures"}
          >
            {show("measures") && (
              <MeasuresPanel
                clientId={client.id}
                archived={client.status === "archived"}
              />
            )}
          </TabPanel>
          <TabPanel
            idPrefix="client"
            tabKey="consents"
            hidden={tab !== "consents"}
          >
            {show("consents") && (
              <ConsentsPanel clientId={client.id} today={today} />
            )}
          </TabPanel>
          <TabPanel
            idPrefix="client"
            tabKey="details"
            hidden={tab !== "details"}
          >
            {show("details") && <div className="stack-large">{details}</div>}
          </TabPanel>
        </div>
      )}
    </div>
  );
}

/** Keeps the user's edits and takes everything else from the latest version. */
function rebase(
  values: ClientFormValues,
  baseline: ClientFormValues,
  latest: ClientFormValues,
): ClientFormValues {
  const merged = { ...latest };
  for (const field of CLIENT_FIELDS) {
    if (values[field].trim() !== baseline[field].trim())
      merged[field] = values[field];
  }
  return merged;
}

/** The demographics form and the archive action. */
function ClientEditor({
  initial,
  clinicians,
  onClientChange,
  onActivity,
}: {
  initial: Client;
  clinicians: ClinicianOption[] | undefined;
  onClientChange: (client: Client) => void;
  onActivity: () => void;
}) {
  const me = useMe();
  const formRef = useRef<HTMLFormElement>(null);
  const [client, setClient] = useState(initial);
  const [baseline, setBaseline] = useState(() => valuesFromClient(initial));
  const [values, setValues] = useState(() => valuesFromClient(initial));
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirmArchive, setConfirmArchive] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirmArchive) confirmRef.current?.focus();
  }, [confirmArchive]);

  function adopt(latest: Client, keepEdits: boolean) {
    const latestValues = valuesFromClient(latest);
    setValues((current) =>
      keepEdits ? rebase(current, baseline, latestValues) : latestValues,
    );
    setBaseline(latestValues);
    setClient(latest);
    onClientChange(latest);
  }

  async function save() {
    setMessage(null);
    setNotice(null);
    onActivity();
    const local = validateClient(values);
    setFieldErrors(local);
    if (Object.keys(local).length > 0) {
      setMessage("Please check the highlighted fields.");
      focusFirstInvalid(formRef.current);
      return;
    }
    const changes = changedFields(baseline, values);
    if (Object.keys(changes).length === 0) {
      setNotice("There are no changes to save.");
      return;
    }
    setBusy(true);
    try {
      const updated = await api.updateClient(client.id, {
        ...changes,
        version: client.version,
      });
      adopt(updated, false);
      setConflict(false);
      setNotice("Changes saved.");
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError({ status: 0 });
      setFieldErrors(error.fieldErrors);
      if (error.status === 409) {
        setConflict(true);
        setMessage(
          "Someone else changed this client while you were editing. Your edits are still in the form.",
        );
      } else {
        setMessage(
          error.hasFieldErrors
            ? "Please check the highlighted fields."
            : error.message,
        );
        focusFirstInvalid(formRef.current);
      }
    } finally {
      setBusy(false);
    }
  }

  async function loadLatest() {
    setBusy(true);
    try {
      const latest = await api.getClient(client.id);
      adopt(latest, true);
      setConflict(false);
      setMessage(null);
      setNotice(
        "Loaded the latest version. Your edits are kept in the form: review them and save again.",
      );
    } catch (e) {
      setMessage(
        e instanceof Error ? e.message : "Could not load the latest version.",
      );
    } finally {
      setBusy(false);
    }
  }

  async function archive() {
    onActivity();
    setBusy(true);
    setMessage(null);
    setNotice(null);
    try {
      const archived = await api.archiveClient(client.id);
      const latest =
        archived && typeof archived === "object" && "id" in archived
          ? archived
          : await api.getClient(client.id);
      adopt(latest, true);
      setConfirmArchive(false);
      setNotice(
        "Client archived. Their record is kept and appears under Archived clients.",
      );
    } catch (e) {
      setConfirmArchive(false);
      setMessage(
        e instanceof Error ? e.message : "Could not archive this client.",
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {notice && <Notice tone="success">{notice}</Notice>}

      <section className="card card-padded" aria-labelledby="edit-heading">
        <h2 id="edit-heading" className="section-title">
          Client details
        </h2>
        <ClientForm
          formRef={formRef}
          values={values}
          onChange={setValues}
          fieldErrors={fieldErrors}
          message={message}
          messageDetails={
            conflict && (
              <div className="notice-actions">
                <p>
                  Load the latest version to see their changes; your own edits
                  stay in place.
                </p>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={loadLatest}
                  disabled={busy}
                >
                  Load the latest version
                </button>
              </div>
            )
          }
          busy={busy}
          role={me.role}
          clinicians={clinicians}
          submitLabel="Save changes"
          busyLabel="Saving…"
          onSubmit={save}
        />
      </section>

      {client.status === "active" && (
        <section
          className="card card-padded archive-section"
          aria-labelledby="archive-heading"
        >
          <h2 id="archive-heading" className="section-title">
            Archive
          </h2>
          <p className="section-text">
            Archive a client when their care with the practice ends. Nothing is
            deleted: their record is kept and stays under Archived clients.
          </p>
          {!confirmArchive ? (
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setConfirmArchive(true)}
              disabled={busy}
            >
              Archive client
            </button>
          ) : (
            <div
              className="confirm"
              role="group"
              aria-labelledby="confirm-archive-text"
            >
              <p id="confirm-archive-text" className="confirm-text">
                Archive {displayName(client)}? They will no longer appear in the
                active list.
              </p>
              <div className="confirm-actions">
                <button
                  ref={confirmRef}
                  type="button"
                  className="button button-primary"
                  onClick={archive}
                  disabled={busy}
                >
                  {busy ? "Archiving…" : "Yes, archive"}
                </button>
                <button
                  type="button"
                  className="button button-quiet"
                  onClick={() => setConfirmArchive(false)}
                  disabled={busy}
                >
                  Cancel
                </button>
              </div>
            </div>
          )}
        </section>
      )}
    </>
  );
}
