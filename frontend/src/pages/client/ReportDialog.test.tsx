import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { Client } from "../../api/types";
import { addDays, todayIn } from "../../format";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
  type Call,
} from "../../test/utils";
import { ClientDetail } from "../ClientDetail";

const client: Client = {
  id: "client-1",
  first_name: "Jordan",
  last_name: "Mills",
  preferred_name: null,
  date_of_birth: "1988-03-14",
  email: null,
  phone: null,
  primary_substance: "alcohol",
  recovery_start_date: "2026-01-02",
  clinician_id: "staff-me",
  status: "active",
  version: 3,
  created_at: "2026-01-02T10:00:00Z",
  updated_at: "2026-01-02T10:00:00Z",
  current_streak_days: 12,
  last_check_in_on: null,
};

const REPORT = "GET /api/v1/clients/client-1/report.pdf";

function pdf(filename: string | null = "jordan-mills-progress.pdf") {
  const headers: Record<string, string> = { "Content-Type": "application/pdf" };
  if (filename)
    headers["Content-Disposition"] = `attachment; filename="${filename}"`;
  return new Response("%PDF-1.7 report", { headers });
}

function mockReport(report: (call: Call) => Response = () => pdf()) {
  return mockFetch({
    "GET /api/v1/clients/client-1": () => json(client),
    "GET /api/v1/staff/clinicians": () =>
      json({
        items: [{ id: "staff-me", name: "Dana Rivers", role: "clinician" }],
      }),
    [REPORT]: report,
  });
}

/** jsdom has no object URLs and no downloads: record both. */
function fakeFiles() {
  let n = 0;
  const createObjectURL = vi.fn((_blob: Blob) => `blob:report-${++n}`);
  const revokeObjectURL = vi.fn();
  Object.assign(URL, { createObjectURL, revokeObjectURL });
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
  return { createObjectURL, revokeObjectURL, saved };
}

function params(call: Call | undefined): Record<string, string> {
  return Object.fromEntries(new URL(call!.url, "http://x").searchParams);
}

const reportCalls = (calls: Call[]) =>
  calls.filter((c) => c.url.includes("/report.pdf"));

async function openDialog(role: "clinician" | "supervisor" = "clinician") {
  renderSignedIn(<ClientDetail />, {
    me: makeMe(role),
    route: "/clients/client-1?tab=details",
    path: "/clients/:id",
  });
  const user = userEvent.setup();
  await user.click(
    await screen.findByRole("button", { name: "Export report" }),
  );
  const dialog = screen.getByRole("dialog", { name: "Export progress report" });
  return { user, dialog };
}

const today = todayIn("America/Chicago");

describe("Export report dialog", () => {
  it("previews the last 90 days by default in a labelled iframe", async () => {
    const { calls } = mockReport();
    const files = fakeFiles();
    const { user, dialog } = await openDialog();

    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(
      within(dialog).getByRole("radio", { name: "Last 90 days" }),
    ).toBeChecked();
    expect(
      within(dialog).getByRole("radio", { name: "Last 90 days" }),
    ).toHaveFocus();
    expect(
      within(dialog).getByLabelText("Include signed session notes"),
    ).toBeChecked();
    expect(dialog).toHaveTextContent(
      /recorded in the audit log as a disclosure/,
    );

    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    const frame = await within(dialog).findByTitle("Report preview");
    expect(frame.tagName).toBe("IFRAME");
    expect(frame).toHaveAttribute(
      "src",
      "blob:report-1#page=1&view=FitH&toolbar=0",
    );
    const sent = reportCalls(calls);
    expect(sent).toHaveLength(1);
    expect(params(sent[0])).toEqual({
      from: addDays(today, -89),
      to: today,
      include_notes: "true",
    });
    expect(sent[0].headers.Authorization).toBe("Bearer access-1");
    expect(await files.createObjectURL.mock.calls[0][0].text()).toBe(
      "%PDF-1.7 report",
    );

    // Downloading what was just previewed uses the same bytes: one fetch, one disclosure.
    await user.click(
      within(dialog).getByRole("button", { name: "Download PDF" }),
    );
    expect(files.saved).toHaveLength(1);
    expect(files.saved[0].download).toBe("jordan-mills-progress.pdf");
    expect(reportCalls(calls)).toHaveLength(1);
  });

  it("sends the last 30 days, recipient, purpose and notes choice with a download", async () => {
    const { calls } = mockReport(() => pdf(null));
    const files = fakeFiles();
    const { user, dialog } = await openDialog();

    await user.click(
      within(dialog).getByRole("radio", { name: "Last 30 days" }),
    );
    await user.type(within(dialog).getByLabelText(/Recipient/), " Dr. Lee ");
    await user.type(
      within(dialog).getByLabelText(/Purpose/),
      "Treatment coordination",
    );
    await user.click(
      within(dialog).getByLabelText("Include signed session notes"),
    );
    await user.click(
      within(dialog).getByRole("button", { name: "Download PDF" }),
    );

    expect(
      await within(dialog).findByText("Downloaded progress-report.pdf."),
    ).toBeInTheDocument();
    expect(params(reportCalls(calls)[0])).toEqual({
      from: addDays(today, -29),
      to: today,
      include_notes: "false",
      recipient: "Dr. Lee",
      purpose: "Treatment coordination",
    });
    expect(files.saved[0].download).toBe("progress-report.pdf");
    expect(files.saved[0].href).toBe("blob:report-1");
  });

  it("sends a custom period as entered, and checks its order first", async () => {
    const { calls } = mockReport();
    fakeFiles();
    const { user, dialog } = await openDialog();

    await user.click(within(dialog).getByRole("radio", { name: "Custom" }));
    const from = within(dialog).getByLabelText(/^From/);
    const to = within(dialog).getByLabelText(/^To/);
    expect(from).toHaveValue(addDays(today, -89));
    expect(to).toHaveValue(today);

    await user.clear(from);
    await user.type(from, "2026-02-10");
    await user.clear(to);
    await user.type(to, "2026-02-01");
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(to).toHaveAccessibleDescription(/end on or after its first day/);
    expect(reportCalls(calls)).toHaveLength(0);

    await user.clear(to);
    await user.type(to, "2026-03-09");
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTitle("Report preview");
    expect(params(reportCalls(calls)[0])).toMatchObject({
      from: "2026-02-10",
      to: "2026-03-09",
    });
  });

  it("shows the server's field errors next to the fields", async () => {
    mockReport(() =>
      problem(422, {
        title: "Unprocessable Entity",
        errors: {
          recipient: ["Must be at most 200 characters."],
          to: ["The period cannot end after today."],
        },
      }),
    );
    fakeFiles();
    const { user, dialog } = await openDialog();
    await user.type(within(dialog).getByLabelText(/Recipient/), "Someone");
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    const recipient = within(dialog).getByLabelText(/Recipient/);
    expect(recipient).toHaveAttribute("aria-invalid", "true");
    expect(recipient).toHaveAccessibleDescription(
      "Must be at most 200 characters.",
    );
    expect(
      within(dialog).getByRole("group", { name: "Period" }),
    ).toHaveAccessibleDescription("The period cannot end after today.");
    expect(within(dialog).queryByTitle("Report preview")).toBeNull();
  });

  it("closes on Escape, gives focus back and lets go of the preview", async () => {
    mockReport();
    const files = fakeFiles();
    const { user, dialog } = await openDialog("supervisor");
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    await within(dialog).findByTitle("Report preview");

    await user.keyboard("{Escape}");
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByRole("button", { name: "Export report" })).toHaveFocus();
    expect(files.revokeObjectURL).toHaveBeenCalledWith("blob:report-1");
  });

  it("keeps the front desk away from reports", async () => {
    const { calls } = mockReport();
    renderSignedIn(<ClientDetail />, {
      me: makeMe("front_desk", { id: "fd-1" }),
      route: "/clients/client-1",
      path: "/clients/:id",
    });
    expect(await screen.findByLabelText(/Preferred name/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Export report" })).toBeNull();
    expect(reportCalls(calls)).toEqual([]);
  });
});
