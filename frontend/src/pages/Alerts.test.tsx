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
    expect(row).toHaveTextContent("Use reported");
    expect(row).toHaveTextContent("Day: 2026-03-29");
    expect(calls[0].url).toContain("status=open");
    await user.click(
      within(row).getByRole("button", {
        name: "Acknowledge Use reported for Jordan Mills",
      }),
    );
    expect(await within(row).findByText("Acknowledged")).toBeInTheDocument();
    expect(calls.at(-1)?.url).toBe("/api/v1/alerts/alert-1/acknowledge");
  });

  it("summarises an alert's detail without nested values", () => {
    expect(alertDetail({ days_missed: 3, rising: true, list: [1] })).toBe(
      "Days missed: 3 · Rising: yes",
    );
    expect(alertDetail(null)).toBe("");
  });
});
