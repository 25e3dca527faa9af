/**
 * Substances and behaviours from DOMAIN.md with their plain labels. Shared by the dashboard
 * and the client's self-report page, so it must not import anything from either (a type
 * from the API's generated schema is erased from the build).
 */
import type { components } from "../api/schema";

type Substance = components["schemas"]["Substance"];

export const SUBSTANCES: ReadonlyArray<{ value: Substance; label: string }> = [
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

const substanceLabels = new Map<string, string>(
  SUBSTANCES.map((s) => [s.value, s.label]),
);

/** The label for a wire value; an unknown value is made readable. */
export function substanceLabel(value: string | null | undefined): string {
  if (!value) return "";
  return (
    substanceLabels.get(value) ??
    value.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}
