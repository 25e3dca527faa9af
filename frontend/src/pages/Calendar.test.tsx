import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Appointment, AppointmentDetail } from "../api/types";
import { appointmentFixture } from "../test/appointmentFixtures";
import { groupFixture } from "../test/groupFixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { Calendar, STALE_MESSAGE } from "./Calendar";

const clinicians = {
  items: [
    { id: "staff-me", name: "Dana Rivers", role: "clinician" },
    { id: "staff-2", name: "Sam Okafor", role: "clinician" },
  ],
};

/** Tuesday's appointment has started (Wednesday noon in Chicago); Friday's has not. */
const tuesday = appointmentFixture();
const friday = appointmentFixture({
  id: "appt-2",
  client_id: "client-2",
  client_name: "Ana Lima",
  clinician_id: "staff-2",
  clinician_name: "Sam Okafor",
  starts_at: "2026-12-11T20:30:00Z",
  ends_at: "2026-12-11T21:20:00Z",
  day: "2026-12-11",
  telehealth: true,
  location: null,
  kind: "family",
});

function list(items: Appointment[]) {
  return json({ from: "2026-12-07", to: "2026-12-13", items });
}

function detail(
  a: Appointment,
  patch: Partial<Appointment>,
): AppointmentDetail {
  const next = { ...a, ...patch, version: a.version + 1 };
  return {
    ...next,
    statuses: [
      {
        status: "scheduled",
        set_by: "staff-2",
        set_by_name: "Sam Okafor",
        set_at: a.created_at,
      },
      {
        status: next.status,
        set_by: "staff-fd",
        set_by_name: "Robin Front",
        set_at: "2026-12-09T18:00:00Z",
      },
    ],
  };
}

function renderCalendar(role: "clinician" | "front_desk" = "front_desk") {
  return renderSignedIn(<Calendar />, {
    me: makeMe(role, { today: "2026-12-09" }),
    route: "/calendar",
  });
}

/** The day's column (its list item, named by its heading). */
function day(name: RegExp) {
  return screen.getByRole("listitem", { name });
}

beforeEach(() => {
  vi.setSystemTime(new Date("2026-12-09T18:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Calendar", () => {
  it("shows the week's appointments on their practice days, at practice times", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/appointments": () => list([friday, tuesday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderCalendar();
    expect(
      screen.getByRole("heading", { level: 1, name: "Calendar" }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole("heading", { name: "Dec 7 – Dec 13, 2026" }),
    ).toBeInTheDocument();
    const tue = await screen.findByRole("listitem", { name: "Tue, Dec 8" });
    const card = within(tue).getByRole("listitem", {
      name: "9:00 – 9:50 AM José Álvarez",
    });
    expect(card).toHaveTextContent("Dana Rivers");
    expect(card).toHaveTextContent("Individual · Room 2");
    expect(card).toHaveTextContent("Scheduled");
    const fri = day(/^Fri, Dec 11/);
    expect(within(fri).getByText("2:30 – 3:20 PM")).toBeInTheDocument();
    expect(fri).toHaveTextContent("Family · Online");
    expect(day(/^Wed, Dec 9 \(today\)/)).toHaveTextContent("No appointments");
    expect(
      screen.getAllByRole("listitem", { name: /^\w{3}, Dec \d+/ }),
    ).toHaveLength(7);
    // The front desk sees everyone by default.
    expect(screen.getByLabelText("Clinician")).toHaveValue("all");
    expect(calls[0].url).toBe(
      "/api/v1/appointments?from=2026-12-07&to=2026-12-13",
    );
  });

  it("shows the week's group sessions as cards of their own, linking to the session", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/appointments": () => list([tuesday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/groups": () => json({ items: [groupFixture()] }),
      "GET /api/v1/group-sessions": () =>
        json({
          items: [
            {
              id: "gs-1",
              group_id: "group-1",
              group_name: "Evening IOP",
              starts_at: "2026-12-09T00:00:00Z",
              ends_at: "2026-12-09T01:30:00Z",
              day: "2026-12-08",
              duration_minutes: 90,
              topic: "Urge surfing",
              location: "Group room",
              status: "signed",
              attended: 6,
              version: 3,
            },
          ],
        }),
    });
    renderCalendar();
    const tue = await screen.findByRole("listitem", { name: "Tue, Dec 8" });
    const card = await within(tue).findByRole("listitem", {
      name: "6:00 – 7:30 PM Group · Evening IOP",
    });
    expect(card).toHaveTextContent("Urge surfing · Group room");
    expect(card).toHaveTextContent("Signed");
    expect(card).toHaveTextContent("6 attended");
    expect(
      within(card).getByRole("link", { name: "Group · Evening IOP" }),
    ).toHaveAttribute("href", "/group-sessions/gs-1");
    // In time order after the 9 AM appointment.
    const cards = within(tue).getAllByRole("listitem");
    expect(cards.map((c) => c.textContent?.slice(0, 7))).toEqual([
      "9:00 – ",
      "6:00 – ",
    ]);
    expect(
      calls.find((c) => c.url.startsWith("/api/v1/group-sessions"))?.url,
    ).toBe("/api/v1/group-sessions?from=2026-12-07&to=2026-12-13");
  });

  it("asks for one clinician's week, a clinician's own by default, and moves by weeks", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/appointments": () => list([tuesday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderCalendar("clinician");
    const user = userEvent.setup();
    await screen.findByText("José Álvarez");
    const urls = () =>
      calls.filter((c) => c.url.includes("/appointments")).map((c) => c.url);
    expect(urls()[0]).toContain("clinician_id=staff-me");
    // One clinician's week: the cards leave out the clinician's name.
    expect(day(/^Tue, Dec 8/)).not.toHaveTextContent("Dana Rivers");

    await screen.findByRole("option", { name: "Sam Okafor" });
    await user.selectOptions(screen.getByLabelText("Clinician"), "Sam Okafor");
    expect(urls().at(-1)).toBe(
      "/api/v1/appointments?from=2026-12-07&to=2026-12-13&clinician_id=staff-2",
    );
    await user.selectOptions(screen.getByLabelText("Clinician"), "Everyone");
    expect(urls().at(-1)).toBe(
      "/api/v1/appointments?from=2026-12-07&to=2026-12-13",
    );

    await user.click(screen.getByRole("button", { name: "Next week" }));
    expect(
      await screen.findByRole("heading", { name: "Dec 14 – Dec 20, 2026" }),
    ).toBeInTheDocument();
    expect(urls().at(-1)).toContain("from=2026-12-14&to=2026-12-20");
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    await user.click(screen.getByRole("button", { name: "Previous week" }));
    expect(urls().at(-1)).toContain("from=2026-11-30&to=2026-12-06");
    await user.click(screen.getByRole("button", { name: "This week" }));
    expect(urls().at(-1)).toContain("from=2026-12-07&to=2026-12-13");
  });

  it("marks a started appointment attended in one tap and shows who set it", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/appointments": () => list([tuesday, friday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/appointments/appt-1/status": () =>
        json(detail(tuesday, { status: "attended" })),
    });
    renderCalendar();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Mark José Álvarez attended" }),
    );
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({ status: "attended", version: 3 });
    const card = day(/^Tue, Dec 8/);
    expect(
      await within(card).findByText("set by Robin Front"),
    ).toBeInTheDocument();
    expect(
      within(card).getByText("Attended", { selector: ".badge" }),
    ).toBeInTheDocument();
    expect(
      within(card).getByRole("button", { name: "Mark José Álvarez attended" }),
    ).toHaveAttribute("aria-pressed", "true");
    expect(
      screen.getByRole("button", { name: "Mark José Álvarez no-show" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Mark José Álvarez late" }),
    ).toBeInTheDocument();
  });

  it("offers only cancellations before an appointment starts", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/appointments": () => list([tuesday, friday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/appointments/appt-2/status": () =>
        json(detail(friday, { status: "cancelled_by_practice" })),
    });
    renderCalendar();
    const user = userEvent.setup();
    const select = await screen.findByRole("combobox", {
      name: "Cancel Ana Lima's appointment",
    });
    const fri = day(/^Fri, Dec 11/);
    expect(
      within(fri).queryByRole("button", { name: /Mark Ana Lima/ }),
    ).toBeNull();
    expect(
      screen.queryByRole("button", { name: "Mark Ana Lima attended" }),
    ).toBeNull();
    expect(
      within(select)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual([
      "Cancel…",
      "Cancelled by client",
      "Late cancel (client)",
      "Cancelled by practice",
    ]);
    await user.selectOptions(select, "Cancelled by practice");
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      status: "cancelled_by_practice",
      version: 3,
    });
    expect(
      await within(fri).findByText("Cancelled by practice", {
        selector: ".badge",
      }),
    ).toBeInTheDocument();
  });

  it("reloads the week when someone else changed the appointment", async () => {
    let loads = 0;
    mockFetch({
      "GET /api/v1/appointments": () => {
        loads += 1;
        return list([
          loads === 1 ? tuesday : { ...tuesday, status: "late", version: 4 },
        ]);
      },
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/appointments/appt-1/status": () =>
        problem(409, { title: "Conflict", detail: "The record was changed." }),
    });
    renderCalendar();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Mark José Álvarez no-show" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(STALE_MESSAGE);
    const card = day(/^Tue, Dec 8/);
    expect(
      await within(card).findByText("Late", { selector: ".badge" }),
    ).toBeInTheDocument();
    expect(loads).toBe(2);
  });

  it("shows a refused outcome's reason on the card", async () => {
    mockFetch({
      "GET /api/v1/appointments": () => list([tuesday]),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/appointments/appt-1/status": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: {
            status: ["can be recorded once the appointment has started"],
          },
        }),
    });
    renderCalendar();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Mark José Álvarez late" }),
    );
    expect(
      await within(day(/^Tue, Dec 8/)).findByRole("alert"),
    ).toHaveTextContent(
      "The status can be recorded once the appointment has started.",
    );
  });
});
