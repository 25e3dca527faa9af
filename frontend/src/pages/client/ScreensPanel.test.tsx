import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Screen } from "../../api/types";
import { alertTab } from "../../clinical";
import {
  medicationFixture,
  screenFixture,
  screenListFixture,
} from "../../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { ScreensPanel } from "./ScreensPanel";

const LIST = "GET /api/v1/clients/client-1/screens";
const RECORD = "POST /api/v1/clients/client-1/screens";
const MEDICATIONS = "GET /api/v1/clients/client-1/medications";

/** Only buprenorphine, prescribed, and found negative; the client reported using that day. */
const prescribedNegative = screenFixture({
  id: "screen-2",
  collected_at: "2026-11-16T16:00:00Z",
  method: "point_of_care",
  observed: false,
  results: [
    { substance: "buprenorphine", result: "negative", cutoff_ng_ml: 10 },
  ],
  reading: {
    valid: true,
    unexpected: [],
    expected: [],
    prescribed_negative: ["buprenorphine"],
  },
  self_report: { used: true },
});

const dilute = screenFixture({
  id: "screen-3",
  collected_at: "2026-11-02T16:00:00Z",
  validity: "dilute",
  results: [{ substance: "cocaine", result: "negative" }],
  reading: {
    valid: false,
    unexpected: [],
    expected: [],
    prescribed_negative: [],
  },
  self_report: null,
});

function renderPanel(role: "clinician" | "front_desk" = "clinician") {
  renderSignedIn(<ScreensPanel clientId="client-1" today="2026-12-07" />, {
    me: makeMe(role, role === "front_desk" ? { id: "fd-1" } : {}),
  });
}

function card(heading: RegExp | string) {
  return screen
    .getByRole("heading", { name: heading })
    .closest("article") as HTMLElement;
}

describe("ScreensPanel", () => {
  it("shows the period's figures and reads each screen as a clinician would", async () => {
    const { calls } = mockFetch({
      [LIST]: () =>
        json(screenListFixture([screenFixture(), prescribedNegative, dilute])),
      [MEDICATIONS]: () => json([medicationFixture()]),
    });
    renderPanel();
    const list = await screen.findByLabelText("Screen figures");
    expect(list).toHaveTextContent("Screens taken8");
    expect(list).toHaveTextContent("Valid7");
    expect(list).toHaveTextContent(
      "Negative (unexpected positives only count against it)85.7% of 7 valid screens",
    );
    expect(list).toHaveTextContent("Longest run of negative screens5 screens");
    expect(calls.find((c) => c.url.includes("/screens"))!.url).toContain(
      "from=2026-09-09&to=2026-12-07",
    );

    const first = card("Nov 30, 2026, 9:15 AM");
    expect(first).toHaveTextContent("Urine · Lab confirmation · Observed");
    const results = within(first).getByRole("list", { name: "Results" });
    const items = within(results).getAllByRole("listitem");
    expect(items.map((li) => li.textContent)).toEqual([
      "Buprenorphine positive — expected, prescribed",
      "Cocaine positive (confirmed, cut-off 150 ng/mL) unexpected",
      "Fentanyl negative",
    ]);
    expect(items[1]).toHaveClass("result-unexpected");
    expect(first).toHaveTextContent("Unexpected positive: Cocaine");
    expect(first).toHaveTextContent("The client reported not using that day.");
    expect(first).toHaveTextContent(
      "Differs from the client’s report: a conversation, not an overwrite.",
    );

    const second = card("Nov 16, 2026, 10:00 AM");
    expect(second).toHaveTextContent("Point-of-care test · Not observed");
    expect(second).toHaveTextContent(
      "Buprenorphine negative (cut-off 10 ng/mL) — prescribed: worth a conversation",
    );
    expect(second).toHaveTextContent("The client reported using that day.");
    expect(second).toHaveTextContent("No unexpected positive.");
    expect(second).not.toHaveTextContent("Differs from");

    const third = card("Nov 2, 2026, 10:00 AM");
    expect(third).toHaveTextContent("Not valid: dilute");
    expect(third).toHaveTextContent("The client did not report on that day.");

    expect(document.body).not.toHaveTextContent(/dirty|clean/i);
    // The alert a confirmed unexpected positive raises opens this tab.
    expect(alertTab("screen_disagrees")).toBe("screens");
    expect(
      await screen.findByRole("list", { name: "Medications" }),
    ).toHaveTextContent("Suboxone");
  });

  it("records a screen with only the tested substances, and shows a 422 by its row", async () => {
    let items: Screen[] = [];
    let attempt = 0;
    const { calls } = mockFetch({
      [LIST]: () => json(screenListFixture(items)),
      [MEDICATIONS]: () => json([]),
      [RECORD]: () => {
        attempt += 1;
        if (attempt === 1)
          return problem(422, {
            title: "Unprocessable Entity",
            errors: { "results[1].cutoff_ng_ml": ["must be more than 0"] },
          });
        items = [screenFixture()];
        return json(items[0], 201);
      },
    });
    renderPanel();
    const user = userEvent.setup();
    expect(
      await screen.findByText("No screen recorded in this period."),
    ).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Record a screen" }));
    const form = screen.getByRole("form", { name: "Record a screen" });
    const day = within(form).getByLabelText(/^Date collected/);
    await user.clear(day);
    await user.type(day, "2026-11-30");
    const time = within(form).getByLabelText(/^Time collected/);
    await user.clear(time);
    await user.type(time, "09:15");
    await user.selectOptions(
      within(form).getByLabelText("Method"),
      "Lab confirmation",
    );
    await user.click(
      within(form).getByLabelText("The collection was observed"),
    );
    await user.selectOptions(
      within(form).getByLabelText("Cocaine result"),
      "Positive",
    );
    expect(within(form).getByLabelText("Cocaine confirmation")).toHaveValue(
      "confirmed",
    );
    await user.type(
      within(form).getByLabelText("Cocaine cut-off (ng/mL)"),
      "150",
    );
    await user.selectOptions(
      within(form).getByLabelText("Fentanyl result"),
      "Negative",
    );
    await user.type(
      within(form).getByLabelText("Fentanyl cut-off (ng/mL)"),
      "0",
    );
    await user.click(within(form).getByRole("button", { name: "Save screen" }));

    const fentanylCutoff = within(form).getByLabelText(
      "Fentanyl cut-off (ng/mL)",
    );
    expect(
      await within(form).findByText("Please check the highlighted fields."),
    ).toBeInTheDocument();
    expect(fentanylCutoff).toHaveAttribute("aria-invalid", "true");
    expect(fentanylCutoff).toHaveAccessibleDescription(
      "Fentanyl: must be more than 0",
    );
    expect(
      within(form).getByLabelText("Cocaine cut-off (ng/mL)"),
    ).not.toHaveAttribute("aria-invalid");

    await user.clear(fentanylCutoff);
    await user.click(within(form).getByRole("button", { name: "Save screen" }));
    expect(
      await screen.findByText(
        "Screen collected Nov 30, 2026, 9:15 AM recorded.",
      ),
    ).toBeInTheDocument();
    const posted = calls.filter((c) => c.method === "POST");
    expect(posted[1].body).toEqual({
      collected_at: "2026-11-30T15:15:00Z",
      specimen: "urine",
      method: "lab_confirmation",
      observed: true,
      validity: "normal",
      results: [
        {
          substance: "cocaine",
          result: "positive",
          cutoff_ng_ml: 150,
          confirmation: "confirmed",
        },
        { substance: "fentanyl", result: "negative" },
      ],
    });
    expect(
      await screen.findByRole("heading", { name: "Nov 30, 2026, 9:15 AM" }),
    ).toBeInTheDocument();
  });

  it("shows the front desk collections only, and records one with no results", async () => {
    const collection = screenFixture({
      results: null,
      reading: null,
      self_report: null,
      recorded_by: "fd-1",
      recorded_by_name: "Sam Front",
    });
    let items: Screen[] = [collection];
    const { calls } = mockFetch({
      [LIST]: () => json(screenListFixture(items, { figures: null })),
      [RECORD]: () => {
        items = [collection, { ...collection, id: "screen-9" }];
        return json(items[1], 201);
      },
    });
    renderPanel("front_desk");
    const user = userEvent.setup();
    const first = await screen.findByRole("article");
    expect(first).toHaveTextContent("recorded by Sam Front");
    expect(first).toHaveTextContent("Results are entered by clinical staff.");
    expect(first).not.toHaveTextContent("Cocaine");
    expect(screen.queryByLabelText("Screen figures")).not.toBeInTheDocument();
    expect(
      screen.queryByRole("button", { name: "Correct" }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText("Medications")).not.toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Record a screen" }));
    const form = screen.getByRole("form", { name: "Record a screen" });
    expect(within(form).queryByLabelText("Cocaine result")).toBeNull();
    expect(within(form).getByText(/Results are entered by clinical staff/));
    await user.selectOptions(
      within(form).getByLabelText("Specimen"),
      "Oral fluid",
    );
    await user.click(within(form).getByRole("button", { name: "Save screen" }));
    expect(await screen.findByText(/^Screen collected .* recorded\.$/));
    const body = calls.find((c) => c.method === "POST")!.body as Record<
      string,
      unknown
    >;
    expect(body).toMatchObject({
      specimen: "oral_fluid",
      method: "point_of_care",
      observed: false,
      results: [],
    });
    expect(body).not.toHaveProperty("validity");
    expect(calls.some((c) => c.url.includes("medications"))).toBe(false);
  });
});
