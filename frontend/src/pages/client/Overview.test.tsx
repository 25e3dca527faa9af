import { render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { formatDay } from "../../format";
import { progressFixture } from "../../test/fixtures";
import { json, mockFetch, problem, renderSignedIn } from "../../test/utils";
import { cravingSummary } from "./CravingChart";
import { Overview } from "./Overview";
import { dayLabel, ProgressCalendar } from "./ProgressCalendar";

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
});
