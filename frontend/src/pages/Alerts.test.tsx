import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { ClinicalAlert } from "../api/types";
import { json, mockFetch, renderSignedIn } from "../test/utils";
import { alertDetail, Alerts } from "./Alerts";

const alert: ClinicalAlert = {
  id: "alert-1",
  client_id: "client-1",
  client_name: "Jordan Mills",
  kind: "use_reported",
  raised_at: "2026-03-29T14:00:00Z",
  detail: { day: "2026-03-29", substances: ["alcohol"] },
  status: "open",
  acknowledged_at: null,
  acknowledged_by: null,
};

describe("Alerts", () => {
  it("lists open alerts and acknowledges one", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/alerts": () =>
        json({ items: [alert], page: 1, per_page: 25, total: 1 }),
      "POST /api/v1/alerts/alert-1/acknowledge": () =>
        json({ ...alert, status: "acknowledged" }),
    });
    renderSignedIn(<Alerts />);
    const user = userEvent.setup();
    const row = (
      await screen.findByRole("link", { name: "Jordan Mills" })
    ).closest("tr") as HTMLElement;
    expect(row).toHaveTextContent("Reported use");
    expect(row).toHaveTextContent("Day: Mar 29, 2026 · Substances: Alcohol");
    expect(
      within(row).getByRole("link", { name: "Jordan Mills" }),
    ).toHaveAttribute("href", "/clients/client-1?tab=self-report");
    expect(calls[0].url).toContain("status=open");
    await user.click(
      within(row).getByRole("button", {
        name: "Acknowledge Reported use for Jordan Mills",
      }),
    );
    expect(await within(row).findByText("Acknowledged")).toBeInTheDocument();
    expect(calls.at(-1)?.url).toBe("/api/v1/alerts/alert-1/acknowledge");
  });

  it("names every alert kind plainly and links to the client's record", async () => {
    const kinds: Array<
      [ClinicalAlert["kind"], string, object, string, string]
    > = [
      [
        "phq9_item9",
        "PHQ-9 item 9 (thoughts of self-harm)",
        { total: 12, item9: 1 },
        "Total score: 12 · Item 9 answer: 1",
        "measures",
      ],
      [
        "missed_check_ins",
        "Missed check-ins",
        { last_check_in_on: "2026-03-25" },
        "Last check-in: Mar 25, 2026",
        "self-report",
      ],
      [
        "craving_rising",
        "Craving rising",
        { previous_mean: 2.1, recent_mean: 4.5 },
        "Mean craving, previous 7 days: 2.1 · Mean craving, last 7 days: 4.5",
        "self-report",
      ],
      ["overdose_reported", "Overdose reported", {}, "", "relapses"],
    ];
    const items = kinds.map(([kind, , detail], i) => ({
      ...alert,
      id: `alert-${i}`,
      client_id: `client-${i}`,
      client_name: `Client ${i}`,
      kind,
      detail,
    }));
    mockFetch({
      "GET /api/v1/alerts": () =>
        json({ items, page: 1, per_page: 25, total: items.length }),
    });
    renderSignedIn(<Alerts />);
    for (const [i, [, label, , detail, tab]] of kinds.entries()) {
      const link = await screen.findByRole("link", { name: `Client ${i}` });
      expect(link).toHaveAttribute("href", `/clients/client-${i}?tab=${tab}`);
      const row = link.closest("tr") as HTMLElement;
      expect(row).toHaveTextContent(label);
      if (detail) expect(row).toHaveTextContent(detail);
      expect(row).not.toHaveTextContent(/phq9_item9|missed_check_ins|_/);
    }
  });

  it("says when a missed appointment is the second in a row", async () => {
    const missed = (id: string, inARow: number): ClinicalAlert => ({
      ...alert,
      id,
      client_id: id,
      client_name: `Client ${id}`,
      kind: "no_show",
      detail: {
        appointment_id: "appt-1",
        starts_at: "2026-12-08T15:00:00Z",
        day: "2026-12-08",
        in_a_row: inARow,
        urgent: inARow >= 2,
      },
    });
    mockFetch({
      "GET /api/v1/alerts": () =>
        json({
          items: [missed("a", 1), missed("b", 2)],
          page: 1,
          per_page: 25,
          total: 2,
        }),
    });
    renderSignedIn(<Alerts />);
    const first = (
      await screen.findByRole("link", { name: "Client a" })
    ).closest("tr") as HTMLElement;
    const second = screen
      .getByRole("link", { name: "Client b" })
      .closest("tr") as HTMLElement;
    expect(first).toHaveTextContent(
      "Missed an appointment: a good moment to reach out",
    );
    expect(first).not.toHaveTextContent("Second missed appointment in a row");
    expect(first).toHaveTextContent("Missed in a row: 1");
    expect(first).not.toHaveTextContent(/Urgent|T15:00/);
    expect(second).toHaveTextContent("Second missed appointment in a row");
    expect(
      within(second).getByRole("link", { name: "Client b" }),
    ).toHaveAttribute("href", "/clients/b?tab=overview");
  });

  it("summarises an alert's detail without nested values", () => {
    expect(alertDetail({ days_missed: 3, rising: true, list: [1] })).toBe(
      "Days missed: 3 · Rising: yes",
    );
    expect(alertDetail(null)).toBe("");
    expect(
      alertDetail({ check_in_id: "01a2249f-bd91", day: "2026-11-28" }),
    ).toBe("Day: Nov 28, 2026");
  });
});
