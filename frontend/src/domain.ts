import type { Role } from "./api/types";

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
