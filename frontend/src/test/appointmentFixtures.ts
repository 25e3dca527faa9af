import type { Appointment } from "../api/types";

/**
 * A 50-minute individual appointment of José Álvarez with Dana Rivers (the signed-in
 * clinician) on Tuesday 2026-12-08 at 9:00 in Chicago (15:00 UTC), still scheduled.
 */
export function appointmentFixture(
  overrides: Partial<Appointment> = {},
): Appointment {
  return {
    id: "appt-1",
    series_id: null,
    client_id: "client-1",
    client_name: "José Álvarez",
    clinician_id: "staff-me",
    clinician_name: "Dana Rivers",
    starts_at: "2026-12-08T15:00:00Z",
    ends_at: "2026-12-08T15:50:00Z",
    day: "2026-12-08",
    duration_minutes: 50,
    kind: "individual",
    location: "Room 2",
    telehealth: false,
    status: "scheduled",
    status_set_by: "staff-me",
    status_set_at: "2026-12-01T10:00:00Z",
    version: 3,
    created_by: "staff-me",
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
    ...overrides,
  };
}
