import type { Client } from "../../api/types";
import { substanceLabel } from "../../domain";
import { displayName, formatDay, formatRecentDay } from "../../format";
import { ExportReportButton } from "./ReportDialog";

/** The client page's heading: name, key facts, "Export report" and the summary figures. */
export function ClientHeader({
  client,
  clinical,
  today,
  clinicianName,
}: {
  client: Client;
  /** The reader's role sees clinical content. */
  clinical: boolean;
  today: string;
  clinicianName: string;
}) {
  return (
    <>
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
    </>
  );
}
