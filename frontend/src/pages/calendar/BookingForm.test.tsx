import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Appointment, Booked } from "../../api/types";
import { appointmentFixture } from "../../test/appointmentFixtures";
import { addDays } from "../../format";
import { clientFixture } from "../../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { Calendar } from "../Calendar";
import { bookingBody, initialBooking } from "./bookingValues";
import { formatWeekRange, timeRange } from "./calendarValues";

const clients = {
  items: [
    clientFixture({
      id: "client-1",
      first_name: "José",
      last_name: "Álvarez",
      clinician_id: "staff-2",
    }),
    clientFixture({ id: "client-2", first_name: "Ana", last_name: "Lima" }),
  ],
  page: 1,
  per_page: 100,
  total: 2,
};

const clinicians = {
  items: [
    { id: "staff-me", name: "Dana Rivers", role: "clinician" },
    { id: "staff-2", name: "Sam Okafor", role: "clinician" },
  ],
};

/** A weekly series of six from Tuesday 2026-12-08, 9:00 in Chicago. */
function series(): Appointment[] {
  return Array.from({ length: 6 }, (_, i) =>
    appointmentFixture({
      id: `appt-${i + 10}`,
      series_id: "series-1",
      day: addDays("2026-12-08", 7 * i),
    }),
  );
}

function routes(book: () => Response) {
  return mockFetch({
    "GET /api/v1/appointments": () =>
      json({ from: "2026-12-07", to: "2026-12-13", items: [] }),
    "GET /api/v1/staff/clinicians": () => json(clinicians),
    "GET /api/v1/clients": () => json(clients),
    "POST /api/v1/appointments": book,
  });
}

function renderCalendar(role: "clinician" | "front_desk") {
  renderSignedIn(<Calendar />, {
    me: makeMe(role, { today: "2026-12-09" }),
    route: "/calendar",
  });
}

beforeEach(() => {
  vi.setSystemTime(new Date("2026-12-09T18:00:00Z"));
});

afterEach(() => {
  vi.useRealTimers();
});

describe("Booking an appointment", () => {
  it("books a weekly series at the practice's time and warns of an overlap", async () => {
    const booked: Booked = {
      items: series(),
      overlaps: [
        {
          appointment_id: "appt-10",
          other_id: "appt-99",
          other_starts_at: "2026-12-08T15:00:00Z",
          same: "clinician",
        },
      ],
    };
    const { calls } = routes(() => json(booked, 201));
    renderCalendar("clinician");
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Book an appointment" }),
    );
    const form = screen.getByRole("form", { name: "Book an appointment" });
    const f = within(form);
    await f.findByRole("option", { name: "José Álvarez" });
    await user.selectOptions(f.getByLabelText("Client"), "José Álvarez");
    // Clinical staff book for themselves unless they choose another clinician.
    expect(f.getByLabelText("Clinician")).toHaveValue("staff-me");
    expect(f.getByLabelText("Date")).toHaveValue("2026-12-09");
    expect(f.getByLabelText("Length (minutes)")).toHaveValue(50);
    await user.clear(f.getByLabelText("Date"));
    await user.type(f.getByLabelText("Date"), "2026-12-08");
    await user.clear(f.getByLabelText("Start time"));
    await user.type(f.getByLabelText("Start time"), "09:00");
    await user.type(f.getByLabelText("Location"), "Room 2");
    expect(f.queryByLabelText("Number of appointments")).toBeNull();
    await user.selectOptions(f.getByLabelText("Repeat"), "Every week");
    expect(
      f.getByRole("radio", { name: "After a number of appointments" }),
    ).toBeChecked();
    expect(f.getByLabelText("Number of appointments")).toHaveValue(6);
    await user.click(f.getByRole("button", { name: "Book" }));

    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      client_id: "client-1",
      clinician_id: "staff-me",
      starts_at: "2026-12-08T15:00:00Z",
      duration_minutes: 50,
      kind: "individual",
      telehealth: false,
      location: "Room 2",
      repeat: { every_weeks: 1, count: 6 },
    });
    expect(
      await screen.findByText("Booked 6 appointments."),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        "Overlaps another appointment of the same clinician on Tue, Dec 8 at 9:00 AM",
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("form", { name: "Book an appointment" }),
    ).toBeNull();
    // The week is loaded again to show the booking.
    expect(
      calls.filter((c) => c.url.startsWith("/api/v1/appointments?")),
    ).toHaveLength(2);
  });

  it("takes the client's clinician for the front desk, goes online, and shows refusals by field", async () => {
    const { calls } = routes(() =>
      problem(422, {
        title: "Unprocessable Entity",
        errors: {
          duration_minutes: ["must be 5 to 600 minutes"],
          "repeat.until": ["is before the first appointment"],
        },
      }),
    );
    renderCalendar("front_desk");
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Book an appointment" }),
    );
    const f = within(screen.getByRole("form", { name: "Book an appointment" }));
    await f.findByRole("option", { name: "José Álvarez" });
    expect(f.getByLabelText("Clinician")).toHaveValue("");
    await user.selectOptions(f.getByLabelText("Client"), "José Álvarez");
    expect(f.getByLabelText("Clinician")).toHaveValue("staff-2");
    await user.click(f.getByRole("checkbox", { name: "Online (telehealth)" }));
    expect(f.queryByLabelText("Location")).toBeNull();
    await user.selectOptions(f.getByLabelText("Kind"), "Family");
    await user.selectOptions(f.getByLabelText("Repeat"), "Every two weeks");
    await user.click(f.getByRole("radio", { name: "On a date" }));
    await user.type(f.getByLabelText("End date"), "2026-12-01");
    await user.click(f.getByRole("button", { name: "Book" }));

    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      clinician_id: "staff-2",
      starts_at: "2026-12-09T15:00:00Z",
      kind: "family",
      telehealth: true,
      repeat: { every_weeks: 2, until: "2026-12-01" },
    });
    expect(
      await f.findByText("The length must be 5 to 600 minutes."),
    ).toBeInTheDocument();
    expect(f.getByLabelText("End date")).toHaveAccessibleDescription(
      expect.stringContaining("The end date is before the first appointment."),
    );
    expect(
      screen.getByRole("form", { name: "Book an appointment" }),
    ).toBeInTheDocument();
  });

  it("checks the form before sending it", () => {
    const values = { ...initialBooking("2026-12-08"), duration: "3" };
    expect(bookingBody(values, "America/Chicago").errors).toEqual({
      client_id: ["Choose a client."],
      clinician_id: ["Choose a clinician."],
      duration_minutes: ["Enter a length of 5 to 600 minutes."],
    });
  });
});

describe("Calendar words", () => {
  it("says times on the practice's clocks and weeks across a new year", () => {
    const tz = "America/Chicago";
    expect(timeRange("2026-12-08T15:00:00Z", "2026-12-08T15:50:00Z", tz)).toBe(
      "9:00 – 9:50 AM",
    );
    expect(timeRange("2026-12-08T17:30:00Z", "2026-12-08T18:20:00Z", tz)).toBe(
      "11:30 AM – 12:20 PM",
    );
    expect(formatWeekRange("2026-12-28")).toBe("Dec 28, 2026 – Jan 3, 2027");
  });
});
