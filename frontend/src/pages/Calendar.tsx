import { useCallback, useMemo, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { ApiError } from "../api/client";
import { api } from "../api/endpoints";
import type {
  Appointment,
  AppointmentDetail,
  AppointmentStatus,
  Booked,
} from "../api/types";
import { useMe } from "../auth/AuthContext";
import { APPOINTMENT_STATUSES, labelFor } from "../clinical";
import { useClinicians } from "../clinicians";
import { FormAlert } from "../components/Field";
import { isClinical } from "../domain";
import { addDays, asSentences } from "../format";
import { useAsyncData, useMinuteClock, useTitle } from "../hooks";
import { BookingForm } from "./calendar/BookingForm";
import {
  BookedNotices,
  CalendarToolbar,
  EVERYONE,
} from "./calendar/CalendarParts";
import {
  formatWeekRange,
  parseWeek,
  weekStartOf,
} from "./calendar/calendarValues";
import { WeekView } from "./calendar/WeekView";

export const STALE_MESSAGE =
  "Someone changed this appointment; it has been reloaded.";

/**
 * The practice's week of appointments: one clinician's or everyone's, a status set in one tap,
 * and booking (one appointment or a weekly or fortnightly series).
 */
export function Calendar() {
  useTitle("Calendar");
  const me = useMe();
  const timeZone = me.practice.time_zone;
  const clinical = isClinical(me.role);
  const [params, setParams] = useSearchParams();
  const thisWeek = weekStartOf(me.today);
  const week = parseWeek(params.get("week")) ?? thisWeek;
  const chosen =
    params.get("clinician") ?? (me.role === "clinician" ? me.id : EVERYONE);
  const clinicianId = chosen === EVERYONE ? "" : chosen;

  const update = useCallback(
    (next: { week?: string; clinician?: string }) =>
      setParams(
        (current) => {
          const merged = new URLSearchParams(current);
          if (next.week !== undefined) merged.set("week", next.week);
          if (next.clinician !== undefined)
            merged.set("clinician", next.clinician);
          return merged;
        },
        { replace: true },
      ),
    [setParams],
  );

  const load = useCallback(
    (signal: AbortSignal) =>
      api.listAppointments(
        {
          from: week,
          to: addDays(week, 6),
          clinician_id: clinicianId || undefined,
        },
        signal,
      ),
    [week, clinicianId],
  );
  const { data, error, loading, reload } = useAsyncData(load);
  const loadGroupSessions = useCallback(
    (signal: AbortSignal) =>
      api.listGroupSessionsInPeriod(
        { from: week, to: addDays(week, 6) },
        signal,
      ),
    [week],
  );
  const groupSessions = useAsyncData(loadGroupSessions);
  // One clinician's week: the sessions of the groups they facilitate.
  const loadGroups = useCallback(
    (signal: AbortSignal) => api.listGroups(true, signal),
    [],
  );
  const groups = useAsyncData(loadGroups);
  const weekGroupSessions = useMemo(() => {
    const end = addDays(week, 6);
    const facilitated =
      clinicianId && groups.data
        ? new Set(
            groups.data.items
              .filter((g) => g.facilitators.some((f) => f.id === clinicianId))
              .map((g) => g.id),
          )
        : null;
    return (groupSessions.data?.items ?? []).filter(
      (gs) =>
        gs.day >= week &&
        gs.day <= end &&
        (!facilitated || facilitated.has(gs.group_id)),
    );
  }, [groupSessions.data, groups.data, week, clinicianId]);
  const { clinicians, names } = useClinicians();
  const now = useMinuteClock();
  const staffNames = new Map(names).set(me.id, me.name);

  // Answers to status changes, newer than the list until it is loaded again.
  const [changed, setChanged] = useState<Record<string, AppointmentDetail>>({});
  const items = useMemo(
    () =>
      (data?.items ?? []).map((a): Appointment | AppointmentDetail => {
        const c = changed[a.id];
        return c && c.version >= a.version ? c : a;
      }),
    [data, changed],
  );
  const [busyId, setBusyId] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, string>>({});
  const [announcement, setAnnouncement] = useState("");
  const [booking, setBooking] = useState(false);
  const [booked, setBooked] = useState<Booked | null>(null);
  const bookButton = useRef<HTMLButtonElement>(null);

  const setMessage = (id: string, text: string | null) =>
    setMessages((m) => {
      const { [id]: _, ...rest } = m;
      return text ? { ...rest, [id]: text } : rest;
    });

  async function setStatus(a: Appointment, status: AppointmentStatus) {
    const who = a.client_name ?? "The client";
    setBusyId(a.id);
    setMessage(a.id, null);
    setAnnouncement("");
    try {
      const detail = await api.setAppointmentStatus(a.id, {
        status,
        version: a.version,
      });
      setChanged((c) => ({ ...c, [a.id]: detail }));
      setAnnouncement(
        `${who}: ${labelFor(APPOINTMENT_STATUSES, detail.status)}.`,
      );
    } catch (e) {
      const err = e instanceof ApiError ? e : null;
      if (err?.status === 409) {
        setMessage(a.id, STALE_MESSAGE);
        reload();
      } else {
        const field = asSentences(err?.fieldErrors.status, "The status");
        setMessage(
          a.id,
          field?.join(" ") ||
            (e instanceof Error ? e.message : "Could not set the status."),
        );
      }
    } finally {
      setBusyId(null);
    }
  }

  function closeBooking() {
    setBooking(false);
    requestAnimationFrame(() => bookButton.current?.focus());
  }

  function onBooked(b: Booked) {
    closeBooking();
    setBooked(b);
    const first = b.items[0];
    const target = first ? weekStartOf(first.day) : week;
    if (target !== week) update({ week: target });
    else reload();
  }

  const goTo = (target: string) => {
    setMessages({});
    update({ week: target });
  };
  const range = formatWeekRange(week);

  return (
    <div className="page calendar-page">
      <div className="page-header">
        <div>
          <h1>Calendar</h1>
          <p className="page-subtitle">
            Times are the practice’s ({timeZone}).
          </p>
        </div>
        {!booking && (
          <button
            ref={bookButton}
            type="button"
            className="button button-primary"
            onClick={() => {
              setBooked(null);
              setBooking(true);
            }}
          >
            Book an appointment
          </button>
        )}
      </div>

      {booking && (
        <BookingForm
          timeZone={timeZone}
          day={
            me.today >= week && me.today <= addDays(week, 6) ? me.today : week
          }
          me={{ id: me.id, name: me.name, clinical }}
          clinicians={clinicians}
          onBooked={onBooked}
          onCancel={closeBooking}
        />
      )}
      {booked && <BookedNotices booked={booked} timeZone={timeZone} />}

      <CalendarToolbar
        chosen={chosen}
        chosenName={staffNames.get(chosen)}
        clinicians={clinicians}
        onPrevious={() => goTo(addDays(week, -7))}
        onThisWeek={() => goTo(thisWeek)}
        onNext={() => goTo(addDays(week, 7))}
        onClinician={(clinician) => update({ clinician })}
      />

      <h2 className="week-range" aria-live="polite">
        {range}
      </h2>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
      {error !== undefined && (
        <FormAlert
          message={
            error instanceof Error
              ? error.message
              : "Could not load the appointments."
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
          Loading appointments…
        </p>
      )}
      {groupSessions.error !== undefined && (
        <p className="calendar-side-note">
          The week's group sessions could not be loaded.{" "}
          <button
            type="button"
            className="button button-quiet button-small"
            onClick={groupSessions.reload}
          >
            Try again
          </button>
        </p>
      )}
      {data && (
        <div aria-busy={loading}>
          <WeekView
            start={week}
            today={me.today}
            items={data.from === week ? items : []}
            groupSessions={weekGroupSessions}
            pending={data.from !== week}
            timeZone={timeZone}
            showClinician={!clinicianId}
            now={now}
            names={staffNames}
            busyId={busyId}
            messages={messages}
            onStatus={setStatus}
          />
        </div>
      )}
    </div>
  );
}
