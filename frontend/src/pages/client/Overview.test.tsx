import {
  cleanup,
  render,
  screen,
  waitFor,
  within,
} from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatDay } from "../../format";
import {
  calendarScreensFixture,
  progressFixture,
  screenListFixture,
} from "../../test/fixtures";
import { json, mockFetch, problem, renderSignedIn } from "../../test/utils";
import { cravingSummary } from "./CravingChart";
import { Overview } from "./Overview";
import { dayLabel, ProgressCalendar } from "./ProgressCalendar";
import { screenDayMarks } from "./screenValues";

function renderOverview(onChanged = () => {}) {
  return renderSignedIn(
    <Overview
      clientId="client-1"
      today="2026-03-30"
      refreshKey={0}
      onChanged={onChanged}
    />,
  );
}

function figure(label: string): string {
  const dt = screen.getByText(label, { selector: "dt" });
  return dt.nextElementSibling?.textContent ?? "";
}

describe("ProgressCalendar", () => {
  it("gives every day a letter and a label, readable without colour", () => {
    const days = progressFixture().days;
    render(<ProgressCalendar days={days} today="2026-03-30" />);

    const used = screen.getByLabelText(
      `${formatDay("2026-03-26")}: used, craving 7/10, mood 5/10`,
    );
    expect(used).toHaveTextContent("U");
    expect(used).toHaveAttribute("title", used.getAttribute("aria-label"));
    expect(used).toHaveClass("cal-used");

    const abstinent = screen.getByLabelText(
      `${formatDay("2026-03-29")}: abstinent, craving 1/10, mood 5/10`,
    );
    expect(abstinent).toHaveTextContent("A");

    const today = screen.getByLabelText(
      `${formatDay("2026-03-30")} (today): not reported`,
    );
    expect(today).toHaveTextContent("·");
    expect(today).toHaveClass("cal-unknown", "cal-today");

    expect(screen.getAllByRole("listitem", { name: /: / })).toHaveLength(30);
    expect(
      screen.getByRole("region", { name: "March 2026" }),
    ).toBeInTheDocument();
  });

  it("words a day without check-in data plainly", () => {
    expect(dayLabel({ day: "2026-03-02", status: "unknown" })).toBe(
      `${formatDay("2026-03-02")}: not reported`,
    );
    expect(dayLabel({ day: "2026-03-02", status: "used" })).not.toMatch(
      /dirty|fail|clean/i,
    );
  });
});

describe("Screens on the calendar", () => {
  const marks = () => screenDayMarks(calendarScreensFixture());

  it("reads one mark per day, never from the front desk's view or a pending collection", () => {
    const m = marks();
    expect(m.get("2026-03-29")).toEqual({
      kind: "positive",
      differs: true,
      count: 1,
    });
    expect(m.get("2026-03-28")).toEqual({
      kind: "positive",
      differs: false,
      count: 1,
    });
    expect(m.get("2026-03-27")?.kind).toBe("expected");
    // A valid negative and a dilute specimen: the valid one speaks for the day.
    expect(m.get("2026-03-25")).toEqual({
      kind: "negative",
      differs: false,
      count: 2,
    });
    expect(m.get("2026-03-15")?.kind).toBe("invalid");
    expect(m.has("2026-03-24")).toBe(false);
    expect(m.size).toBe(5);
  });

  it("shows the mark beside the day's status, which a screen never changes", () => {
    render(
      <ProgressCalendar
        days={progressFixture().days}
        today="2026-03-30"
        screens={marks()}
      />,
    );

    const positive = screen.getByLabelText(
      `${formatDay("2026-03-28")}: abstinent, craving 2/10, mood 5/10; screen positive (unexpected)`,
    );
    expect(positive).toHaveClass("cal-abstinent");
    expect(positive).not.toHaveClass("cal-differs");
    expect(positive).toHaveTextContent("A+");
    expect(positive).toHaveAttribute(
      "title",
      positive.getAttribute("aria-label"),
    );

    const expected = screen.getByLabelText(
      `${formatDay("2026-03-27")}: abstinent, craving 3/10, mood 5/10; screen positive, expected (prescribed)`,
    );
    expect(expected).toHaveClass("cal-abstinent");
    expect(expected).toHaveTextContent("A℞");

    const differs = screen.getByLabelText(
      `${formatDay("2026-03-29")}: abstinent, craving 1/10, mood 5/10; screen positive (unexpected), differs from the client’s report`,
    );
    expect(differs).toHaveClass("cal-abstinent", "cal-differs");
    expect(differs).toHaveTextContent("A+≠");

    expect(
      screen.getByLabelText(
        `${formatDay("2026-03-25")}: abstinent, craving 5/10, mood 5/10; 2 screens: negative`,
      ),
    ).toHaveTextContent("A−");
    expect(
      screen.getByLabelText(
        `${formatDay("2026-03-15")}: not reported; screen not valid`,
      ),
    ).toHaveClass("cal-unknown");
    expect(
      screen.getByLabelText(
        `${formatDay("2026-03-24")}: abstinent, craving 6/10, mood 5/10`,
      ),
    ).toHaveTextContent(/^A$/);
    for (const day of screen.getAllByRole("listitem", { name: /: / }))
      expect(day.getAttribute("aria-label")).not.toMatch(/dirty|clean/i);
  });
});

describe("Overview", () => {
  it("shows the figures, percentages always with their coverage", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
    });
    renderOverview();
    await screen.findByText("Current streak");
    expect(figure("Current streak")).toContain("4 days");
    expect(figure("Total clean days")).toContain("36 days");
    expect(figure("Days abstinent")).toBe("50.0% of 10 reported days");
    expect(figure("Longest streak")).toContain("9 days");
    expect(figure("Longest reported abstinence")).toContain("3 days");
    expect(figure("Lapses and relapses")).toBe("1 lapse · 1 relapse");
    expect(figure("Mean craving")).toBe("3.7 / 10");
    expect(figure("Meetings")).toBe("2");
    expect(figure("Sponsor contacts")).toBe("1");
    expect(
      screen.getByText(
        /Reported 10 of 30 days: 5 abstinent, 5 used, 20 not reported/,
      ),
    ).toBeInTheDocument();

    const legend = screen.getByRole("list", { name: "Legend" });
    expect(within(legend).getByText("Abstinent")).toBeInTheDocument();
    expect(within(legend).getByText("Used")).toBeInTheDocument();
    expect(within(legend).getByText("Not reported")).toBeInTheDocument();

    expect(
      screen.getByRole("img", { name: /Craving reported on 6 of 30 days/ }),
    ).toBeInTheDocument();
  });

  it("shows attendance beside the figures, and only when the period has it", async () => {
    let attendance = progressFixture().attendance;
    mockFetch({
      "GET /api/v1/clients/client-1/progress": () =>
        json(progressFixture({ attendance })),
    });
    renderOverview();
    await screen.findByText("Appointments attended");
    expect(figure("Appointments attended")).toBe(
      "7 of 9 (77.8%) 1 no-show, 1 late cancellation",
    );
    expect(figure("Weekly service hours")).toBe(
      "2.9 h a week Latest week 2.0 h: 50 min individual, 70 min group",
    );
    cleanup();

    attendance = {
      attended: 0,
      countable: 0,
      no_shows: 0,
      late_cancellations: 0,
      rate: null,
      scheduled: 2,
      by_kind: [],
      weekly_hours: [],
      average_weekly_hours: null,
    };
    renderOverview();
    await screen.findByText("Appointments attended");
    expect(figure("Appointments attended")).toBe(
      "— No appointments with an outcome in this period",
    );
    expect(screen.queryByText("Weekly service hours")).toBeNull();
    cleanup();

    attendance = null;
    renderOverview();
    await screen.findByText("Current streak");
    expect(screen.queryByText("Appointments attended")).toBeNull();
  });

  it("says when no day was reported instead of showing 0%", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/progress": () =>
        json(
          progressFixture({
            percent_days_abstinent: null,
            days_reported: 0,
            mean_craving: null,
            days: [],
          }),
        ),
    });
    renderOverview();
    await screen.findByText("Current streak");
    expect(figure("Days abstinent")).toBe("— No days reported in this period");
    expect(
      screen.getByText("No craving was reported in this period."),
    ).toBeInTheDocument();
  });

  it("asks for the chosen period", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
    });
    renderOverview();
    const user = userEvent.setup();
    await screen.findByText("Current streak");
    expect(calls[0].url).toContain("from=2026-03-01&to=2026-03-30");
    await user.click(screen.getByRole("radio", { name: "Last 90 days" }));
    await user.click(screen.getByRole("radio", { name: "Last 365 days" }));
    const urls = calls.map((c) => c.url);
    expect(urls).toContainEqual(
      expect.stringContaining("from=2025-12-31&to=2026-03-30"),
    );
    expect(urls).toContainEqual(
      expect.stringContaining("from=2025-03-31&to=2026-03-30"),
    );
  });

  it("records a day from the session and refreshes the figures", async () => {
    let changed = 0;
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
      "POST /api/v1/clients/client-1/check-ins": (call) =>
        (call.body as { day: string }).day === "2026-03-29"
          ? problem(409, { title: "Conflict" })
          : json({ id: "c1" }, 201),
    });
    renderOverview(() => (changed += 1));
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Record a day" }),
    );
    const day = screen.getByLabelText("Day");
    await user.clear(day);
    await user.type(day, "2026-03-29");
    await user.click(screen.getByRole("radio", { name: "Used" }));
    await user.click(screen.getByRole("checkbox", { name: "Alcohol" }));
    await user.selectOptions(screen.getByLabelText("Craving"), "6");
    await user.selectOptions(screen.getByLabelText("Mood"), "4");
    await user.click(screen.getByRole("button", { name: "Record day" }));
    expect(
      await screen.findByText(/already has a check-in/),
    ).toBeInTheDocument();

    await user.clear(day);
    await user.type(day, "2026-03-15");
    await user.click(screen.getByRole("button", { name: "Record day" }));
    expect(await screen.findByText(/recorded\./)).toBeInTheDocument();
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts[1].body).toEqual({
      day: "2026-03-15",
      used: true,
      substances: ["alcohol"],
      craving: 6,
      mood: 4,
      attended_meeting: false,
      contacted_sponsor: false,
      note: null,
    });
    expect(changed).toBe(1);
  });

  it("summarises craving for screen readers", () => {
    expect(cravingSummary(progressFixture().days)).toBe(
      `Craving reported on 6 of 30 days, ranging from 1 to 7 out of 10 (mean 4.0). Latest: 1 on ${formatDay("2026-03-29")}.`,
    );
  });

  it("marks the period's screens, with their legend", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
      "GET /api/v1/clients/client-1/screens": () =>
        json(screenListFixture(calendarScreensFixture(), { per_page: 100 })),
    });
    renderOverview();
    const differs = await screen.findByRole("listitem", {
      name: /differs from the client’s report/,
    });
    expect(differs).toHaveAccessibleName(
      `${formatDay("2026-03-29")}: abstinent, craving 1/10, mood 5/10; screen positive (unexpected), differs from the client’s report`,
    );
    expect(
      screen.getByRole("listitem", {
        name: `${formatDay("2026-03-27")}: abstinent, craving 3/10, mood 5/10; screen positive, expected (prescribed)`,
      }),
    ).toBeInTheDocument();

    const legend = screen.getByRole("list", { name: "Screen legend" });
    for (const text of [
      "negative",
      "positive (unexpected)",
      "positive, expected (prescribed)",
      "not valid",
      "Differs from the client’s report",
    ])
      expect(within(legend).getByText(text)).toBeInTheDocument();

    const screenCall = calls.find((c) => c.url.includes("/screens"));
    expect(screenCall?.url).toContain("from=2026-03-01&to=2026-03-30");
    expect(screenCall?.url).toContain("per_page=100");
  });
  it("shows no screen marks and no screen legend for a period without screens", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
      "GET /api/v1/clients/client-1/screens": () =>
        json(screenListFixture([], { per_page: 100 })),
    });
    renderOverview();
    await screen.findByRole("list", { name: "Legend" });
    await waitFor(() => expect(fetch).toHaveBeenCalledTimes(2));
    const days = screen.getAllByRole("listitem", { name: /: / });
    expect(days).toHaveLength(30);
    for (const day of days)
      expect(day.getAttribute("aria-label")).not.toMatch(/screen|differs/);
    expect(
      screen.queryByRole("list", { name: "Screen legend" }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
  });

  it("still shows the calendar when the screens cannot be loaded", async () => {
    let fail = true;
    mockFetch({
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
      "GET /api/v1/clients/client-1/screens": () =>
        fail
          ? problem(500, { title: "Internal Server Error" })
          : json(screenListFixture(calendarScreensFixture())),
    });
    renderOverview();
    const user = userEvent.setup();
    expect(
      await screen.findByText(/Drug screens could not be loaded/),
    ).toBeInTheDocument();
    expect(screen.getAllByRole("listitem", { name: /: / })).toHaveLength(30);
    expect(
      screen.getByLabelText(
        `${formatDay("2026-03-29")}: abstinent, craving 1/10, mood 5/10`,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole("list", { name: "Screen legend" }),
    ).not.toBeInTheDocument();

    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    expect(
      await screen.findByRole("list", { name: "Screen legend" }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/could not be loaded/)).not.toBeInTheDocument();
  });
});
