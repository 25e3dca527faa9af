import { describe, expect, it } from "vitest";
import { displayName, formatDays, formatRecentDay, todayIn } from "./format";
import { substanceLabel } from "./domain";

describe("format", () => {
  it("shows the preferred name in parentheses", () => {
    expect(
      displayName({
        first_name: "Zoë",
        last_name: "Testperson",
        preferred_name: "Zo",
      }),
    ).toBe("Zoë Testperson (Zo)");
    expect(
      displayName({
        first_name: "Zoë",
        last_name: "Testperson",
        preferred_name: null,
      }),
    ).toBe("Zoë Testperson");
  });

  it("counts days in words", () => {
    expect(formatDays(12)).toBe("12 days");
    expect(formatDays(1)).toBe("1 day");
    expect(formatDays(0)).toBe("0 days");
  });

  it("describes recent check-ins relative to the practice's today", () => {
    expect(formatRecentDay("2026-03-10", "2026-03-10")).toBe("Today");
    expect(formatRecentDay("2026-03-09", "2026-03-10")).toBe("Yesterday");
    expect(formatRecentDay("2026-03-07", "2026-03-10")).toBe("3 days ago");
  });

  it("takes today from the practice's time zone", () => {
    const lateEvening = new Date("2026-03-10T03:30:00Z");
    expect(todayIn("America/Los_Angeles", lateEvening)).toBe("2026-03-09");
    expect(todayIn("Europe/Berlin", lateEvening)).toBe("2026-03-10");
  });

  it("labels substances for people", () => {
    expect(substanceLabel("prescription_opioids")).toBe("Prescription opioids");
    expect(substanceLabel("mdma")).toBe("MDMA");
    expect(substanceLabel("something_new")).toBe("Something new");
  });
});
