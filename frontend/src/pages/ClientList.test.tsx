import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Client } from "../api/types";
import { json, makeMe, mockFetch, renderSignedIn } from "../test/utils";
import { ClientList } from "./ClientList";

function client(overrides: Partial<Client>): Client {
  return {
    id: "client-1",
    first_name: "Jordan",
    last_name: "Mills",
    preferred_name: null,
    date_of_birth: "1988-03-14",
    email: null,
    phone: null,
    primary_substance: "alcohol",
    recovery_start_date: "2026-01-02",
    clinician_id: "c-1",
    status: "active",
    version: 1,
    created_at: "2026-01-02T10:00:00Z",
    updated_at: "2026-01-02T10:00:00Z",
    ...overrides,
  };
}

const clinicalPage = {
  items: [
    client({
      preferred_name: "Jo",
      current_streak_days: 12,
      last_check_in_on: "2026-02-01",
    }),
    client({
      id: "client-2",
      first_name: "Alex",
      last_name: "Reyes",
      primary_substance: "prescription_opioids",
      clinician_id: null,
      current_streak_days: null,
      last_check_in_on: null,
    }),
  ],
  page: 1,
  per_page: 25,
  total: 2,
};

const clinicians = {
  items: [{ id: "c-1", name: "Sam Okafor", role: "clinician" }],
};

describe("ClientList", () => {
  it("shows the streak and last check-in columns to clinical roles", async () => {
    mockFetch({
      "GET /api/v1/clients": () => json(clinicalPage),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderSignedIn(<ClientList />, { me: makeMe("supervisor") });

    const row = (
      await screen.findByRole("link", { name: "Jordan Mills (Jo)" })
    ).closest("tr")!;
    expect(
      screen.getByRole("columnheader", { name: "Current streak" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("columnheader", { name: "Last check-in" }),
    ).toBeInTheDocument();
    expect(within(row).getByText("12 days")).toBeInTheDocument();
    expect(within(row).getByText("Alcohol")).toBeInTheDocument();
    expect(await within(row).findByText("Sam Okafor")).toBeInTheDocument();

    const other = screen
      .getByRole("link", { name: "Alex Reyes" })
      .closest("tr")!;
    expect(within(other).getByText("Prescription opioids")).toBeInTheDocument();
    expect(within(other).getByText("Unassigned")).toBeInTheDocument();
    expect(within(other).getByText("None yet")).toBeInTheDocument();
  });

  it("leaves the clinical columns out for the front desk", async () => {
    const { items } = clinicalPage;
    mockFetch({
      "GET /api/v1/clients": () =>
        json({
          ...clinicalPage,
          items: items.map(
            ({ current_streak_days: _s, last_check_in_on: _l, ...rest }) =>
              rest,
          ),
        }),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderSignedIn(<ClientList />, { me: makeMe("front_desk") });

    expect(
      await screen.findByRole("link", { name: "Jordan Mills (Jo)" }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByRole("columnheader").map((h) => h.textContent),
    ).toEqual(["Name", "Date of birth", "Primary substance", "Clinician"]);
    expect(screen.queryByText(/days$/)).not.toBeInTheDocument();
  });

  it("searches on the server after typing stops, and filters by status", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderSignedIn(<ClientList />, { me: makeMe("clinician") });
    const user = userEvent.setup();
    await screen.findByText(/No clients yet/);

    await user.type(
      screen.getByRole("searchbox", { name: "Search clients" }),
      "zoë",
    );
    expect(
      await screen.findByText("No active clients match “zoë”."),
    ).toBeInTheDocument();
    const searches = calls.filter((c) => c.url.startsWith("/api/v1/clients?"));
    const last = new URL(searches[searches.length - 1].url, "http://x");
    expect(last.searchParams.get("search")).toBe("zoë");
    expect(last.searchParams.get("status")).toBe("active");
    // Debounced: not one request per keystroke.
    expect(
      searches.filter((c) => c.url.includes("search=")).length,
    ).toBeLessThanOrEqual(2);

    await user.click(screen.getByRole("radio", { name: "Archived" }));
    expect(
      await screen.findByText("No archived clients match “zoë”."),
    ).toBeInTheDocument();
    const archived = calls.filter((c) => c.url.includes("status=archived"));
    expect(archived.length).toBeGreaterThan(0);
  });

  it("pages through long lists", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients": (call) => {
        const page = Number(
          new URL(call.url, "http://x").searchParams.get("page"),
        );
        return json({
          items: [client({ id: `p${page}`, first_name: `Page${page}` })],
          page,
          per_page: 25,
          total: 30,
        });
      },
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderSignedIn(<ClientList />, { me: makeMe("owner") });
    expect(await screen.findByText("Showing 1–25 of 30")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Next" }));
    expect(
      await screen.findByRole("link", { name: "Page2 Mills" }),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.url.includes("page=2"))).toBe(true);
  });
});
