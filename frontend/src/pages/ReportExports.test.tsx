import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { ReportExport } from "../api/types";
import { todayIn } from "../format";
import { previousMonth } from "../reports";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { ReportExports } from "./ReportExports";

function exportOf(overrides: Partial<ReportExport> = {}): ReportExport {
  return {
    id: "exp-1",
    status: "running",
    from: "2026-02-01",
    to: "2026-02-28",
    include_notes: true,
    total: 40,
    done: 0,
    created_at: "2026-03-01T15:00:00Z",
    finished_at: null,
    error: null,
    expires_at: "2999-03-08T15:00:00Z",
    left_out: [],
    size_bytes: 0,
    ...overrides,
  };
}

const page = (items: ReportExport[]) =>
  json({ items, page: 1, per_page: 20, total: items.length });

function renderPage(role: "clinician" | "owner" = "clinician") {
  return renderSignedIn(<ReportExports pollIntervalMs={20} />, {
    me: makeMe(role),
    route: "/exports",
  });
}

describe("previousMonth", () => {
  it("is the whole calendar month before today's", () => {
    expect(previousMonth("2026-03-15")).toEqual({
      from: "2026-02-01",
      to: "2026-02-28",
    });
    expect(previousMonth("2026-01-01")).toEqual({
      from: "2025-12-01",
      to: "2025-12-31",
    });
    expect(previousMonth("2024-03-31")).toEqual({
      from: "2024-02-01",
      to: "2024-02-29",
    });
  });
});

describe("ReportExports", () => {
  it("starts an export, follows its progress and offers the zip when done", async () => {
    let current = exportOf({ from: "", to: "" });
    const { calls } = mockFetch({
      "GET /api/v1/report-exports": () => page([]),
      "POST /api/v1/report-exports": (call) => {
        const body = call.body as { from: string; to: string };
        current = exportOf({ from: body.from, to: body.to, total: 3 });
        return json(current, 202);
      },
      "GET /api/v1/report-exports/exp-1": () => json(current),
      "GET /api/v1/report-exports/exp-1/download": () =>
        new Response("PK\u0003\u0004", {
          headers: {
            "Content-Type": "application/zip",
            "Content-Disposition":
              'attachment; filename="progress-reports-2026-02.zip"',
          },
        }),
    });
    const createObjectURL = vi.fn((_blob: Blob) => "blob:zip");
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    onTestFinished(() => {
      Reflect.deleteProperty(URL, "createObjectURL");
      Reflect.deleteProperty(URL, "revokeObjectURL");
    });
    const saved: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push(this);
    });
    renderPage();
    const user = userEvent.setup();
    expect(await screen.findByText("No exports yet.")).toBeInTheDocument();

    const month = previousMonth(todayIn("America/Chicago"));
    expect(screen.getByLabelText(/^From/)).toHaveValue(month.from);
    expect(screen.getByLabelText(/^To/)).toHaveValue(month.to);
    // Nothing starts before the user says what the reports go out under.
    await user.click(screen.getByRole("button", { name: "Start export" }));
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.click(
      screen.getByRole("radio", { name: /Each client’s consent naming/ }),
    );
    await user.type(
      screen.getByLabelText(/Recipient the consents name/),
      "County drug court",
    );
    await user.click(screen.getByRole("button", { name: "Start export" }));

    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      ...month,
      include_notes: true,
      consent_recipient: "County drug court",
    });
    expect(await screen.findByText(/Export started/)).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Your exports" });
    const bar = await within(table).findByRole("progressbar");
    expect(within(table).getByText("0 of 3 reports")).toBeInTheDocument();
    expect(bar).toHaveAccessibleName(/0 of 3 reports/);

    current = { ...current, done: 2 };
    expect(
      await within(table).findByText("2 of 3 reports"),
    ).toBeInTheDocument();
    expect((bar as HTMLProgressElement).value).toBe(2);
    expect((bar as HTMLProgressElement).max).toBe(3);

    current = {
      ...current,
      done: 3,
      status: "done",
      finished_at: "2026-03-01T15:01:00Z",
    };
    const download = await within(table).findByRole("button", {
      name: "Download zip",
    });
    expect(within(table).queryByRole("progressbar")).toBeNull();
    expect(screen.getByText(/is ready to download/)).toBeInTheDocument();
    const polls = calls.filter((c) => c.url === "/api/v1/report-exports/exp-1");

    await user.click(download);
    await vi.waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0].download).toBe("progress-reports-2026-02.zip");
    // Polling stops once nothing runs.
    await new Promise((r) => setTimeout(r, 80));
    expect(
      calls.filter((c) => c.url === "/api/v1/report-exports/exp-1"),
    ).toHaveLength(polls.length);
  });

  it("keeps showing a running export's progress after a reload", async () => {
    let current = exportOf({ done: 12 });
    mockFetch({
      "GET /api/v1/report-exports": () => page([current]),
      "GET /api/v1/report-exports/exp-1": () => json(current),
    });
    renderPage("owner");
    expect(await screen.findByText("12 of 40 reports")).toBeInTheDocument();
    expect(screen.getByRole("progressbar")).toBeInTheDocument();
    current = { ...current, done: 13 };
    expect(await screen.findByText("13 of 40 reports")).toBeInTheDocument();
  });

  it("lists finished, failed and expired exports", async () => {
    mockFetch({
      "GET /api/v1/report-exports": () =>
        page([
          exportOf({ id: "a", status: "done", done: 40 }),
          exportOf({
            id: "b",
            status: "failed",
            done: 7,
            error: "The export stopped before it finished.",
          }),
          exportOf({
            id: "c",
            status: "done",
            expires_at: "2020-01-01T00:00:00Z",
          }),
        ]),
    });
    renderPage();
    const table = await screen.findByRole("table", { name: "Your exports" });
    await within(table).findByText("Failed");
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(4);
    expect(within(rows[1]).getByText("Done")).toBeInTheDocument();
    expect(within(rows[1]).getByText("40 reports")).toBeInTheDocument();
    expect(
      within(rows[1]).getByRole("button", { name: "Download zip" }),
    ).toBeInTheDocument();
    expect(within(rows[2]).getByText("Failed")).toBeInTheDocument();
    expect(
      within(rows[2]).getByText("The export stopped before it finished."),
    ).toBeInTheDocument();
    expect(within(rows[2]).queryByRole("button")).toBeNull();
    expect(within(rows[3]).getByText("Expired")).toBeInTheDocument();
    expect(within(rows[3]).queryByRole("button")).toBeNull();
    expect(screen.queryByRole("progressbar")).toBeNull();
  });

  it("shows the server's field errors for a new export", async () => {
    mockFetch({
      "GET /api/v1/report-exports": () => page([]),
      "POST /api/v1/report-exports": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: { from: ["The period may cover at most one year."] },
        }),
    });
    renderPage();
    const user = userEvent.setup();
    await screen.findByText("No exports yet.");
    await user.click(screen.getByRole("radio", { name: /practice’s own use/ }));
    await user.click(screen.getByRole("button", { name: "Start export" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    expect(screen.getByLabelText(/^From/)).toHaveAccessibleDescription(
      "The period may cover at most one year.",
    );
  });
});
