import type { Booked, ClinicianOption } from "../../api/types";
import { Notice } from "../../components/Field";
import { bookedMessage, overlapTexts } from "./calendarValues";

/** The `clinician` search parameter's value for the whole practice. */
export const EVERYONE = "all";

/** Previous week, this week, next week; and whose appointments (everyone's or one clinician's). */
export function CalendarToolbar({
  chosen,
  chosenName,
  clinicians,
  onPrevious,
  onThisWeek,
  onNext,
  onClinician,
}: {
  /** A clinician's id, or EVERYONE. */
  chosen: string;
  /** The chosen clinician's name while the list of clinicians is not there. */
  chosenName: string | undefined;
  clinicians: ClinicianOption[] | undefined;
  onPrevious: () => void;
  onThisWeek: () => void;
  onNext: () => void;
  onClinician: (value: string) => void;
}) {
  const listed =
    chosen === EVERYONE || Boolean(clinicians?.some((c) => c.id === chosen));
  return (
    <div className="calendar-toolbar">
      <div className="week-nav">
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={onPrevious}
        >
          Previous week
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={onThisWeek}
        >
          This week
        </button>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={onNext}
        >
          Next week
        </button>
      </div>
      <div className="field calendar-filter">
        <label htmlFor="calendar-clinician" className="field-label">
          Clinician
        </label>
        <select
          id="calendar-clinician"
          value={chosen}
          onChange={(e) => onClinician(e.target.value)}
        >
          <option value={EVERYONE}>Everyone</option>
          {!listed && (
            <option value={chosen}>{chosenName ?? "Chosen clinician"}</option>
          )}
          {clinicians?.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** "Booked 6 appointments." and, when there are any, the overlaps found (the booking stands). */
export function BookedNotices({
  booked,
  timeZone,
}: {
  booked: Booked;
  timeZone: string;
}) {
  const overlaps = overlapTexts(booked.overlaps, timeZone);
  return (
    <>
      <Notice tone="success">
        <p>{bookedMessage(booked.items.length)}</p>
      </Notice>
      {overlaps.length > 0 && (
        <Notice tone="warning">
          <p className="notice-title">
            The booking is made, but it overlaps other appointments:
          </p>
          <ul>
            {overlaps.map((text) => (
              <li key={text}>{text}</li>
            ))}
          </ul>
        </Notice>
      )}
    </>
  );
}
