import type { MeasureCode } from "./api/types";

export interface Band {
  key: string;
  label: string;
  from: number;
  to: number;
}

export interface MeasureInfo {
  code: MeasureCode;
  label: string;
  about: string;
  items: number;
  max: number;
  bands: ReadonlyArray<Band>;
}

/** PHQ-9 and GAD-7 with their scoring bands (DOMAIN.md, "Measures"). */
export const MEASURES: Record<MeasureCode, MeasureInfo> = {
  phq9: {
    code: "phq9",
    label: "PHQ-9",
    about: "depression",
    items: 9,
    max: 27,
    bands: [
      { key: "minimal", label: "Minimal", from: 0, to: 4 },
      { key: "mild", label: "Mild", from: 5, to: 9 },
      { key: "moderate", label: "Moderate", from: 10, to: 14 },
      {
        key: "moderately_severe",
        label: "Moderately severe",
        from: 15,
        to: 19,
      },
      { key: "severe", label: "Severe", from: 20, to: 27 },
    ],
  },
  gad7: {
    code: "gad7",
    label: "GAD-7",
    about: "anxiety",
    items: 7,
    max: 21,
    bands: [
      { key: "minimal", label: "Minimal", from: 0, to: 4 },
      { key: "mild", label: "Mild", from: 5, to: 9 },
      { key: "moderate", label: "Moderate", from: 10, to: 14 },
      { key: "severe", label: "Severe", from: 15, to: 21 },
    ],
  },
};

export const MEASURE_CODES: ReadonlyArray<MeasureCode> = ["phq9", "gad7"];

export const SCHEDULE_INTERVALS: ReadonlyArray<number> = [7, 14, 30];

export function measureLabel(code: string): string {
  return MEASURES[code as MeasureCode]?.label ?? code.toUpperCase();
}

export function bandLabel(code: string, band: string): string {
  const found = MEASURES[code as MeasureCode]?.bands.find(
    (b) => b.key === band,
  );
  return (
    found?.label ??
    band.replace(/_/g, " ").replace(/^./, (c) => c.toUpperCase())
  );
}
