import { describe, expect, it } from "vitest";
import {
  COMPANY,
  CONSEQUENCES,
  COPING,
  FEELINGS,
  labelFor,
  RISK_FLAGS,
  sectionsFor,
  SETTINGS,
  SUPPORT,
  TRIGGER_GROUPS,
  TRIGGERS,
} from "./clinical";

const values = (options: ReadonlyArray<{ value: string }>) =>
  options.map((o) => o.value);

describe("plain-language labels", () => {
  it("reads the wire values as a therapist would say them", () => {
    expect(labelFor(TRIGGERS, "unpleasant_emotions")).toBe(
      "Unpleasant emotions",
    );
    expect(labelFor(SETTINGS, "bar_or_club")).toBe("Bar or club");
    expect(labelFor(SETTINGS, "friends_home")).toBe("A friend's home");
    expect(labelFor(COMPANY, "other_users")).toBe("Other people who use");
    expect(labelFor(FEELINGS, "self_blame")).toBe("Self-blame");
    expect(labelFor(RISK_FLAGS, "suicidal_ideation")).toBe("Suicidal thoughts");
  });

  it("still shows a value the table does not know, readably", () => {
    expect(labelFor(SETTINGS, "boat_trip")).toBe("Boat trip");
    expect(labelFor(SETTINGS, null)).toBe("");
  });

  it("covers exactly the contract's enums", () => {
    expect(values(TRIGGER_GROUPS[0].options)).toEqual([
      "unpleasant_emotions",
      "physical_discomfort",
      "pleasant_emotions",
      "testing_personal_control",
      "urges_and_temptations",
    ]);
    expect(TRIGGER_GROUPS[0].label).toMatch(/^Intrapersonal/);
    expect(values(TRIGGER_GROUPS[1].options)).toEqual([
      "conflict_with_others",
      "social_pressure",
      "pleasant_times_with_others",
    ]);
    expect(TRIGGER_GROUPS[1].label).toMatch(/^Interpersonal/);
    expect(values(TRIGGERS)).toHaveLength(9);
    expect(values(SETTINGS)).toEqual([
      "home",
      "friends_home",
      "bar_or_club",
      "work",
      "party",
      "outdoors",
      "car",
      "online",
      "other",
    ]);
    expect(values(COMPANY)).toEqual([
      "alone",
      "partner",
      "family",
      "friends",
      "coworkers",
      "strangers",
      "other_users",
    ]);
    expect(values(COPING)).toHaveLength(10);
    expect(values(SUPPORT)).toEqual([
      "sponsor",
      "therapist",
      "family",
      "friend",
      "meeting",
      "crisis_line",
    ]);
    expect(values(FEELINGS)).toHaveLength(10);
    expect(values(CONSEQUENCES)).toEqual([
      "health",
      "legal",
      "work",
      "relationship",
      "financial",
      "overdose",
      "emergency_visit",
    ]);
    expect(values(RISK_FLAGS)).toHaveLength(7);
  });

  it("never labels anything as clean, dirty or failed", () => {
    const all = [
      ...TRIGGERS,
      ...SETTINGS,
      ...COMPANY,
      ...COPING,
      ...SUPPORT,
      ...FEELINGS,
      ...CONSEQUENCES,
      ...RISK_FLAGS,
    ].map((o) => o.label);
    for (const label of all) expect(label).not.toMatch(/clean|dirty|fail/i);
  });

  it("knows the sections of each note format", () => {
    const labels = (f: string) => sectionsFor(f).map((s) => s.label);
    expect(labels("soap")).toEqual([
      "Subjective",
      "Objective",
      "Assessment",
      "Plan",
    ]);
    expect(labels("dap")).toEqual(["Data", "Assessment", "Plan"]);
    expect(labels("birp")).toEqual([
      "Behavior",
      "Intervention",
      "Response",
      "Plan",
    ]);
    expect(sectionsFor("free").map((s) => s.key)).toEqual(["text"]);
  });
});
