import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Role } from "../api/types";
import { clientFixture, screenFixture } from "../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { DrugScreens } from "./DrugScreens";

const CLIENTS = "GET /api/v1/clients";
const BULK = "POST /api/v1/screens/bulk";

const clients = [
  clientFixture(),
  clientFixture({ id: "client-2", first_name: "Ana", last_name: "Ruiz" }),
  clientFixture({ id: "client-3", first_name: "Bo", last_name: "Chen" }),
];
const listClients = () =>
  json({ items: clients, page: 1, per_page: 100, total: clients.length });

function renderPage(role: Role = "clinician") {
  renderSignedIn(<DrugScreens />, { me: makeMe(role), route: "/screens" });
}

const user = () => userEvent.setup();

async function setCollection(u: ReturnType<typeof userEvent.setup>) {
  const form = screen.getByRole("form", {
    name: "Record screens for several clients",
  });
  const day = within(form).getByLabelText(/^Date collected/);
  await u.clear(day);
  await u.type(day, "2026-11-30");
  const time = within(form).getByLabelText(/^Time collected/);
  await u.clear(time);
  await u.type(time, "09:15");
  return form;
}

describe("DrugScreens: a morning's screens", () => {
  it("records two clients' screens at once, sending only the tested substances", async () => {
    const { calls } = mockFetch({
      [CLIENTS]: listClients,
      [BULK]: () =>
        json(
          {
            items: [
              screenFixture({ id: "s-1", client_id: "client-1" }),
              screenFixture({ id: "s-2", client_id: "client-2" }),
            ],
          },
          201,
        ),
    });
    renderPage();
    const u = user();
    await screen.findByRole("checkbox", { name: "Lan Tran" });
    const form = await setCollection(u);
    await u.click(within(form).getByLabelText("The collections were observed"));
    await u.click(screen.getByRole("checkbox", { name: "Lan Tran" }));
    await u.click(screen.getByRole("checkbox", { name: "Ana Ruiz" }));

    await u.selectOptions(
      screen.getByLabelText("Cocaine result for Lan Tran"),
      "Positive",
    );
    await u.type(
      screen.getByLabelText("Cocaine cut-off (ng/mL) for Lan Tran"),
      "150",
    );
    await u.selectOptions(
      screen.getByLabelText("Validity for Ana Ruiz"),
      "Dilute",
    );
    // Only what the cup tested is sent: an untested substance is never made negative.
    await u.selectOptions(
      screen.getByLabelText("Fentanyl result for Ana Ruiz"),
      "Negative",
    );
    await u.click(screen.getByRole("button", { name: "Record 2 screens" }));
    expect(await screen.findByText("Recorded 2 screens.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Lan Tran" })).toHaveAttribute(
      "href",
      "/clients/client-1?tab=screens",
    );
    expect(screen.getByRole("link", { name: "Ana Ruiz" })).toHaveAttribute(
      "href",
      "/clients/client-2?tab=screens",
    );
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      collected_at: "2026-11-30T15:15:00Z",
      specimen: "urine",
      method: "point_of_care",
      observed: true,
      screens: [
        {
          client_id: "client-1",
          validity: "normal",
          results: [
            {
              substance: "cocaine",
              result: "positive",
              cutoff_ng_ml: 150,
              confirmation: "unconfirmed",
            },
          ],
        },
        {
          client_id: "client-2",
          validity: "dilute",
          results: [{ substance: "fentanyl", result: "negative" }],
        },
      ],
    });
    // The choices start afresh.
    expect(
      screen.getByRole("checkbox", { name: "Lan Tran" }),
    ).not.toBeChecked();
    expect(screen.queryByLabelText("Cocaine result for Lan Tran")).toBeNull();
    expect(
      screen.getByRole("button", { name: "Record screens" }),
    ).toBeInTheDocument();
  });

  it("shows each 422 error by the client and grid row it names", async () => {
    mockFetch({
      [CLIENTS]: listClients,
      [BULK]: () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: {
            "screens[1].client_id": [
              "has this collection recorded already; correct it on the client's Screens tab",
            ],
            "screens[0].results[1].cutoff_ng_ml": [
              "must be above 0 and at most 1000000 ng/mL",
            ],
          },
        }),
    });
    renderPage();
    const u = user();
    await screen.findByRole("checkbox", { name: "Bo Chen" });
    await setCollection(u);
    // Filtering keeps the chosen clients listed.
    await u.click(screen.getByRole("checkbox", { name: "Lan Tran" }));
    await u.type(screen.getByLabelText("Find a client"), "ruiz");
    expect(screen.queryByRole("checkbox", { name: "Bo Chen" })).toBeNull();
    await u.click(screen.getByRole("checkbox", { name: "Ana Ruiz" }));
    expect(screen.getByRole("checkbox", { name: "Lan Tran" })).toBeChecked();

    await u.selectOptions(
      screen.getByLabelText("Cocaine result for Lan Tran"),
      "Negative",
    );
    await u.selectOptions(
      screen.getByLabelText("Fentanyl result for Lan Tran"),
      "Negative",
    );
    await u.type(
      screen.getByLabelText("Fentanyl cut-off (ng/mL) for Lan Tran"),
      "0",
    );
    await u.click(screen.getByRole("button", { name: "Record 2 screens" }));

    expect(
      await screen.findByText("Please check the highlighted fields."),
    ).toBeInTheDocument();
    const ana = screen.getByRole("region", { name: "Screen for Ana Ruiz" });
    const lan = screen.getByRole("region", { name: "Screen for Lan Tran" });
    expect(ana).toHaveTextContent(
      "Ana Ruiz has this collection recorded already; correct it on the client's Screens tab.",
    );
    expect(lan).not.toHaveTextContent("recorded already");
    expect(screen.getByRole("checkbox", { name: "Ana Ruiz" })).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    const cutoff = within(lan).getByLabelText(
      "Fentanyl cut-off (ng/mL) for Lan Tran",
    );
    expect(cutoff).toHaveAttribute("aria-invalid", "true");
    expect(cutoff).toHaveAccessibleDescription(
      "Fentanyl: must be above 0 and at most 1000000 ng/mL",
    );
    expect(
      within(lan).getByLabelText("Cocaine result for Lan Tran"),
    ).not.toHaveAttribute("aria-invalid");
    expect(screen.getByRole("alert")).toHaveTextContent(
      "Check: Lan Tran, Ana Ruiz.",
    );
  });

  it("shows a 403's detail", async () => {
    mockFetch({
      [CLIENTS]: listClients,
      [BULK]: () =>
        problem(403, {
          title: "Forbidden",
          detail: "Your role does not allow recording these screens.",
        }),
    });
    renderPage();
    const u = user();
    await u.click(await screen.findByRole("checkbox", { name: "Bo Chen" }));
    await u.click(screen.getByRole("button", { name: "Record 1 screen" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Your role does not allow recording these screens.",
    );
  });

  it("lets the front desk record collections only, with no results and no import", async () => {
    const { calls } = mockFetch({
      [CLIENTS]: listClients,
      [BULK]: () => json({ items: [screenFixture()] }, 201),
    });
    renderPage("front_desk");
    const u = user();
    await u.click(await screen.findByRole("checkbox", { name: "Lan Tran" }));
    expect(
      screen.getByText(
        "You record that each specimen was collected; clinical staff add the results.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Cocaine result for Lan Tran")).toBeNull();
    expect(screen.queryByLabelText("Validity for Lan Tran")).toBeNull();
    expect(screen.queryByRole("combobox", { name: /result/ })).toBeNull();
    expect(
      screen.queryByRole("heading", { name: "Import lab results" }),
    ).toBeNull();
    expect(screen.queryByLabelText("Lab results file (CSV)")).toBeNull();

    await u.click(screen.getByRole("button", { name: "Record 1 screen" }));
    expect(await screen.findByText("Recorded 1 screen.")).toBeInTheDocument();
    const body = calls.find((c) => c.method === "POST")!.body as {
      screens: unknown[];
    };
    expect(body.screens).toEqual([{ client_id: "client-1", results: [] }]);
  });
});
