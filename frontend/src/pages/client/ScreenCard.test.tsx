import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Screen } from "../../api/types";
import { screenFixture, screenListFixture } from "../../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { ScreensPanel } from "./ScreensPanel";

const LIST = "GET /api/v1/clients/client-1/screens";
const MEDICATIONS = "GET /api/v1/clients/client-1/medications";
const AMEND = "POST /api/v1/screens/screen-1/amend";

/** The lab's answer: cocaine was a false positive of the point-of-care cup. */
const corrected = screenFixture({
  id: "screen-1b",
  results: [
    {
      substance: "buprenorphine",
      result: "positive",
      confirmation: "confirmed",
    },
    {
      substance: "cocaine",
      result: "negative",
      cutoff_ng_ml: 150,
    },
    { substance: "fentanyl", result: "negative" },
  ],
  reading: {
    valid: true,
    unexpected: [],
    expected: ["buprenorphine"],
    prescribed_negative: [],
  },
  amends: "screen-1",
  amend_reason: "Lab confirmation received",
  recorded_at: "2026-12-02T18:00:00Z",
  recorded_by_name: "Lee Park",
});

function renderPanel() {
  renderSignedIn(<ScreensPanel clientId="client-1" today="2026-12-07" />, {
    me: makeMe("clinician"),
  });
}

describe("ScreenCard", () => {
  it("corrects a screen with a reason, keeps the original, and lists the history", async () => {
    let items: Screen[] = [screenFixture()];
    const { calls } = mockFetch({
      [LIST]: () => json(screenListFixture(items)),
      [MEDICATIONS]: () => json([]),
      [AMEND]: () => {
        items = [corrected];
        return json(corrected, 201);
      },
      "GET /api/v1/screens/screen-1b": () =>
        json({
          ...corrected,
          history: [{ ...screenFixture(), amended_by: "screen-1b" }, corrected],
        }),
    });
    renderPanel();
    const user = userEvent.setup();
    const article = await screen.findByRole("article");
    await user.click(within(article).getByRole("button", { name: "Correct" }));
    const form = within(article).getByRole("form", {
      name: "Correct this screen",
    });
    expect(within(form).getByLabelText("Cocaine result")).toHaveValue(
      "positive",
    );
    expect(within(form).getByLabelText("Cocaine cut-off (ng/mL)")).toHaveValue(
      "150",
    );

    await user.click(
      within(form).getByRole("button", { name: "Save correction" }),
    );
    expect(
      within(form).getByLabelText(/^Reason for the correction/),
    ).toHaveAccessibleDescription(/Say why the result is corrected/);
    expect(calls.some((c) => c.method === "POST")).toBe(false);

    await user.type(
      within(form).getByLabelText(/^Reason for the correction/),
      "Lab confirmation received",
    );
    await user.selectOptions(
      within(form).getByLabelText("Cocaine result"),
      "Negative",
    );
    await user.click(
      within(form).getByRole("button", { name: "Save correction" }),
    );
    expect(
      await screen.findByText(
        "Correction saved. The original is kept in the history.",
      ),
    ).toBeInTheDocument();
    expect(calls.find((c) => c.method === "POST")!.body).toEqual({
      reason: "Lab confirmation received",
      validity: "normal",
      results: [
        {
          substance: "buprenorphine",
          result: "positive",
          confirmation: "confirmed",
        },
        { substance: "cocaine", result: "negative", cutoff_ng_ml: 150 },
        { substance: "fentanyl", result: "negative" },
      ],
    });

    const updated = await screen.findByText("Corrected:");
    const card = updated.closest("article") as HTMLElement;
    expect(card).toHaveTextContent("Corrected: Lab confirmation received");
    expect(card).toHaveTextContent("Cocaine negative (cut-off 150 ng/mL)");
    expect(card).not.toHaveTextContent("Differs from");

    await user.click(
      within(card).getByRole("button", { name: "Show history" }),
    );
    const history = await within(card).findByRole("list", {
      name: "History of this screen",
    });
    const rows = Array.from(history.querySelectorAll(":scope > li"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toHaveTextContent(/^Original · recorded Nov 30, 2026/);
    expect(rows[0]).toHaveTextContent(
      "Cocaine positive (confirmed, cut-off 150 ng/mL)",
    );
    expect(rows[1]).toHaveTextContent(
      /^Correction 1 \(current\) · recorded Dec 2, 2026, 12:00 PM by Lee Park/,
    );
    expect(rows[1]).toHaveTextContent("Reason: Lab confirmation received");
  });

  it("says when someone else corrected the screen first, and loads the latest", async () => {
    let items: Screen[] = [screenFixture()];
    let listed = 0;
    mockFetch({
      [LIST]: () => {
        listed += 1;
        return json(screenListFixture(items));
      },
      [MEDICATIONS]: () => json([]),
      [AMEND]: () => {
        items = [corrected];
        return problem(409, {
          title: "Conflict",
          detail: "this screen was already corrected: amend the latest",
        });
      },
    });
    renderPanel();
    const user = userEvent.setup();
    const article = await screen.findByRole("article");
    await user.click(within(article).getByRole("button", { name: "Correct" }));
    await user.type(
      within(article).getByLabelText(/^Reason for the correction/),
      "Entered against the wrong substance",
    );
    await user.click(
      within(article).getByRole("button", { name: "Save correction" }),
    );
    const alert = await within(article).findByRole("alert");
    expect(alert).toHaveTextContent(
      "This screen was corrected by someone else meanwhile. Nothing was overwritten",
    );
    expect(
      within(article).getByRole("button", { name: "Save correction" }),
    ).toBeDisabled();

    await user.click(
      within(alert).getByRole("button", { name: "Load the latest result" }),
    );
    expect(
      await screen.findByText("Lab confirmation received"),
    ).toBeInTheDocument();
    expect(listed).toBe(2);
    expect(
      screen.queryByRole("form", { name: "Correct this screen" }),
    ).not.toBeInTheDocument();
  });
});
