import { useId } from "react";
import { Link } from "react-router";
import type {
  Appointment,
  AppointmentDetail,
  AppointmentStatus,
} from "../../api/types";
import {
  APPOINTMENT_CANCELLATIONS,
  APPOINTMENT_KINDS,
  APPOINTMENT_OUTCOMES,
  APPOINTMENT_STATUSES,
  labelFor,
  optionOf,
} from "../../clinical";
import { isCancelled, statusBadge, timeRange } from "./calendarValues";

const statusLabel = (s: AppointmentStatus) => labelFor(APPOINTMENT_STATUSES, s);

/** "attended", "late", "no-show": the words after "Mark José Álvarez". */
const outcomeWord = (s: AppointmentStatus) => statusLabel(s).toLowerCase();

/**
 * One appointment: its time on the practice's clocks, the client, the clinician (when the
 * whole practice is shown), its kind and place, and its status with one-tap changes. An
 * outcome (attended, late, no-show) is offered once the appointment has started; a
 * cancellation at any time.
 */
export function AppointmentCard({
  appointment: a,
  timeZone,
  showClinician,
  started,
  setBy,
  busy,
  message,
  onStatus,
}: {
  appointment: Appointment | AppointmentDetail;
  timeZone: string;
  showClinician: boolean;
  started: boolean;
  setBy: string | null;
  busy: boolean;
  message: string | null;
  onStatus: (status: AppointmentStatus) => void;
}) {
  const id = useId();
  const who = a.client_name ?? "the client";
  const cancelled = isCancelled(a.status);
  const where = a.telehealth ? "Online" : a.location;
  return (
    <li
      className={`appt${cancelled ? " appt-cancelled" : ""}`}
      aria-labelledby={`${id}-time ${id}-client`}
    >
      <p className="appt-time" id={`${id}-time`}>
        {timeRange(a.starts_at, a.ends_at, timeZone)}
      </p>
      <p className="appt-client" id={`${id}-client`}>
        {a.client_id ? (
          <Link to={`/clients/${a.client_id}`}>{who}</Link>
        ) : (
          "No client"
        )}
      </p>
      {showClinician && a.clinician_name && (
        <p className="appt-meta">{a.clinician_name}</p>
      )}
      <p className="appt-meta">
        {labelFor(APPOINTMENT_KINDS, a.kind)}
        {where && ` · ${where}`}
      </p>
      <p className="appt-status">
        <span className={statusBadge(a.status)}>{statusLabel(a.status)}</span>
        {setBy && a.status !== "scheduled" && (
          <span className="appt-set-by">set by {setBy}</span>
        )}
      </p>
      <div className="appt-actions">
        {started &&
          APPOINTMENT_OUTCOMES.map((s) => (
            <button
              key={s}
              type="button"
              className="button button-secondary button-small"
              aria-pressed={a.status === s}
              aria-label={`Mark ${who} ${outcomeWord(s)}`}
              disabled={busy}
              onClick={() => {
                if (a.status !== s) onStatus(s);
              }}
            >
              {statusLabel(s)}
            </button>
          ))}
        <select
          className="select-compact appt-more"
          aria-label={`Cancel ${who}'s appointment`}
          value=""
          disabled={busy}
          onChange={(e) => {
            const s = optionOf(APPOINTMENT_STATUSES, e.target.value);
            if (s && s !== a.status) onStatus(s);
          }}
        >
          <option value="">{started ? "More…" : "Cancel…"}</option>
          {APPOINTMENT_CANCELLATIONS.map((s) => (
            <option key={s} value={s}>
              {statusLabel(s)}
            </option>
          ))}
        </select>
        {a.status !== "scheduled" && (
          <button
            type="button"
            className="button button-quiet button-small"
            aria-label={`Reset ${who}'s appointment to scheduled`}
            disabled={busy}
            onClick={() => onStatus("scheduled")}
          >
            Reset
          </button>
        )}
      </div>
      {message && (
        <p className="appt-message" role="alert">
          {message}
        </p>
      )}
    </li>
  );
}
