import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Consent, Disclosure } from "../../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { ConsentsPanel } from "./ConsentsPanel";

const LIST = "GET /api/v1/clients/client-1/consents";
const CREATE = "POST /api/v1/clients/client-1/consents";
const DISCLOSURES = "GET /api/v1/clients/client-1/disclosures";

function consent(overrides: Partial<Consent> = {}): Consent {
  return {
    id: "consent-1",
    client_id: "client-1",
    recipient: "Harbor County Drug Court",
    purpose: "Compliance with the drug court program",
    information: "Progress reports and attendance",
    includes_notes: false,
    expires_on: null,
    expiry_event: "End of probation",
    signed_on: "2026-03-01",
    status: "active",
    recorded_by: "fd-1",
    recorded_by_name: "Sam Front",
    recorded_at: "2026-03-01T15:00:00Z",
    revoked_on: null,
    revoked_by_name: null,
    version: 1,
    ...overrides,
  };
}

const page = <T,>(items: T[]) => ({
  items,
  page: 1,
  per_page: 200,
  total: items.length,
});

const disclosure: Disclosure = {
  at: "2026-03-20T16:00:00Z",
  recipient: "Harbor County Drug Court",
  purpose: "Compliance with the drug court program",
  consent_id: "consent-1",
  what: "Progress report 2026-02-19 to 2026-03-20, without session notes",
  by: "staff-me",
  by_name: "Dana Rivers",
};

function renderPanel() {
  renderSignedIn(<ConsentsPanel clientId="client-1" today="2026-03-30" />, {
    me: makeMe("front_desk", { id: "fd-1" }),
  });
}

describe("ConsentsPanel", () => {
  it("records a consent from the front desk, with the server's field errors first", async () => {
    let items: Consent[] = [];
    let attempt = 0;
    const { calls } = mockFetch({
      [LIST]: () => json(page(items)),
      [DISCLOSURES]: () => json(page([])),
      [CREATE]: () => {
        attempt += 1;
        if (attempt === 1)
          return problem(422, {
            title: "Unprocessable Entity",
            errors: {
              expires_on: [
                "a consent says when it ends: give a date, or the event (expiry_event)",
              ],
            },
          });
        items = [consent()];
        return json(items[0], 201);
      },
    });
    renderPanel();
    const user = userEvent.setup();
    expect(
      await screen.findByText("No consent has been recorded yet."),
    ).toBeInTheDocument();
    expect(screen.getByText("Nothing has been disclosed.")).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Record a consent" }));
    const form = screen.getByRole("form", { name: "Record a consent" });
    await user.type(
      within(form).getByLabelText(/^Recipient/),
      "Harbor County Drug Court",
    );
    await user.type(
      within(form).getByLabelText(/^Purpose/),
      "Compliance with the drug court program",
    );
    await user.type(
      within(form).getByLabelText(/^Information/),
      "Progress reports and attendance",
    );
    await user.click(
      within(form).getByRole("button", { name: "Record consent" }),
    );
    expect(
      within(form).getByLabelText(/^Expires on/),
    ).toHaveAccessibleDescription(/says when it ends/);

    await user.type(
      within(form).getByLabelText(/Ends with the event/),
      "End of probation",
    );
    await user.click(
      within(form).getByRole("button", { name: "Record consent" }),
    );
    expect(
      await screen.findByText(
        "Consent to disclose to Harbor County Drug Court recorded.",
      ),
    ).toBeInTheDocument();
    const posted = calls.filter((c) => c.method === "POST");
    expect(posted[1].body).toEqual({
      recipient: "Harbor County Drug Court",
      purpose: "Compliance with the drug court program",
      information: "Progress reports and attendance",
      includes_notes: false,
      signed_on: "2026-03-30",
      expiry_event: "End of probation",
    });
    const table = await screen.findByRole("table", { name: "Consents" });
    expect(within(table).getByText("Active")).toBeInTheDocument();
    expect(within(table).getByText("No session notes")).toBeInTheDocument();
  });

  it("revokes a consent after confirming, and lists the disclosures made", async () => {
    let items = [consent()];
    const { calls } = mockFetch({
      [LIST]: () => json(page(items)),
      [DISCLOSURES]: () => json(page([disclosure])),
      "POST /api/v1/consents/consent-1/revoke": () => {
        items = [
          consent({ status: "revoked", revoked_on: "2026-03-30", version: 2 }),
        ];
        return json(items[0]);
      },
    });
    renderPanel();
    const user = userEvent.setup();
    const disclosures = await screen.findByRole("table", {
      name: "Disclosures",
    });
    expect(disclosures).toHaveTextContent("Under the client’s consent");
    expect(disclosures).toHaveTextContent("Dana Rivers");

    await user.click(
      await screen.findByRole("button", {
        name: "Revoke the consent to disclose to Harbor County Drug Court",
      }),
    );
    expect(calls.some((c) => c.url.endsWith("/revoke"))).toBe(false);
    await user.click(
      within(screen.getByRole("alertdialog")).getByRole("button", {
        name: "Yes, revoke",
      }),
    );
    expect(
      await screen.findByText(/revoked: nothing more goes out under it/),
    ).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "Consents" });
    expect(await within(table).findByText("Revoked")).toBeInTheDocument();
    expect(within(table).getByText("Revoked Mar 30, 2026")).toBeInTheDocument();
  });

  it("attaches the signed paper as the file itself, then offers it for download", async () => {
    let items = [consent()];
    const { calls } = mockFetch({
      [LIST]: () => json(page(items)),
      [DISCLOSURES]: () => json(page([])),
      "PUT /api/v1/consents/consent-1/document": () => {
        items = [consent({ document_type: "application/pdf" })];
        return json(items[0]);
      },
    });
    renderPanel();
    const user = userEvent.setup();
    const input = await screen.findByLabelText(
      "Attach the signed copy of the consent to Harbor County Drug Court",
    );
    const file = new File(["%PDF-1.7 signed"], "consent.pdf", {
      type: "application/pdf",
    });
    await user.upload(input, file);
    expect(
      await screen.findByText(
        /signed copy of the consent to Harbor County Drug Court is attached/,
      ),
    ).toBeInTheDocument();
    const put = calls.find((c) => c.method === "PUT")!;
    expect(put.headers["Content-Type"]).toBe("application/pdf");
    expect(
      await screen.findByRole("button", {
        name: "Download the signed copy of the consent to Harbor County Drug Court",
      }),
    ).toBeInTheDocument();
  });
});
