import { describe, expect, it } from "vitest";
import { groupSessionFixture } from "../../test/groupFixtures";
import {
  draftOf,
  entryOf,
  minutesProblem,
  rosterErrors,
  rowChanged,
} from "./rosterValues";

const session = groupSessionFixture();
const [alex, jose, lan] = session.roster;
const keys = session.member_sections;

describe("rosterErrors", () => {
  it("puts roster[i] on the i-th row and entries[i] on the i-th member sent", () => {
    const found = rosterErrors(
      {
        "roster[2].status": ["Lan Tran: record their attendance"],
        "entries[0].minutes_attended": ["must be 1 to 90"],
        "entries[1].sections.plan": ["José Álvarez: must be filled in"],
        shared_narrative: ["is required"],
        entries: ["attendance can be recorded once the session has started"],
        version: ["is stale"],
      },
      session.roster,
      [
        { client_id: "client-a", status: "late" },
        { client_id: "client-j", status: "present" },
      ],
    );
    expect(found.rows["client-l"].status).toEqual(["Record their attendance."]);
    expect(found.rows["client-a"].minutes).toEqual(["Must be 1 to 90."]);
    expect(found.rows["client-j"].sections.plan).toEqual([
      "Must be filled in.",
    ]);
    expect(found.narrative).toEqual(["Is required."]);
    expect(found.rest).toEqual([
      "Attendance can be recorded once the session has started.",
      "Version is stale.",
    ]);
  });
});

describe("a row as edited and as sent", () => {
  it("counts only real changes, and text only from clinical staff", () => {
    const d = draftOf(jose, keys);
    expect(rowChanged(d, jose, keys, true)).toBe(false);
    const written = { ...d, individual: "Listened." };
    expect(rowChanged(written, jose, keys, true)).toBe(true);
    expect(rowChanged(written, jose, keys, false)).toBe(false);
  });

  it("sends minutes when late, the whole session when present, no text for the absent", () => {
    const late = { ...draftOf(alex, keys), status: "late" as const };
    expect(minutesProblem({ ...late, minutes: "" }, 90)).toBe(
      "Enter the minutes attended, 1 to 90.",
    );
    expect(minutesProblem({ ...late, minutes: "45" }, 90)).toBeNull();
    expect(entryOf({ ...late, minutes: "45" }, alex, keys, false, 90)).toEqual({
      client_id: "client-a",
      status: "late",
      minutes_attended: 45,
      version: 2,
    });
    expect(entryOf(draftOf(jose, keys), jose, keys, true, 90)).toEqual({
      client_id: "client-j",
      status: "present",
      minutes_attended: 90,
      individual_text: "",
      sections: { assessment: "", plan: "" },
      version: 1,
    });
    expect(entryOf(draftOf(lan, keys), lan, keys, true, 90)).toEqual({
      client_id: "client-l",
      status: "absent_excused",
      version: 1,
    });
  });
});
