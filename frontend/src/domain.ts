import type { PersonRole, PlanStepsTried, Role, Weekday } from "./api/types";
import type { Option } from "./clinical";

export { SUBSTANCES, substanceLabel } from "./shared/substances";

export const ROLES: ReadonlyArray<{
  value: Role;
  label: string;
  description: string;
}> = [
  {
    value: "owner",
    label: "Owner",
    description: "Staff, settings, audit log and every client",
  },
  {
    value: "supervisor",
    label: "Supervisor",
    description: "Every client's clinical record",
  },
  {
    value: "clinician",
    label: "Clinician",
    description: "Clinical record of their own clients",
  },
  {
    value: "front_desk",
    label: "Front desk",
    description: "Client demographics only",
  },
];

export function roleLabel(role: string): string {
  return ROLES.find((r) => r.value === role)?.label ?? role;
}

/** Roles that see clinical content (streaks, check-ins, notes). */
export function isClinical(role: Role): boolean {
  return role === "owner" || role === "supervisor" || role === "clinician";
}

/** Roles that pick a client's clinician; a clinician's new client is their own. */
export function canAssignClinician(role: Role): boolean {
  return role !== "clinician";
}

/* ---------- The client's plans ---------- */

/** How a person on the relapse-prevention plan helps. */
export const PERSON_ROLES: ReadonlyArray<Option<PersonRole>> = [
  { value: "sponsor", label: "Sponsor" },
  { value: "friend", label: "Friend" },
  { value: "family", label: "Family" },
  { value: "therapist", label: "Therapist" },
  { value: "other", label: "Other" },
];

/** Days of the week, Monday first, for a meeting that meets weekly. */
export const WEEKDAYS: ReadonlyArray<Option<Weekday> & { plural: string }> = [
  { value: "monday", label: "Monday", plural: "Mondays" },
  { value: "tuesday", label: "Tuesday", plural: "Tuesdays" },
  { value: "wednesday", label: "Wednesday", plural: "Wednesdays" },
  { value: "thursday", label: "Thursday", plural: "Thursdays" },
  { value: "friday", label: "Friday", plural: "Fridays" },
  { value: "saturday", label: "Saturday", plural: "Saturdays" },
  { value: "sunday", label: "Sunday", plural: "Sundays" },
];

/** Whether the plan's steps were tried before or during a lapse or relapse. */
export const PLAN_STEPS_TRIED: ReadonlyArray<Option<PlanStepsTried>> = [
  { value: "yes", label: "Yes" },
  { value: "partly", label: "Partly" },
  { value: "no", label: "No" },
];
