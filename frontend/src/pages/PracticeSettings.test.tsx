import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { PracticeSettings as Settings } from "../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { PracticeSettings } from "./PracticeSettings";

const owner = makeMe("owner", {
  two_factor_enabled: true,
  recovery_codes_left: 10,
});

const settings: Settings = {
  id: "practice-1",
  name: "Harbor Light Counseling",
  time_zone: "America/Chicago",
  part2_notice: true,
  crisis_text: null,
  report_paper: "letter",
  require_two_factor: false,
  version: 3,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
};

describe("PracticeSettings", () => {
  it("requires two-factor sign-in for all staff, saving against the version read", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/practice": () => json(settings),
      "PATCH /api/v1/practice": () =>
        json({ ...settings, require_two_factor: true, version: 4 }),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const checkbox = await screen.findByRole("checkbox", {
      name: "Require two-factor sign-in for all staff",
    });
    expect(checkbox).not.toBeChecked();
    expect(checkbox).toHaveAccessibleDescription(
      "Members without it will be asked to set it up before they can open any record.",
    );
    const user = userEvent.setup();
    await user.click(checkbox);
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Saved. Every staff member now signs in with two-factor.",
    );
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toEqual({ require_two_factor: true, version: 3 });
    expect(checkbox).toBeChecked();
  });

  it("warns an owner without two-factor that its setup comes next", async () => {
    mockFetch({ "GET /api/v1/practice": () => json(settings) });
    renderSignedIn(<PracticeSettings />, {
      me: makeMe("owner"),
      route: "/settings",
    });
    await userEvent.setup().click(
      await screen.findByRole("checkbox", {
        name: "Require two-factor sign-in for all staff",
      }),
    );
    expect(screen.getByRole("status")).toHaveTextContent(
      "You have not set up two-factor sign-in yourself yet.",
    );
  });

  it("reloads and says so when someone else saved first", async () => {
    let version = 3;
    mockFetch({
      "GET /api/v1/practice": () =>
        json({ ...settings, version, part2_notice: version === 3 }),
      "PATCH /api/v1/practice": () => {
        version = 4;
        return problem(409, { title: "Conflict", detail: "stale version" });
      },
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("checkbox", {
        name: "Require two-factor sign-in for all staff",
      }),
    );
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Someone else changed the practice settings a moment ago.",
    );
    // The form shows what the other save left, for the owner to decide again.
    await waitFor(() =>
      expect(
        screen.getByRole("checkbox", {
          name: "Require two-factor sign-in for all staff",
        }),
      ).not.toBeChecked(),
    );
  });
});
