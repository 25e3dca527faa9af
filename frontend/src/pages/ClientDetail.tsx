import { useCallback, useEffect, useState } from "react";
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
import { FormAlert, Notice } from "../components/Field";
import { TabPanel, Tabs, type TabSpec } from "../components/Tabs";
import { isClinical } from "../domain";
import { todayIn } from "../format";
import { useAsyncData, useTitle } from "../hooks";
import { ClientEditor } from "./client/ClientEditor";
import { ClientHeader } from "./client/ClientHeader";
import { MeasuresPanel } from "./client/MeasuresPanel";
import { NotesPanel } from "./client/NotesPanel";
import { Overview } from "./client/Overview";
import { PlansPanel } from "./client/PlansPanel";
import { RelapsesPanel } from "./client/RelapsesPanel";
import { ConsentsPanel } from "./client/ConsentsPanel";
import { ScreensPanel } from "./client/ScreensPanel";
import { SelfReportLinks } from "./client/SelfReportLinks";
import { SelfReportPanel } from "./client/SelfReportPanel";

type TabKey =
  | "overview"
  | "notes"
  | "relapses"
  | "plan"
  | "self-report"
  | "measures"
  | "screens"
  | "consents"
  | "details";

const TABS: ReadonlyArray<TabSpec<TabKey>> = [
  { key: "overview", label: "Overview" },
  { key: "notes", label: "Notes" },
  { key: "relapses", label: "Relapses" },
  { key: "plan", label: "Plan" },
  { key: "self-report", label: "Self-report" },
  { key: "measures", label: "Measures" },
  { key: "screens", label: "Screens" },
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
 * notes, relapses, the client's plans, self-report, measures, drug screens, consents, details).
 * The front desk sees the details, the self-report link, the consents and the screens'
 * collections (which they record) only.
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
      <ClientHeader
        client={client}
        clinical={clinical}
        today={today}
        clinicianName={clinicianName}
      />

      {notice && <Notice tone="success">{notice}</Notice>}

      {!clinical ? (
        <>
          {details}
          <SelfReportLinks
            clientId={client.id}
            archived={client.status === "archived"}
          />
          <ConsentsPanel clientId={client.id} today={today} />
          <ScreensPanel clientId={client.id} today={today} />
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
          <TabPanel idPrefix="client" tabKey="plan" hidden={tab !== "plan"}>
            {show("plan") && <PlansPanel clientId={client.id} />}
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
            tabKey="screens"
            hidden={tab !== "screens"}
          >
            {show("screens") && (
              <ScreensPanel clientId={client.id} today={today} />
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
