import type { Group, GroupSession, RosterEntry } from "../api/types";

/**
 * Evening IOP (DAP notes), facilitated by Dana Rivers (the signed-in clinician), with three
 * current members.
 */
export function groupFixture(overrides: Partial<Group> = {}): Group {
  return {
    id: "group-1",
    name: "Evening IOP",
    track: "Intensive outpatient",
    default_minutes: 90,
    facilitators: [{ id: "staff-me", name: "Dana Rivers" }],
    note_format: "dap",
    location: "Group room",
    active: true,
    members: [
      {
        id: "m-1",
        client_id: "client-a",
        client_name: "Alex Kim",
        joined_on: "2026-02-02",
        left_on: null,
        current: true,
      },
      {
        id: "m-2",
        client_id: "client-j",
        client_name: "José Álvarez",
        joined_on: "2026-02-02",
        left_on: null,
        current: true,
      },
      {
        id: "m-3",
        client_id: "client-l",
        client_name: "Lan Tran",
        joined_on: "2026-02-02",
        left_on: null,
        current: true,
      },
    ],
    version: 1,
    created_at: "2026-02-01T10:00:00Z",
    updated_at: "2026-02-01T10:00:00Z",
    ...overrides,
  };
}

export function rosterEntry(overrides: Partial<RosterEntry>): RosterEntry {
  return {
    client_id: "client-a",
    client_name: "Alex Kim",
    status: null,
    minutes_attended: null,
    individual_text: "",
    sections: {},
    note_id: null,
    chart_open: true,
    version: null,
    ...overrides,
  };
}

/**
 * A draft session of Evening IOP that took place on Thursday 2026-03-05 at 6 PM in Chicago:
 * Alex's part written, José present with nothing written yet, Lan absent (excused).
 */
export function groupSessionFixture(
  overrides: Partial<GroupSession> = {},
): GroupSession {
  return {
    id: "gs-1",
    group_id: "group-1",
    group_name: "Evening IOP",
    starts_at: "2026-03-06T00:00:00Z",
    ends_at: "2026-03-06T01:30:00Z",
    day: "2026-03-05",
    duration_minutes: 90,
    topic: "Mutual-help meetings",
    location: "Group room",
    note_format: "dap",
    shared_section: "data",
    member_sections: ["assessment", "plan"],
    shared_narrative: "Members compared the meetings they attend.",
    name_warnings: [],
    status: "draft",
    locked: false,
    signed_at: null,
    signed_by: null,
    signed_by_name: null,
    roster: [
      rosterEntry({
        status: "present",
        minutes_attended: 90,
        individual_text: "Offered support to others.",
        sections: { assessment: "Engaged.", plan: "Continue IOP." },
        version: 2,
      }),
      rosterEntry({
        client_id: "client-j",
        client_name: "José Álvarez",
        status: "present",
        minutes_attended: 90,
        version: 1,
      }),
      rosterEntry({
        client_id: "client-l",
        client_name: "Lan Tran",
        status: "absent_excused",
        version: 1,
      }),
    ],
    version: 2,
    created_at: "2026-03-01T10:00:00Z",
    updated_at: "2026-03-06T02:00:00Z",
    ...overrides,
  };
}

/** The session as the front desk reads it: attendance only, no clinical text. */
export function frontDeskView(session: GroupSession): GroupSession {
  return {
    ...session,
    shared_narrative: null,
    name_warnings: [],
    roster: session.roster.map((r) => ({
      ...r,
      individual_text: null,
      sections: null,
      chart_open: false,
    })),
  };
}
