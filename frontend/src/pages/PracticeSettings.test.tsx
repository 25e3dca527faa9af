import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import type { PracticeSettings as Settings } from "../api/types";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { PracticeSettings } from "./PracticeSettings";

const PART2 = "Add the 42 CFR Part 2 redisclosure notice to progress reports";

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
  note_due_days: 3,
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
      "Someone else changed the settings; here are the latest. Apply your change again.",
    );
    // The form shows what the other save left, for the owner to decide again.
    await waitFor(() =>
      expect(
        screen.getByRole("checkbox", {
          name: PART2,
        }),
      ).not.toBeChecked(),
    );
    expect(
      screen.getByRole("checkbox", {
        name: "Require two-factor sign-in for all staff",
      }),
    ).not.toBeChecked();
    expect(screen.getByRole("button", { name: "Save" })).toBeEnabled();
  });

  it("shows every setting as the server has it", async () => {
    mockFetch({ "GET /api/v1/practice": () => json(settings) });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });

    const name = await screen.findByRole("textbox", { name: "Practice name" });
    expect(name).toHaveValue("Harbor Light Counseling");
    expect(name).toHaveAccessibleDescription(
      "Shown on progress reports and on the client's self-report page.",
    );
    const zone = screen.getByRole("combobox", { name: "Time zone" });
    expect(zone).toHaveValue("America/Chicago");
    expect(zone).toHaveAccessibleDescription(
      "Calendar days (check-ins, relapses, report periods) are days in this zone.",
    );
    expect(screen.getByRole("checkbox", { name: PART2 })).toBeChecked();
    const paper = screen.getByRole("group", { name: "Report paper" });
    expect(paper).toHaveAccessibleDescription(
      "The paper size progress reports are laid out on.",
    );
    expect(
      within(paper).getByRole("radio", { name: "Letter (US)" }),
    ).toBeChecked();
    expect(within(paper).getByRole("radio", { name: "A4" })).not.toBeChecked();
    const crisis = screen.getByRole("textbox", { name: /Crisis line text/ });
    expect(crisis).toHaveValue("");
    expect(crisis).toHaveAccessibleDescription(
      /Left empty, it is the default text: call or text 988/,
    );
    expect(
      screen.queryByRole("button", { name: "Use the default text" }),
    ).toBeNull();
    expect(screen.queryByRole("status")).toBeNull();
  });

  it("sends only the settings that changed, with the version read", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/practice": () => json(settings),
      "PATCH /api/v1/practice": (call) =>
        json({
          ...settings,
          ...(call.body as Partial<Settings>),
          version: 4,
        }),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    const name = await screen.findByRole("textbox", { name: "Practice name" });
    await user.clear(name);
    await user.type(name, "  Harbor Light Recovery ");
    await user.selectOptions(
      screen.getByRole("combobox", { name: "Time zone" }),
      "America/Denver",
    );
    await user.click(screen.getByRole("radio", { name: "A4" }));
    await user.type(
      screen.getByRole("textbox", { name: /Crisis line text/ }),
      "Call our on-call counselor at 555-0100.",
    );
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Settings saved.",
    );
    const patches = calls.filter((c) => c.method === "PATCH");
    expect(patches.map((c) => c.body)).toEqual([
      {
        name: "Harbor Light Recovery",
        time_zone: "America/Denver",
        report_paper: "a4",
        crisis_text: "Call our on-call counselor at 555-0100.",
        version: 3,
      },
    ]);
    // The rest of the dashboard follows the new name.
    expect(
      screen.getByText(
        "How everyone at Harbor Light Recovery works in Daybreak.",
      ),
    ).toBeInTheDocument();

    // The next save is made against the version the server answered.
    await user.click(screen.getByRole("checkbox", { name: PART2 }));
    expect(screen.getByRole("status")).toHaveTextContent(
      "After saving, progress reports leave out the redisclosure notice.",
    );
    await user.click(screen.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(2),
    );
    expect(calls.filter((c) => c.method === "PATCH")[1].body).toEqual({
      part2_notice: false,
      version: 4,
    });
  });

  it("goes back to the default crisis text by sending null", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/practice": () =>
        json({ ...settings, crisis_text: "Call Harbor Light at 555-0100." }),
      "PATCH /api/v1/practice": () => json({ ...settings, version: 4 }),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    const crisis = await screen.findByRole("textbox", {
      name: /Crisis line text/,
    });
    expect(crisis).toHaveValue("Call Harbor Light at 555-0100.");
    await user.click(
      screen.getByRole("button", { name: "Use the default text" }),
    );
    expect(crisis).toHaveValue("");
    expect(crisis).toHaveFocus();
    expect(crisis).toHaveAccessibleDescription(
      /default text: call or text 988/,
    );
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Settings saved.",
    );
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      crisis_text: null,
      version: 3,
    });
  });

  it("shows the server's field errors under their fields", async () => {
    mockFetch({
      "GET /api/v1/practice": () => json(settings),
      "PATCH /api/v1/practice": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: {
            time_zone: ["must be an IANA time zone such as America/Chicago"],
            crisis_text: ["must not contain control characters"],
          },
        }),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    await user.selectOptions(
      await screen.findByRole("combobox", { name: "Time zone" }),
      "Europe/London",
    );
    await user.type(
      screen.getByRole("textbox", { name: /Crisis line text/ }),
      "Call us.",
    );
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    const zone = screen.getByRole("combobox", { name: "Time zone" });
    expect(zone).toHaveAttribute("aria-invalid", "true");
    expect(zone).toHaveAccessibleDescription(
      /must be an IANA time zone such as America\/Chicago/,
    );
    const crisis = screen.getByRole("textbox", { name: /Crisis line text/ });
    expect(crisis).toHaveAttribute("aria-invalid", "true");
    expect(crisis).toHaveAccessibleDescription(
      /must not contain control characters/,
    );
    expect(
      screen.getByRole("textbox", { name: "Practice name" }),
    ).not.toHaveAttribute("aria-invalid");
    await waitFor(() => expect(zone).toHaveFocus());
  });

  it("checks the name and the crisis text's length before sending", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/practice": () => json(settings),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    await user.clear(
      await screen.findByRole("textbox", { name: "Practice name" }),
    );
    await user.click(screen.getByRole("textbox", { name: /Crisis line text/ }));
    await user.paste("x".repeat(2001));
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(screen.getByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
    expect(
      screen.getByRole("textbox", { name: "Practice name" }),
    ).toHaveAccessibleDescription(/Enter the practice's name\./);
    expect(
      screen.getByRole("textbox", { name: /Crisis line text/ }),
    ).toHaveAccessibleDescription(/Use at most 2,000 characters\./);
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);
  });

  it("says so when nothing changed, without sending", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/practice": () => json(settings),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    await userEvent
      .setup()
      .click(await screen.findByRole("button", { name: "Save" }));

    expect(screen.getByRole("status")).toHaveTextContent(
      "There are no changes to save.",
    );
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);
  });

  it("takes the time zone as typed text where the browser cannot list zones", async () => {
    vi.spyOn(Intl, "supportedValuesOf").mockImplementation(() => {
      throw new RangeError("not supported");
    });
    const { calls } = mockFetch({
      "GET /api/v1/practice": () => json(settings),
      "PATCH /api/v1/practice": () =>
        json({ ...settings, time_zone: "America/Denver", version: 4 }),
    });
    renderSignedIn(<PracticeSettings />, { me: owner, route: "/settings" });
    const user = userEvent.setup();
    const zone = await screen.findByRole("textbox", { name: "Time zone" });
    expect(zone).toHaveValue("America/Chicago");
    expect(zone).toHaveAccessibleDescription(/such as America\/Chicago\./);
    await user.clear(zone);
    await user.type(zone, "America/Denver");
    await user.click(screen.getByRole("button", { name: "Save" }));

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Settings saved.",
    );
    expect(calls.find((c) => c.method === "PATCH")?.body).toEqual({
      time_zone: "America/Denver",
      version: 3,
    });
  });
});
