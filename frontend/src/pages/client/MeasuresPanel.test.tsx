import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { MeasureResult, MeasureSchedule } from "../../api/types";
import { json, mockFetch, renderSignedIn } from "../../test/utils";
import { MeasuresPanel } from "./MeasuresPanel";

function result(o: Partial<MeasureResult>): MeasureResult {
  return {
    id: "m",
    code: "phq9",
    completed_on: "2026-03-01",
    answers: [1, 1, 1, 1, 1, 1, 1, 1, 0],
    total: 8,
    band: "mild",
    alert: false,
    ...o,
  };
}

const schedule: MeasureSchedule = {
  id: "s-1",
  client_id: "client-1",
  code: "phq9",
  every_days: 14,
  active: true,
  created_at: "2026-02-01T10:00:00Z",
  next_due_on: "2026-04-05",
};

const results = [
  result({
    id: "m3",
    completed_on: "2026-03-29",
    total: 16,
    band: "moderately_severe",
    answers: [2, 2, 2, 2, 2, 2, 2, 1, 1],
    alert: true,
  }),
  result({
    id: "g1",
    code: "gad7",
    completed_on: "2026-03-20",
    total: 6,
    band: "mild",
    answers: [1, 1, 1, 1, 1, 1, 0],
  }),
  result({ id: "m2", completed_on: "2026-03-15", total: 11, band: "moderate" }),
  result({ id: "m1", completed_on: "2026-03-01", total: 8, band: "mild" }),
];

function renderPanel() {
  renderSignedIn(<MeasuresPanel clientId="client-1" archived={false} />);
}

describe("MeasuresPanel", () => {
  it("charts each measure over its severity bands and lists the results", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/measure-schedules": () =>
        json({ items: [schedule] }),
      "GET /api/v1/clients/client-1/measures": () =>
        json({ items: results, page: 1, per_page: 200, total: results.length }),
    });
    renderPanel();
    const phq = await screen.findByRole("img", {
      name: /^PHQ-9 total over time/,
    });
    expect(phq).toHaveAccessibleName(
      "PHQ-9 total over time: 3 results from Mar 1, 2026 to Mar 29, 2026, ranging from 8 to 16 out of 27. Latest: 16 (moderately severe) on Mar 29, 2026.",
    );
    // The four PHQ-9 thresholds (5, 10, 15, 20) are drawn and the five bands named.
    expect(phq.querySelectorAll(".band-threshold")).toHaveLength(4);
    expect(
      [...phq.querySelectorAll(".band-label")].map((t) => t.textContent),
    ).toEqual(["Minimal", "Mild", "Moderate", "Moderately severe", "Severe"]);
    expect(phq.querySelectorAll(".measure-dot")).toHaveLength(3);
    expect(phq.querySelectorAll(".measure-dot-alert")).toHaveLength(1);
    const gad = screen.getByRole("img", { name: /^GAD-7 total over time/ });
    expect(gad.querySelectorAll(".band-threshold")).toHaveLength(3);

    const table = screen.getByRole("table", {
      name: "Questionnaire results, most recent first",
    });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent(
      /Mar 29, 2026.*PHQ-9.*16 \/ 27.*Moderately severe.*Item 9 \(self-harm\): 1/,
    );
    expect(rows[1]).toHaveTextContent(/GAD-7.*6 \/ 21.*Mild/);

    const scheduled = screen.getByRole("listitem");
    expect(scheduled).toHaveTextContent(
      "PHQ-9 (depression)Every 14 days · next due Apr 5, 2026",
    );
  });

  it("schedules a measure, replaces it, and stops it", async () => {
    let items: MeasureSchedule[] = [];
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/measure-schedules": () => json({ items }),
      "GET /api/v1/clients/client-1/measures": () =>
        json({ items: [], page: 1, per_page: 200, total: 0 }),
      "POST /api/v1/clients/client-1/measure-schedules": (call) => {
        const body = call.body as {
          code: "phq9" | "gad7";
          every_days: 7 | 14 | 30;
        };
        const replaced = items.some((s) => s.code === body.code);
        items = [
          { ...schedule, id: `s-${body.code}-${body.every_days}`, ...body },
        ];
        return json(items[0], replaced ? 200 : 201);
      },
      "DELETE /api/v1/measure-schedules/s-gad7-30": () =>
        json({ ...items[0], active: false }),
    });
    renderPanel();
    const user = userEvent.setup();
    expect(
      await screen.findByText("No questionnaire is scheduled."),
    ).toBeInTheDocument();
    expect(
      screen.getByText("No questionnaire has been answered yet."),
    ).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText("Questionnaire"), "gad7");
    await user.selectOptions(screen.getByLabelText("Every"), "7");
    await user.click(screen.getByRole("button", { name: "Schedule" }));
    expect(
      await screen.findByText(/GAD-7 every 7 days, next due/),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      code: "gad7",
      every_days: 7,
    });

    await user.selectOptions(screen.getByLabelText("Every"), "30");
    await user.click(screen.getByRole("button", { name: "Replace schedule" }));
    expect(await screen.findByText(/GAD-7 every 30 days/)).toBeInTheDocument();
    expect(screen.getAllByRole("listitem")).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Stop GAD-7" }));
    expect(await screen.findByText("GAD-7 stopped.")).toBeInTheDocument();
    expect(
      screen.getByText("No questionnaire is scheduled."),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
  });
});
