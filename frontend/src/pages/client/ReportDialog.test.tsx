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
const CONSENTS = "GET /api/v1/clients/client-1/consents";

const courtConsent = {
  id: "consent-court",
  client_id: "client-1",
  recipient: "County drug court",
  purpose: "Compliance with drug court",
  information: "Progress reports and attendance",
  includes_notes: false,
  expires_on: null,
  expiry_event: "End of probation",
  signed_on: "2026-01-05",
  status: "active",
  recorded_by: "fd-1",
  recorded_by_name: "Sam Front",
  recorded_at: "2026-01-05T15:00:00Z",
  revoked_on: null,
  revoked_by_name: null,
  version: 1,
};

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
    [CONSENTS]: () =>
      json({ items: [courtConsent], page: 1, per_page: 200, total: 1 }),
  });
}

/** Picks what the report goes out under. */
async function choose(
  user: ReturnType<typeof userEvent.setup>,
  dialog: HTMLElement,
  name: RegExp,
) {
  const group = within(dialog).getByRole("group", { name: "Goes out under" });
  await user.click(await within(group).findByRole("radio", { name }));
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
    expect(dialog).toHaveTextContent(/listed in the client’s disclosures/);

    // Nothing goes out before the user says what it goes out under.
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));
    expect(within(dialog).getAllByRole("alert")[0]).toHaveTextContent(
      /Choose what this report goes out under/,
    );
    expect(reportCalls(calls)).toHaveLength(0);
    await choose(user, dialog, /practice’s own use/);
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
      internal: "true",
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

  it("sends the report under the client's consent, which leaves out the notes it does not cover", async () => {
    const { calls } = mockReport(() => pdf(null));
    const files = fakeFiles();
    const { user, dialog } = await openDialog();

    await user.click(
      within(dialog).getByRole("radio", { name: "Last 30 days" }),
    );
    await choose(user, dialog, /consent to disclose to County drug court/);
    const notes = within(dialog).getByLabelText(/Include signed session notes/);
    expect(notes).toBeDisabled();
    expect(notes).not.toBeChecked();
    // The plan goes only where notes may.
    expect(
      within(dialog).getByLabelText(/relapse-prevention plan/),
    ).toBeDisabled();
    expect(within(dialog).queryByLabelText(/Purpose/)).toBeNull();
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
      consent_id: "consent-court",
    });
    expect(files.saved[0].download).toBe("progress-report.pdf");
    expect(files.saved[0].href).toBe("blob:report-1");
  });

  it("adds the plan and the drug screens when asked", async () => {
    const { calls } = mockReport(() => pdf(null));
    fakeFiles();
    const { user, dialog } = await openDialog();
    await choose(user, dialog, /practice’s own use/);
    await user.click(within(dialog).getByLabelText(/relapse-prevention plan/));
    await user.click(within(dialog).getByLabelText(/Include drug screens/));
    await user.click(
      within(dialog).getByRole("button", { name: "Download PDF" }),
    );
    await within(dialog).findByText(/^Downloaded /);
    expect(params(reportCalls(calls)[0])).toMatchObject({
      include_plan: "true",
      include_screens: "true",
      internal: "true",
    });
  });

  it("sends a custom period as entered, and checks its order first", async () => {
    const { calls } = mockReport();
    fakeFiles();
    const { user, dialog } = await openDialog();
    await choose(user, dialog, /copy for the client/);

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
      client_request: "true",
    });
  });

  it("shows the server's field errors next to the fields", async () => {
    mockReport(() =>
      problem(422, {
        title: "Unprocessable Entity",
        errors: {
          purpose: ["Must be at most 200 characters."],
          to: ["The period cannot end after today."],
        },
      }),
    );
    fakeFiles();
    const { user, dialog } = await openDialog();
    await choose(user, dialog, /copy for the client/);
    await user.type(within(dialog).getByLabelText(/Purpose/), "Something");
    await user.click(within(dialog).getByRole("button", { name: "Preview" }));

    expect(await within(dialog).findByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    const purpose = within(dialog).getByLabelText(/Purpose/);
    expect(purpose).toHaveAttribute("aria-invalid", "true");
    expect(purpose).toHaveAccessibleDescription(
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
    await choose(user, dialog, /practice’s own use/);
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
