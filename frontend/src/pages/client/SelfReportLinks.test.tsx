import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type {
  CheckIn,
  NewSelfReportLink,
  SelfReportLink,
} from "../../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { SelfReportLinks } from "./SelfReportLinks";
import { CheckInList } from "./SelfReportPanel";

const URL = "https://care.example.test/r/tok_abc123";

function link(overrides: Partial<SelfReportLink> = {}): SelfReportLink {
  return {
    id: "link-1",
    client_id: "client-1",
    created_at: "2026-03-01T15:00:00Z",
    expires_at: "2026-05-30T15:00:00Z",
    revoked_at: null,
    last_used_at: "2026-03-29T13:30:00Z",
    claimed_at: "2026-03-01T16:00:00Z",
    status: "active",
    created_by: "staff-fd",
    created_by_name: "Sam Front",
    ...overrides,
  };
}

function page(items: SelfReportLink[]) {
  return { items, page: 1, per_page: 20, total: items.length };
}

const LIST = "GET /api/v1/clients/client-1/self-report-links";
const CREATE = "POST /api/v1/clients/client-1/self-report-links";

function renderLinks(
  role: "front_desk" | "clinician" = "front_desk",
  archived = false,
) {
  return renderSignedIn(
    <SelfReportLinks clientId="client-1" archived={archived} />,
    { me: makeMe(role) },
  );
}

describe("SelfReportLinks", () => {
  it("creates a link for 90 days by default and shows it once, with Copy and a QR code", async () => {
    const created: NewSelfReportLink = {
      ...link({ id: "link-2", last_used_at: null, claimed_at: null }),
      url: URL,
      token: "tok_abc123",
    };
    let items: SelfReportLink[] = [];
    const { calls } = mockFetch({
      [LIST]: () => json(page(items)),
      [CREATE]: () => {
        const { url: _u, token: _t, ...stored } = created;
        items = [stored];
        return json(created, 201);
      },
    });
    renderLinks();
    // user-event puts its own clipboard in place of the browser's.
    const user = userEvent.setup();
    expect(
      await screen.findByText("No link has been made for this client yet."),
    ).toBeInTheDocument();
    expect(screen.getByLabelText("Expires after (days)")).toHaveValue(90);
    await user.click(screen.getByRole("button", { name: "Create link" }));

    const shown = await screen.findByRole("group", { name: "New link" });
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      expires_in_days: 90,
    });
    expect(within(shown).getByLabelText("Link")).toHaveValue(URL);
    expect(within(shown).getByText(/shown only now/)).toBeInTheDocument();
    const qr = await within(shown).findByRole("img", {
      name: "QR code of the link",
    });
    expect(qr.querySelector("path")?.getAttribute("d")).toMatch(
      /^M\d+ \d+h1v1h-1z/,
    );

    await user.click(within(shown).getByRole("button", { name: "Copy link" }));
    expect(await navigator.clipboard.readText()).toBe(URL);
    expect(await within(shown).findByText("Link copied.")).toBeInTheDocument();

    // The list reloads with the new link; its token is nowhere once "Done" is pressed.
    const row = (await screen.findByText("by Sam Front")).closest("tr")!;
    expect(row).toHaveTextContent("Active");
    expect(row).toHaveTextContent("Not yet");
    await user.click(within(shown).getByRole("button", { name: "Done" }));
    expect(screen.queryByDisplayValue(URL)).toBeNull();
    expect(document.body).not.toHaveTextContent("tok_abc123");
    expect(
      screen.getByRole("button", { name: "Create link" }),
    ).toBeInTheDocument();
  });

  it("sends a chosen expiry and refuses one out of range", async () => {
    const { calls } = mockFetch({
      [LIST]: () => json(page([])),
      [CREATE]: () => json({ ...link(), url: URL, token: "t" }, 201),
    });
    renderLinks("clinician");
    const user = userEvent.setup();
    const days = await screen.findByLabelText("Expires after (days)");
    await user.clear(days);
    await user.type(days, "400");
    await user.click(screen.getByRole("button", { name: "Create link" }));
    expect(days).toHaveAccessibleDescription(
      "Enter a number of days from 1 to 365.",
    );
    expect(calls.some((c) => c.method === "POST")).toBe(false);
    await user.clear(days);
    await user.type(days, "30");
    await user.click(screen.getByRole("button", { name: "Create link" }));
    await screen.findByRole("group", { name: "New link" });
    expect(calls.find((c) => c.method === "POST")?.body).toEqual({
      expires_in_days: 30,
    });
  });

  it("lists links with their status and revokes one after confirming", async () => {
    const { calls } = mockFetch({
      [LIST]: () =>
        json(
          page([
            link(),
            link({
              id: "link-0",
              status: "expired",
              last_used_at: null,
              claimed_at: null,
            }),
            link({
              id: "link-r",
              status: "revoked",
              revoked_at: "2026-02-10T10:00:00Z",
            }),
          ]),
        ),
      "POST /api/v1/self-report-links/link-1/revoke": () =>
        json(link({ status: "revoked", revoked_at: "2026-03-30T12:00:00Z" })),
    });
    renderLinks();
    const user = userEvent.setup();
    const table = await screen.findByRole("table", {
      name: "Self-report links",
    });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(
      rows.map((r) => within(r).getAllByRole("cell")[0].textContent),
    ).toEqual(["Active", "Expired", "Revoked"]);
    expect(rows[2]).toHaveTextContent(/Revoked Feb 10, 2026/);
    expect(rows[0]).toHaveTextContent(/Opened on a phone on Mar 1, 2026/);
    expect(rows[1]).toHaveTextContent("Not opened yet");
    expect(within(rows[1]).queryByRole("button")).toBeNull();

    await user.click(
      within(rows[0]).getByRole("button", { name: /^Revoke the link/ }),
    );
    const dialog = screen.getByRole("alertdialog");
    expect(dialog).toHaveTextContent(
      "The client can no longer check in with it.",
    );
    expect(calls.some((c) => c.url.endsWith("/revoke"))).toBe(false);
    await user.click(
      within(dialog).getByRole("button", { name: "Yes, revoke" }),
    );
    expect(
      await screen.findByText("Link revoked. It no longer works."),
    ).toBeInTheDocument();
    expect(within(rows[0]).getAllByRole("cell")[0]).toHaveTextContent(
      "Revoked",
    );
    expect(calls.filter((c) => c.url.endsWith("/revoke"))).toHaveLength(1);
  });

  it("says plainly when the client is archived", async () => {
    mockFetch({
      [LIST]: () => json(page([])),
      [CREATE]: () => problem(409, { title: "Conflict", detail: "archived" }),
    });
    renderLinks("front_desk", true);
    expect(
      await screen.findByText("Archived clients cannot get a new link."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Create link" })).toBeNull();
  });
});

describe("CheckInList", () => {
  it("lists check-ins newest first with where each came from", async () => {
    const checkIn = (o: Partial<CheckIn>): CheckIn => ({
      id: "c",
      client_id: "client-1",
      day: "2026-03-30",
      used: false,
      substances: [],
      craving: 2,
      mood: 7,
      attended_meeting: false,
      contacted_sponsor: false,
      note: null,
      source: "self_report",
      created_at: "2026-03-30T20:00:00Z",
      updated_at: "2026-03-30T20:00:00Z",
      ...o,
    });
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/check-ins": () =>
        json({
          items: [
            checkIn({ id: "a", attended_meeting: true, note: "Good day" }),
            checkIn({
              id: "b",
              day: "2026-03-29",
              used: true,
              substances: ["alcohol"],
              craving: 8,
              source: "clinician",
            }),
          ],
          page: 1,
          per_page: 30,
          total: 2,
        }),
    });
    renderSignedIn(<CheckInList clientId="client-1" />);
    const table = await screen.findByRole("table", {
      name: "Check-ins, most recent first",
    });
    const rows = within(table).getAllByRole("row").slice(1);
    expect(rows[0]).toHaveTextContent(
      /Mar 30, 2026.*Abstinent.*2 \/ 10.*7 \/ 10.*Meeting.*Client \(link\).*Good day/,
    );
    expect(rows[1]).toHaveTextContent(
      /Mar 29, 2026.*Used.*Alcohol.*8 \/ 10.*In session/,
    );
    expect(calls[0].url).toContain("per_page=30");
  });
});
