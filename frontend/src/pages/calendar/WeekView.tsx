import type {
  Appointment,
  AppointmentDetail,
  AppointmentStatus,
  GroupSessionSummary,
} from "../../api/types";
import { AppointmentCard } from "./AppointmentCard";
import { GroupSessionCard } from "./GroupSessionCard";
import { byDay, dayHeading, setByName, weekDays } from "./calendarValues";

type Item = Appointment | AppointmentDetail;

/**
 * The week, Monday to Sunday: on a wide screen seven columns side by side, on a phone one day
 * under the other (the same list, laid out by CSS). Each day's appointments and group sessions
 * in time order.
 */
export function WeekView({
  start,
  today,
  items,
  groupSessions = [],
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
  /** The week's group sessions, shown among the appointments as cards of their own. */
  groupSessions?: readonly GroupSessionSummary[];
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
  const groupDays = new Map<string, GroupSessionSummary[]>();
  for (const g of groupSessions)
    groupDays.set(g.day, [...(groupDays.get(g.day) ?? []), g]);
  return (
    <ol className="week">
      {weekDays(start).map((day) => {
        const list = days.get(day) ?? [];
        const sessions = groupDays.get(day) ?? [];
        const entries = [
          ...list.map((a) => ({
            kind: "appointment" as const,
            at: a.starts_at,
            a,
          })),
          ...sessions.map((g) => ({
            kind: "group" as const,
            at: g.starts_at,
            g,
          })),
        ].sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
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
            {entries.length === 0 ? (
              <p className="week-empty">
                {pending ? "Loading…" : "No appointments"}
              </p>
            ) : (
              <ul className="appt-list">
                {entries.map((e) =>
                  e.kind === "group" ? (
                    <GroupSessionCard
                      key={e.g.id}
                      session={e.g}
                      timeZone={timeZone}
                    />
                  ) : (
                    <AppointmentCard
                      key={e.a.id}
                      appointment={e.a}
                      timeZone={timeZone}
                      showClinician={showClinician}
                      started={Date.parse(e.a.starts_at) <= now}
                      setBy={setByName(e.a, names)}
                      busy={busyId === e.a.id}
                      message={messages[e.a.id] ?? null}
                      onStatus={(st) => onStatus(e.a, st)}
                    />
                  ),
                )}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
