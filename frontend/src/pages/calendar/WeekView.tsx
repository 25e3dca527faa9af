import type {
  Appointment,
  AppointmentDetail,
  AppointmentStatus,
} from "../../api/types";
import { AppointmentCard } from "./AppointmentCard";
import { byDay, dayHeading, setByName, weekDays } from "./calendarValues";

type Item = Appointment | AppointmentDetail;

/**
 * The week, Monday to Sunday: on a wide screen seven columns side by side, on a phone one day
 * under the other (the same list, laid out by CSS). Each day's appointments in time order.
 */
export function WeekView({
  start,
  today,
  items,
  pending = false,
  timeZone,
  showClinician,
  now,
  names,
  busyId,
  messages,
  onStatus,
}: {
  start: string;
  today: string;
  items: readonly Item[];
  /** Another week's list is still loading: its days say so rather than "No appointments". */
  pending?: boolean;
  timeZone: string;
  showClinician: boolean;
  /** The time (ms) the page last looked at the clock: what has started. */
  now: number;
  names: ReadonlyMap<string, string>;
  busyId: string | null;
  messages: Readonly<Record<string, string>>;
  onStatus: (appointment: Item, status: AppointmentStatus) => void;
}) {
  const days = byDay(items);
  return (
    <ol className="week">
      {weekDays(start).map((day) => {
        const list = days.get(day) ?? [];
        const headingId = `day-${day}`;
        return (
          <li
            key={day}
            className={`week-day${day === today ? " week-day-today" : ""}`}
            aria-labelledby={headingId}
          >
            <h3 className="week-day-title" id={headingId}>
              {dayHeading(day)}
              {day === today && (
                <>
                  {" "}
                  <span className="week-today">(today)</span>
                </>
              )}
            </h3>
            {list.length === 0 ? (
              <p className="week-empty">
                {pending ? "Loading…" : "No appointments"}
              </p>
            ) : (
              <ul className="appt-list">
                {list.map((a) => (
                  <AppointmentCard
                    key={a.id}
                    appointment={a}
                    timeZone={timeZone}
                    showClinician={showClinician}
                    started={Date.parse(a.starts_at) <= now}
                    setBy={setByName(a, names)}
                    busy={busyId === a.id}
                    message={messages[a.id] ?? null}
                    onStatus={(s) => onStatus(a, s)}
                  />
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
