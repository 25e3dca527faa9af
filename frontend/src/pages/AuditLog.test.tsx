import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import type { AuditEvent, Client, Staff } from "../api/types";
import { json, makeMe, mockFetch, renderSignedIn } from "../test/utils";
import { AuditLog, exportFileName } from "./AuditLog";

const owner = makeMe("owner");

const staff: Staff[] = [
  {
    id: owner.id,
    name: owner.name,
    email: owner.email,
    role: "owner",
    active: true,
    two_factor_enabled: false,
    version: 1,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  },
  {
    id: "s-2",
    name: "Sam Okafor",
    email: "sam@example.test",
    role: "clinician",
    active: false,
    two_factor_enabled: false,
    version: 2,
    created_at: "2026-01-05T00:00:00Z",
    updated_at: "2026-01-05T00:00:00Z",
  },
];

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return {
    id: "e-1",
    at: "2026-03-30T14:05:09Z",
    actor_id: "s-2",
    actor_name: "Sam Okafor",
    actor_role: "clinician",
    action: "client.read",
    entity_type: "client",
    entity_id: "client-1",
    client_id: "client-1",
    client_name: "Jordan Mills",
    request_id: "req-1",
    ip: "203.0.113.7",
    outcome: "success",
    detail: null,
    seq: 41,
    ...overrides,
  };
}

const events: AuditEvent[] = [
  event({}),
  event({
    id: "e-2",
    actor_id: null,
    actor_name: null,
    actor_role: null,
    action: "self_report.check_in",
    entity_type: "self_report_link",
    ip: null,
  }),
  event({
    id: "e-3",
    actor_id: null,
    actor_name: null,
    actor_role: null,
    action: "auth.login",
    entity_type: "staff",
    client_id: null,
    client_name: null,
    outcome: "failure",
  }),
  event({
    id: "e-4",
    action: "note.read",
    entity_type: "note",
    outcome: "denied",
  }),
];

function client(id: string, first: string, status: Client["status"]): Client {
  return {
    id,
    first_name: first,
    last_name: "Mills",
    preferred_name: null,
    date_of_birth: null,
    email: null,
    phone: null,
    primary_substance: null,
    recovery_start_date: null,
    clinician_id: null,
    status,
    version: 1,
    created_at: "2026-01-02T10:00:00Z",
    updated_at: "2026-01-02T10:00:00Z",
  };
}

function mockAudit(total = events.length) {
  return mockFetch({
    "GET /api/v1/staff": () =>
      json({ items: staff, page: 1, per_page: 200, total: staff.length }),
    "GET /api/v1/audit": (call) => {
      const page = Number(
        new URL(call.url, "http://x").searchParams.get("page"),
      );
      return json({ items: events, page, per_page: 50, total });
    },
    "GET /api/v1/clients": (call) => {
      const status = new URL(call.url, "http://x").searchParams.get("status");
      return json({
        items:
          status === "archived"
            ? [client("client-9", "Jamie", "archived")]
            : [client("client-1", "Jordan", "active")],
        page: 1,
        per_page: 8,
        total: 1,
      });
    },
    "GET /api/v1/audit.csv": () =>
      new Response("at,action\n", { headers: { "Content-Type": "text/csv" } }),
  });
}

function params(url: string) {
  return Object.fromEntries(new URL(url, "http://x").searchParams);
}

function lastAuditCall(calls: { url: string }[]) {
  const list = calls.filter((c) => c.url.startsWith("/api/v1/audit?"));
  return params(list[list.length - 1].url);
}

describe("AuditLog", () => {
  it("shows who did what, to which client, and marks failures and denials in words", async () => {
    mockAudit();
    renderSignedIn(<AuditLog />, { me: owner, route: "/audit" });

    const table = await screen.findByRole("table", { name: "Audit events" });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows).toHaveLength(4);

    expect(rows[0]).toHaveTextContent("Sam Okafor");
    expect(rows[0]).toHaveTextContent("Clinician");
    expect(rows[0]).toHaveTextContent("client.read");
    expect(rows[0]).toHaveTextContent("Jordan Mills");
    expect(rows[0]).toHaveTextContent("203.0.113.7");
    expect(within(rows[0]).getByText("Success")).toBeInTheDocument();
    const time = rows[0].querySelector("time")!;
    expect(time).toHaveAttribute("dateTime", "2026-03-30T14:05:09Z");
    expect(time.textContent).toMatch(/2026/);

    expect(rows[1]).toHaveTextContent("Client link");
    expect(rows[2]).toHaveTextContent("System");

    const failure = within(rows[2]).getByText("Failure");
    expect(failure).toHaveClass("outcome", "outcome-failure");
    expect(failure.querySelector("svg")).not.toBeNull();
    expect(rows[2]).toHaveClass("row-flagged");
    const denied = within(rows[3]).getByText("Denied");
    expect(denied).toHaveClass("outcome", "outcome-denied");
    expect(rows[3]).toHaveClass("row-flagged");
    expect(rows[0]).not.toHaveClass("row-flagged");
  });

  it("builds the query string from the URL's filters", async () => {
    const { calls } = mockAudit();
    renderSignedIn(<AuditLog />, {
      me: owner,
      route:
        "/audit?actor_id=s-2&client_id=client-1&action=client.read&from=2026-03-01&to=2026-03-31&page=2",
    });
    await screen.findByRole("table", { name: "Audit events" });
    expect(lastAuditCall(calls)).toEqual({
      actor_id: "s-2",
      client_id: "client-1",
      action: "client.read",
      from: "2026-03-01",
      to: "2026-03-31",
      page: "2",
      per_page: "50",
    });
    // The chosen client's name comes from the events, not from reading the client's record.
    expect(screen.getByRole("group", { name: "Client" })).toHaveTextContent(
      "Jordan Mills",
    );
    expect(calls.some((c) => c.url.startsWith("/api/v1/clients/"))).toBe(false);
  });

  it("applies the person, client, action and date filters", async () => {
    const { calls } = mockAudit();
    renderSignedIn(<AuditLog />, { me: owner, route: "/audit" });
    const user = userEvent.setup();
    await screen.findByRole("table", { name: "Audit events" });
    expect(lastAuditCall(calls)).toEqual({ page: "1", per_page: "50" });

    const person = screen.getByLabelText("Person");
    await within(person).findByRole("option", { name: /Sam Okafor/ });
    expect(
      within(person)
        .getAllByRole("option")
        .map((o) => o.textContent),
    ).toEqual(["Anyone", "Dana Rivers", "Sam Okafor (inactive)"]);
    await user.selectOptions(person, "s-2");
    await vi.waitFor(() =>
      expect(lastAuditCall(calls)).toMatchObject({ actor_id: "s-2" }),
    );

    await user.type(screen.getByLabelText("Client"), "Ja");
    await user.click(
      await screen.findByRole("button", { name: /Jamie Mills/ }),
    );
    await vi.waitFor(() =>
      expect(lastAuditCall(calls)).toMatchObject({ client_id: "client-9" }),
    );
    const searches = calls.filter((c) => c.url.startsWith("/api/v1/clients?"));
    expect(searches.map((c) => params(c.url).status).sort()).toEqual([
      "active",
      "archived",
    ]);
    expect(params(searches[0].url).search).toBe("Ja");
    expect(screen.getByRole("group", { name: "Client" })).toHaveTextContent(
      "Jamie Mills",
    );

    const action = screen.getByLabelText("Action");
    expect(action).toHaveAttribute("list", "audit-actions");
    expect(
      document.querySelector('#audit-actions option[value="note.sign"]'),
    ).not.toBeNull();
    await user.type(action, "note.read");
    fireEvent.change(screen.getByLabelText("From"), {
      target: { value: "2025-01-01" },
    });
    fireEvent.change(screen.getByLabelText("To"), {
      target: { value: "2026-03-31" },
    });
    await vi.waitFor(() =>
      expect(lastAuditCall(calls)).toEqual({
        actor_id: "s-2",
        client_id: "client-9",
        action: "note.read",
        from: "2025-01-01",
        to: "2026-03-31",
        page: "1",
        per_page: "50",
      }),
    );

    await user.click(screen.getByRole("button", { name: "Clear filters" }));
    await vi.waitFor(() =>
      expect(lastAuditCall(calls)).toEqual({ page: "1", per_page: "50" }),
    );
    expect(screen.getByLabelText("Action")).toHaveValue("");
  });

  it("refuses a range that ends before it starts without asking the server", async () => {
    const { calls } = mockAudit();
    renderSignedIn(<AuditLog />, {
      me: owner,
      route: "/audit?from=2026-03-31&to=2026-03-01",
    });
    expect(
      await screen.findByText("The end date is before the start date."),
    ).toBeInTheDocument();
    expect(calls.some((c) => c.url.startsWith("/api/v1/audit?"))).toBe(false);
    expect(screen.getByRole("button", { name: "Export CSV" })).toBeDisabled();
  });

  it("pages like the client list", async () => {
    const { calls } = mockAudit(120);
    renderSignedIn(<AuditLog />, { me: owner, route: "/audit?action=x" });
    expect(await screen.findByText("Showing 1–50 of 120")).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole("button", { name: "Next" }));
    expect(
      await screen.findByText("Showing 51–100 of 120"),
    ).toBeInTheDocument();
    expect(lastAuditCall(calls)).toMatchObject({ page: "2", action: "x" });
  });

  it("downloads the CSV with the bearer token and the same filters", async () => {
    const { calls } = mockAudit();
    const createObjectURL = vi.fn((_blob: Blob) => "blob:audit");
    const revokeObjectURL = vi.fn();
    // jsdom has no object URLs.
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    onTestFinished(() => {
      Reflect.deleteProperty(URL, "createObjectURL");
      Reflect.deleteProperty(URL, "revokeObjectURL");
    });
    const clicked: HTMLAnchorElement[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      clicked.push(this);
    });
    renderSignedIn(<AuditLog />, {
      me: owner,
      route:
        "/audit?actor_id=s-2&action=client.read&from=2026-03-01&to=2026-03-31&page=3",
    });
    await screen.findByRole("table", { name: "Audit events" });
    await userEvent
      .setup()
      .click(screen.getByRole("button", { name: "Export CSV" }));

    await vi.waitFor(() => expect(clicked).toHaveLength(1));
    const csv = calls.find((c) => c.url.startsWith("/api/v1/audit.csv"))!;
    expect(params(csv.url)).toEqual({
      actor_id: "s-2",
      action: "client.read",
      from: "2026-03-01",
      to: "2026-03-31",
    });
    expect(csv.headers.Authorization).toBe("Bearer access-1");
    expect(clicked[0].download).toBe("audit-2026-03-01-2026-03-31.csv");
    expect(clicked[0].href).toBe("blob:audit");
    expect(await createObjectURL.mock.calls[0][0].text()).toBe("at,action\n");
    expect(screen.getByRole("button", { name: "Export CSV" })).toBeEnabled();
  });

  it("names the file after the range, or plainly without one", () => {
    expect(exportFileName({ from: "2026-01-01", to: "2026-01-31" })).toBe(
      "audit-2026-01-01-2026-01-31.csv",
    );
    expect(exportFileName({ from: "2026-01-01" })).toBe("audit.csv");
    expect(exportFileName({})).toBe("audit.csv");
  });
});
