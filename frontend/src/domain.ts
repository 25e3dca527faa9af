import type { Role } from "./api/types";

/** Substances and behaviours from DOMAIN.md, with the label a therapist reads. */
export const SUBSTANCES: ReadonlyArray<{ value: string; label: string }> = [
  { value: "alcohol", label: "Alcohol" },
  { value: "cannabis", label: "Cannabis" },
  { value: "cocaine", label: "Cocaine" },
  { value: "methamphetamine", label: "Methamphetamine" },
  { value: "other_stimulants", label: "Other stimulants" },
  { value: "heroin", label: "Heroin" },
  { value: "fentanyl", label: "Fentanyl" },
  { value: "prescription_opioids", label: "Prescription opioids" },
  { value: "benzodiazepines", label: "Benzodiazepines" },
  { value: "hallucinogens", label: "Hallucinogens" },
  { value: "mdma", label: "MDMA" },
  { value: "ketamine", label: "Ketamine" },
  { value: "inhalants", label: "Inhalants" },
  { value: "nicotine", label: "Nicotine" },
  { value: "gambling", label: "Gambling" },
  { value: "gaming", label: "Gaming" },
  { value: "sex", label: "Sex" },
  { value: "food", label: "Food" },
  { value: "other", label: "Other" },
];

const substanceLabels = new Map(SUBSTANCES.map((s) => [s.value, s.label]));

export function substanceLabel(value: string | null | undefined): string {
  if (!value) return "";
  return (
    substanceLabels.get(value) ??
    value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}

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
