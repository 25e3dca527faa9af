/**
 * The booking form's values and what is sent: the date and start time are on the practice's
 * clocks and go out as a UTC instant; a series repeats every one or two weeks, for a number of
 * appointments or until a day.
 */
import type { AppointmentKind, NewAppointment } from "../../api/types";
import { asSentences } from "../../format";
import { zonedToIso } from "../client/screenValues";

export type RepeatChoice = "none" | "1" | "2";
export type EndsChoice = "count" | "until";

export interface BookingValues {
  clientId: string;
  /** Empty until chosen: then the default (the member, or the client's clinician). */
  clinicianId: string;
  day: string;
  time: string;
  duration: string;
  kind: AppointmentKind;
  telehealth: boolean;
  location: string;
  repeat: RepeatChoice;
  ends: EndsChoice;
  count: string;
  until: string;
}

export const DEFAULT_LENGTH = 50;
export const DEFAULT_COUNT = 6;

export function initialBooking(day: string, clinicianId = ""): BookingValues {
  return {
    clientId: "",
    clinicianId,
    day,
    time: "09:00",
    duration: String(DEFAULT_LENGTH),
    kind: "individual",
    telehealth: false,
    location: "",
    repeat: "none",
    ends: "count",
    count: String(DEFAULT_COUNT),
    until: "",
  };
}

function whole(text: string): number | null {
  const t = text.trim();
  return /^\d+$/.test(t) ? Number(t) : null;
}

export type BookingErrors = Record<string, string[]>;

/** The request for these values, or the fields to fix (under the server's own keys). */
export function bookingBody(
  v: BookingValues,
  timeZone: string,
): { body: NewAppointment; errors?: undefined } | { errors: BookingErrors } {
  const errors: BookingErrors = {};
  if (!v.clientId) errors.client_id = ["Choose a client."];
  if (!v.clinicianId) errors.clinician_id = ["Choose a clinician."];
  const startsAt = zonedToIso(v.day, v.time, timeZone);
  if (!startsAt) errors.starts_at = ["Enter the date and the start time."];
  const duration = whole(v.duration);
  if (duration === null || duration < 5 || duration > 600)
    errors.duration_minutes = ["Enter a length of 5 to 600 minutes."];
  const repeating = v.repeat !== "none";
  const n = whole(v.count);
  if (repeating && v.ends === "count" && (n === null || n < 1 || n > 52))
    errors["repeat.count"] = ["Enter 1 to 52 appointments."];
  if (repeating && v.ends === "until" && !/^\d{4}-\d{2}-\d{2}$/.test(v.until))
    errors["repeat.until"] = ["Enter the day of the last appointment."];
  if (Object.keys(errors).length > 0 || !startsAt || duration === null)
    return { errors };
  const location = v.location.trim();
  return {
    body: {
      client_id: v.clientId,
      clinician_id: v.clinicianId,
      starts_at: startsAt,
      duration_minutes: duration,
      kind: v.kind,
      telehealth: v.telehealth,
      ...(!v.telehealth && location ? { location } : {}),
      ...(repeating
        ? {
            repeat: {
              every_weeks: Number(v.repeat),
              ...(v.ends === "count" ? { count: n } : { until: v.until }),
            },
          }
        : {}),
    },
  };
}

/** Each error key's field, and the words a server message about it starts with. */
const SUBJECTS: Record<string, [field: string, subject: string]> = {
  client_id: ["client", "The client"],
  clinician_id: ["clinician", "The clinician"],
  starts_at: ["day", "The date"],
  duration_minutes: ["duration", "The length"],
  location: ["location", "The location"],
  repeat: ["repeat", "The repeat"],
  "repeat.every_weeks": ["repeat", "The repeat"],
  "repeat.count": ["count", "The number of appointments"],
  "repeat.until": ["until", "The end date"],
};

/** Errors by form field as sentences; `rest` holds the keys no field shows. */
export function errorsByField(errors: BookingErrors): {
  fields: Record<string, string[]>;
  rest: string[];
} {
  const fields: Record<string, string[]> = {};
  const rest: string[] = [];
  for (const [key, messages] of Object.entries(errors)) {
    const known = SUBJECTS[key];
    if (!known) {
      rest.push(...(asSentences(messages, key.replace(/_/g, " ")) ?? []));
      continue;
    }
    const [field, subject] = known;
    fields[field] = [
      ...(fields[field] ?? []),
      ...(asSentences(messages, subject) ?? []),
    ];
  }
  return { fields, rest };
}
