import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Client } from "../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { ClientDetail } from "./ClientDetail";
import {
  progressFixture,
  relapsePreventionPlanFixture,
  safetyPlanFixture,
  screenListFixture,
} from "../test/fixtures";

const base: Client = {
  id: "client-1",
  first_name: "Jordan",
  last_name: "Mills",
  preferred_name: null,
  date_of_birth: "1988-03-14",
  email: "jordan@example.test",
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

const clinicians = {
  items: [{ id: "staff-me", name: "Dana Rivers", role: "clinician" }],
};

function renderDetail(me = makeMe("clinician"), tab = "details") {
  return renderSignedIn(<ClientDetail />, {
    me,
    route: tab ? `/clients/client-1?tab=${tab}` : "/clients/client-1",
    path: "/clients/:id",
  });
}

describe("ClientDetail", () => {
  it("saves only the changed fields with the version", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "PATCH /api/v1/clients/client-1": () =>
        json({ ...base, preferred_name: "Jo", phone: null, version: 4 }),
    });
    renderDetail();
    const user = userEvent.setup();
    const preferred = await screen.findByLabelText(/Preferred name/);
    expect(screen.getByRole("tab", { name: "Details" })).toHaveAttribute(
      "aria-selected",
      "true",
    );

    await user.type(preferred, "Jo");
    await user.clear(screen.getByLabelText(/Email/));
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Changes saved.",
    );
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      preferred_name: "Jo",
      email: null,
      version: 3,
    });
  });

  it("keeps the user's edits after a version conflict and merges the latest version", async () => {
    let version = 3;
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () =>
        json(
          version === 3
            ? base
            : {
                ...base,
                phone: "555-0100",
                email: "new@example.test",
                version: 5,
              },
        ),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "PATCH /api/v1/clients/client-1": (call) => {
        if ((call.body as { version: number }).version !== 5) {
          version = 5;
          return problem(409, {
            title: "Conflict",
            detail: "The client was changed.",
          });
        }
        return json({
          ...base,
          phone: "555-0100",
          email: "new@example.test",
          preferred_name: "Jo",
          version: 6,
        });
      },
    });
    renderDetail();
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText(/Preferred name/), "Jo");
    await user.click(screen.getByRole("button", { name: "Save changes" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Someone else changed this client while you were editing. Your edits are still in the form.",
    );
    expect(screen.getByLabelText(/Preferred name/)).toHaveValue("Jo");

    await user.click(
      screen.getByRole("button", { name: "Load the latest version" }),
    );
    expect(
      await screen.findByText(/Loaded the latest version/),
    ).toBeInTheDocument();
    expect(screen.getByLabelText(/Preferred name/)).toHaveValue("Jo");
    expect(screen.getByLabelText(/Phone/)).toHaveValue("555-0100");
    expect(screen.getByLabelText(/Email/)).toHaveValue("new@example.test");

    await user.click(screen.getByRole("button", { name: "Save changes" }));
    expect(await screen.findByText("Changes saved.")).toBeInTheDocument();
    const patches = calls.filter((c) => c.method === "PATCH");
    expect(patches[1].body).toEqual({ preferred_name: "Jo", version: 5 });
  });

  it("asks for confirmation before archiving", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/clients/client-1/archive": () =>
        json({ ...base, status: "archived", version: 4 }),
    });
    renderDetail();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Archive client" }),
    );
    expect(calls.some((c) => c.url.endsWith("/archive"))).toBe(false);

    const confirm = screen.getByRole("button", { name: "Yes, archive" });
    expect(confirm).toHaveFocus();
    await user.click(confirm);

    expect(await screen.findByText(/Client archived/)).toBeInTheDocument();
    expect(screen.getByText("Archived")).toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Archive client" }),
    ).not.toBeInTheDocument();
  });

  it("says so when the client is not on the caseload", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1": () =>
        problem(404, { title: "Not Found" }),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderDetail();
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "This client could not be found, or is not on your caseload.",
    );
  });

  it("hides clinical figures from the front desk", async () => {
    const {
      current_streak_days: _s,
      last_check_in_on: _l,
      ...demographics
    } = base;
    mockFetch({
      "GET /api/v1/clients/client-1": () => json(demographics),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderDetail(makeMe("front_desk", { id: "fd-1" }));
    expect(await screen.findByLabelText(/Preferred name/)).toBeInTheDocument();
    expect(screen.queryByText("Current streak")).not.toBeInTheDocument();
    expect(screen.queryByText("Last check-in")).not.toBeInTheDocument();
    expect(screen.queryByRole("tablist")).not.toBeInTheDocument();
    expect(
      screen.queryByRole("tab", { name: "Notes" }),
    ).not.toBeInTheDocument();
  });

  it("never asks the server for clinical records as front desk", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderDetail(makeMe("front_desk", { id: "fd-1" }), "overview");
    expect(await screen.findByLabelText(/Preferred name/)).toBeInTheDocument();
    expect(calls.filter((c) => /progress|notes|relapses/.test(c.url))).toEqual(
      [],
    );
  });

  it("opens on the overview with tabs a keyboard can move through", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/clients/client-1/progress": () => json(progressFixture()),
      "GET /api/v1/clients/client-1/screens": () => json(screenListFixture([])),
      "GET /api/v1/clients/client-1/notes": () =>
        json({ items: [], page: 1, per_page: 10, total: 0 }),
    });
    renderDetail(makeMe("clinician"), "");
    const user = userEvent.setup();
    const tablist = await screen.findByRole("tablist", {
      name: "Client record",
    });
    expect(tablist).toBeInTheDocument();
    const overview = screen.getByRole("tab", { name: "Overview" });
    expect(overview).toHaveAttribute("aria-selected", "true");
    expect(screen.getByRole("tabpanel", { name: "Overview" })).toBeVisible();
    expect(await screen.findByText("4 days")).toBeInTheDocument();

    overview.focus();
    await user.keyboard("{ArrowRight}");
    const notes = screen.getByRole("tab", { name: "Notes" });
    expect(notes).toHaveFocus();
    expect(notes).toHaveAttribute("aria-selected", "true");
    expect(overview).toHaveAttribute("tabindex", "-1");
    expect(
      await screen.findByText("No session notes yet."),
    ).toBeInTheDocument();
    expect(screen.getByRole("tabpanel", { name: "Notes" })).toBeVisible();
  });

  it("gives the front desk the self-report link, and nothing clinical", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/clients/client-1/self-report-links": () =>
        json({ items: [], page: 1, per_page: 20, total: 0 }),
    });
    renderDetail(makeMe("front_desk", { id: "fd-1" }), "");
    expect(
      await screen.findByRole("region", { name: "Self-report link" }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole("button", { name: "Create link" }),
    ).toBeInTheDocument();
    expect(
      calls.filter((c) => /check-ins|measure|progress/.test(c.url)),
    ).toEqual([]);
  });

  it("has self-report and measures tabs for clinical roles", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/clients/client-1/self-report-links": () =>
        json({ items: [], page: 1, per_page: 20, total: 0 }),
      "GET /api/v1/clients/client-1/check-ins": () =>
        json({ items: [], page: 1, per_page: 30, total: 0 }),
      "GET /api/v1/clients/client-1/measure-schedules": () =>
        json({ items: [] }),
      "GET /api/v1/clients/client-1/measures": () =>
        json({ items: [], page: 1, per_page: 200, total: 0 }),
    });
    renderDetail(makeMe("clinician"), "self-report");
    const user = userEvent.setup();
    const panel = await screen.findByRole("tabpanel", { name: "Self-report" });
    expect(
      await within(panel).findByRole("region", { name: "Self-report link" }),
    ).toBeInTheDocument();
    expect(
      await within(panel).findByText("No check-ins yet."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("tab", { name: "Measures" }));
    const measures = screen.getByRole("tabpanel", { name: "Measures" });
    expect(
      await within(measures).findByText("No questionnaire is scheduled."),
    ).toBeInTheDocument();
  });

  it("gives clinical roles a Plan tab with the client's plans", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/clients/client-1/relapse-prevention-plan": () =>
        json(relapsePreventionPlanFixture()),
      "GET /api/v1/clients/client-1/safety-plan": () =>
        json(safetyPlanFixture()),
    });
    renderDetail(makeMe("supervisor", { id: "sup-1" }), "plan");
    const panel = await screen.findByRole("tabpanel", { name: "Plan" });
    expect(
      await within(panel).findByRole("heading", {
        name: "Relapse-prevention plan",
      }),
    ).toBeInTheDocument();
    expect(
      await within(panel).findByText("I stop answering texts"),
    ).toBeInTheDocument();
    expect(
      within(panel).getByRole("heading", { name: "Safety plan" }),
    ).toBeInTheDocument();
  });

  it("shows the front desk no Plan tab and never asks for the plans", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1": () => json(base),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "GET /api/v1/clients/client-1/self-report-links": () =>
        json({ items: [], page: 1, per_page: 20, total: 0 }),
      "GET /api/v1/clients/client-1/consents": () =>
        json({ items: [], page: 1, per_page: 200, total: 0 }),
    });
    renderDetail(makeMe("front_desk", { id: "fd-1" }), "plan");
    expect(await screen.findByLabelText(/Preferred name/)).toBeInTheDocument();
    expect(screen.queryByRole("tab", { name: "Plan" })).not.toBeInTheDocument();
    expect(
      screen.queryByRole("heading", {
        name: /Relapse-prevention plan|Safety plan/,
      }),
    ).not.toBeInTheDocument();
    expect(calls.filter((c) => /plan/.test(c.url))).toEqual([]);
  });
});
