import { fireEvent, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { RelapsePreventionPlan, SafetyPlan } from "../../api/types";
import {
  relapsePreventionPlanFixture,
  safetyPlanFixture,
} from "../../test/fixtures";
import { json, mockFetch, problem, renderSignedIn } from "../../test/utils";
import { PlansPanel } from "./PlansPanel";

const PLAN = "/api/v1/clients/client-1/relapse-prevention-plan";
const SAFETY = "/api/v1/clients/client-1/safety-plan";

function renderPanel() {
  renderSignedIn(<PlansPanel clientId="client-1" />);
}

const withoutVersion = (body: unknown) => {
  const { version: _v, ...rest } = body as { version: number };
  return rest;
};

async function openEditor() {
  const user = userEvent.setup();
  const section = await screen.findByRole("region", {
    name: "Relapse-prevention plan",
  });
  await user.click(
    await within(section).findByRole("button", {
      name: "Edit the relapse-prevention plan",
    }),
  );
  const form = screen.getByRole("form", {
    name: "Edit the relapse-prevention plan",
  });
  return { user, section, form };
}

describe("PlansPanel", () => {
  it("shows the relapse-prevention plan read-only, and offers to write a safety plan", async () => {
    mockFetch({
      [`GET ${PLAN}`]: () => json(relapsePreventionPlanFixture()),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
    });
    renderPanel();
    const section = await screen.findByRole("region", {
      name: "Relapse-prevention plan",
    });
    expect(
      await within(section).findByText(/^Version 3, saved by Dana Rivers on /),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent("I stop answering texts");
    expect(section).toHaveTextContent("Pleasant times with others");
    expect(section).not.toHaveTextContent(/pleasant_times|unpleasant_emotions/);
    expect(section).toHaveTextContent("Tuesday night AA · Tuesdays at 19:30");
    const steps = within(section)
      .getByRole("heading", { name: "Coping steps, in order" })
      .closest("section")!;
    expect(
      within(steps)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Leave the room", "Call Sam", "Go to the 7 pm meeting"]);
    expect(
      within(section).getByRole("link", { name: "555-0100" }),
    ).toHaveAttribute("href", "tel:5550100");
    expect(within(section).queryByRole("textbox")).toBeNull();

    const safety = screen.getByRole("region", { name: "Safety plan" });
    expect(
      await within(safety).findByText(
        "No safety plan. Write one for a client at risk.",
      ),
    ).toBeInTheDocument();
    expect(
      within(safety).getByRole("button", { name: "Write a safety plan" }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/sees the latest version .* check-in link/),
    ).toBeInTheDocument();
  });

  it("saves the whole plan with the version it started from and shows the new version", async () => {
    const { calls } = mockFetch({
      [`GET ${PLAN}`]: () => json(relapsePreventionPlanFixture()),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
      [`PUT ${PLAN}`]: (call) =>
        json({
          ...relapsePreventionPlanFixture(),
          ...withoutVersion(call.body),
          version: 4,
          written_at: "2026-03-30T15:00:00Z",
        }),
    });
    renderPanel();
    const { user, section, form } = await openEditor();

    await user.click(
      within(form).getByRole("button", { name: "Add a warning sign" }),
    );
    const added = within(form).getByLabelText("Warning sign 3");
    expect(added).toHaveFocus();
    expect(added).toHaveAttribute(
      "placeholder",
      expect.stringContaining("In their words"),
    );
    await user.type(added, "I drive past the bar");
    await user.click(
      within(form).getByRole("button", { name: "Move step 3 up" }),
    );
    await user.click(
      within(form).getByRole("button", { name: "Remove reason 1" }),
    );
    // A row left empty is not sent.
    await user.click(
      within(form).getByRole("button", { name: "Add a reason" }),
    );
    await user.click(
      within(form).getByRole("checkbox", { name: "Social pressure" }),
    );
    await user.click(
      within(form).getByRole("button", { name: "Add a person" }),
    );
    const person = within(form).getByRole("group", { name: "Person 2" });
    await user.type(within(person).getByLabelText("Name"), "Ana");
    await user.selectOptions(
      within(person).getByLabelText("How they help"),
      "Family",
    );
    await user.type(within(person).getByLabelText(/Phone/), "555 0199");
    const meeting = within(form).getByRole("group", { name: "Meeting 1" });
    await user.selectOptions(
      within(meeting).getByLabelText(/Day/),
      "Wednesday",
    );
    fireEvent.change(within(meeting).getByLabelText(/Time/), {
      target: { value: "20:00" },
    });
    await user.click(within(form).getByRole("button", { name: "Save plan" }));

    expect(
      await within(section).findByText("Saved as version 4."),
    ).toBeInTheDocument();
    expect(
      within(section).getByText(/^Version 4, saved by Dana Rivers on /),
    ).toBeInTheDocument();
    expect(section).toHaveTextContent("I drive past the bar");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({
      version: 3,
      warning_signs: [
        "I stop answering texts",
        "Skipping breakfast, again",
        "I drive past the bar",
      ],
      high_risk_situations: [
        "unpleasant_emotions",
        "pleasant_times_with_others",
        "social_pressure",
      ],
      coping_steps: ["Leave the room", "Go to the 7 pm meeting", "Call Sam"],
      reasons: [],
      people: [
        { name: "Sam", role: "sponsor", phone: "555-0100" },
        { name: "Ana", role: "family", phone: "555 0199" },
      ],
      meetings: [
        {
          name: "Tuesday night AA",
          day_of_week: "wednesday",
          time: "20:00",
          place: "St. Mark's hall",
          url: null,
        },
      ],
    });
  });

  it("keeps the typed text after a conflict until the latest version is loaded, and can put it back", async () => {
    let latest: RelapsePreventionPlan = relapsePreventionPlanFixture();
    const { calls } = mockFetch({
      [`GET ${PLAN}`]: () => json(latest),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
      [`PUT ${PLAN}`]: (call) => {
        if ((call.body as { version: number }).version === 3) {
          latest = relapsePreventionPlanFixture({
            version: 4,
            written_by_name: "Lee Chen",
            warning_signs: ["Nights alone"],
          });
          return problem(409, {
            title: "Conflict",
            detail:
              "The plan was saved by someone else since you opened it (it is at version 4 now). Nothing was saved: open it again to see their changes.",
          });
        }
        return json({ ...latest, ...withoutVersion(call.body), version: 5 });
      },
    });
    renderPanel();
    const { user, form } = await openEditor();
    await user.click(
      within(form).getByRole("button", { name: "Add a warning sign" }),
    );
    await user.type(
      within(form).getByLabelText("Warning sign 3"),
      "I drive past the bar",
    );
    await user.click(within(form).getByRole("button", { name: "Save plan" }));

    expect(await within(form).findByRole("alert")).toHaveTextContent(
      "saved by someone else since you opened it (it is at version 4 now)",
    );
    expect(within(form).getByLabelText("Warning sign 3")).toHaveValue(
      "I drive past the bar",
    );
    expect(
      within(form).getByRole("button", { name: "Save plan" }),
    ).toBeDisabled();

    await user.click(
      within(form).getByRole("button", { name: "Load the latest version" }),
    );
    const unsaved = await within(form).findByRole("region", {
      name: "Your unsaved text",
    });
    expect(unsaved).toHaveTextContent("I drive past the bar");
    expect(within(form).getByLabelText("Warning sign 1")).toHaveValue(
      "Nights alone",
    );
    expect(within(form).queryByLabelText("Warning sign 3")).toBeNull();
    expect(form).toHaveTextContent("Editing version 4");

    await user.click(
      within(unsaved).getByRole("button", { name: "Put my text back" }),
    );
    expect(within(form).getByLabelText("Warning sign 3")).toHaveValue(
      "I drive past the bar",
    );
    await user.click(within(form).getByRole("button", { name: "Save plan" }));
    expect(await screen.findByText("Saved as version 5.")).toBeInTheDocument();
    const puts = calls.filter((c) => c.method === "PUT");
    expect(puts).toHaveLength(2);
    expect(puts[1].body).toMatchObject({
      version: 4,
      warning_signs: [
        "I stop answering texts",
        "Skipping breakfast, again",
        "I drive past the bar",
      ],
    });
  });

  it("shows each problem by its field, on the row the clinician sees", async () => {
    const { calls } = mockFetch({
      [`GET ${PLAN}`]: () => json(relapsePreventionPlanFixture()),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
      [`PUT ${PLAN}`]: () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: {
            "people[1].phone": [
              "must be a phone number (digits, spaces, + - ( ) .)",
            ],
            "meetings[0].time": ["must be a time like 19:30 (24-hour)"],
            reasons: ["can hold at most 20 items"],
          },
        }),
    });
    renderPanel();
    const { user, form } = await openEditor();
    // Person 2 stays empty (and is not sent); person 3 is the second one sent.
    await user.click(
      within(form).getByRole("button", { name: "Add a person" }),
    );
    await user.click(
      within(form).getByRole("button", { name: "Add a person" }),
    );
    const third = within(form).getByRole("group", { name: "Person 3" });
    await user.type(within(third).getByLabelText(/Phone/), "call me");
    await user.click(within(form).getByRole("button", { name: "Save plan" }));

    // A row with a phone but no name is caught before anything is sent.
    expect(within(third).getByLabelText("Name")).toHaveAccessibleDescription(
      "Enter a name.",
    );
    expect(calls.some((c) => c.method === "PUT")).toBe(false);

    await user.type(within(third).getByLabelText("Name"), "Ana");
    await user.click(within(form).getByRole("button", { name: "Save plan" }));
    expect(
      await within(third).findByLabelText(/Phone/),
    ).toHaveAccessibleDescription(
      "The phone number must be a phone number (digits, spaces, + - ( ) .).",
    );
    expect(
      (calls.find((c) => c.method === "PUT")?.body as { people: unknown[] })
        .people,
    ).toHaveLength(2);
    const second = within(form).getByRole("group", { name: "Person 2" });
    expect(
      within(second).getByLabelText(/Phone/),
    ).not.toHaveAccessibleDescription();
    const meeting = within(form).getByRole("group", { name: "Meeting 1" });
    expect(within(meeting).getByLabelText(/Time/)).toHaveAccessibleDescription(
      "The time must be a time like 19:30 (24-hour).",
    );
    expect(
      within(form).getByRole("group", { name: "Reasons for recovery" }),
    ).toHaveAccessibleDescription("This list can hold at most 20 items.");
    expect(within(form).getByRole("alert")).toHaveTextContent(
      "Please check the highlighted fields.",
    );
  });

  it("lists the versions, and shows one read-only when chosen", async () => {
    const v2 = relapsePreventionPlanFixture({
      version: 2,
      written_by_name: "Lee Chen",
      written_at: "2026-03-10T15:00:00Z",
      warning_signs: ["Payday"],
    });
    const v1 = relapsePreventionPlanFixture({
      version: 1,
      written_by_name: "Lee Chen",
      written_at: "2026-03-01T15:00:00Z",
    });
    const { calls } = mockFetch({
      [`GET ${PLAN}`]: () => json(relapsePreventionPlanFixture()),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
      [`GET ${PLAN}/versions`]: () =>
        json({
          items: [relapsePreventionPlanFixture(), v2, v1],
          page: 1,
          per_page: 10,
          total: 3,
        }),
    });
    renderPanel();
    const user = userEvent.setup();
    const section = await screen.findByRole("region", {
      name: "Relapse-prevention plan",
    });
    const toggle = await within(section).findByRole("button", {
      name: "History of the relapse-prevention plan",
    });
    expect(toggle).toHaveAttribute("aria-expanded", "false");
    expect(calls.some((c) => c.url.includes("/versions"))).toBe(false);
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");

    const list = await within(section).findByRole("list", {
      name: "Versions of the relapse-prevention plan",
    });
    const rows = within(list).getAllByRole("listitem");
    expect(rows).toHaveLength(3);
    expect(rows[0]).toHaveTextContent("Version 3 (current)");
    expect(rows[0]).toHaveTextContent("Dana Rivers");
    expect(rows[1]).toHaveTextContent("Version 2");
    expect(rows[1]).toHaveTextContent("Lee Chen");
    expect(calls.find((c) => c.url.includes("/versions"))?.url).toContain(
      "page=1",
    );

    await user.click(
      within(list).getByRole("button", { name: "Show version 2" }),
    );
    const shown = within(section).getByRole("region", {
      name: /^Version 2, saved by Lee Chen on /,
    });
    expect(shown).toHaveTextContent("Payday");
    expect(within(shown).queryByRole("textbox")).toBeNull();
    expect(
      within(shown).getByRole("heading", { name: /^Version 2/ }),
    ).toHaveFocus();
  });

  it("writes a first safety plan in Daybreak's own words, shown on the client's phone", async () => {
    const { calls } = mockFetch({
      [`GET ${PLAN}`]: () => json(relapsePreventionPlanFixture()),
      [`GET ${SAFETY}`]: () => json(safetyPlanFixture()),
      [`PUT ${SAFETY}`]: (call) =>
        json({
          ...safetyPlanFixture(),
          ...withoutVersion(call.body),
          version: 1,
          written_by_name: "Dana Rivers",
          written_at: "2026-03-30T15:00:00Z",
        } satisfies SafetyPlan),
    });
    renderPanel();
    const user = userEvent.setup();
    const safety = await screen.findByRole("region", { name: "Safety plan" });
    await user.click(
      await within(safety).findByRole("button", {
        name: "Write a safety plan",
      }),
    );
    const form = within(safety).getByRole("form", {
      name: "Write the safety plan",
    });
    for (const step of [
      "1. Warning signs that a crisis may be coming",
      "2. Things I can do on my own to feel calmer",
      "3. People and places that take my mind off things",
      "4. People I can ask for help",
      "5. Professionals and crisis lines",
      "6. Making my surroundings safer",
    ])
      expect(
        within(form).getByRole("group", { name: step }),
      ).toBeInTheDocument();
    expect(
      within(form).getByRole("group", {
        name: "5. Professionals and crisis lines",
      }),
    ).toHaveAccessibleDescription(
      "988 and the practice’s crisis text are always shown on the client’s page.",
    );
    const shown = within(form).getByRole("checkbox", {
      name: "Show the safety plan on the client’s phone",
    });
    expect(shown).toBeChecked();

    await user.click(
      within(form).getByRole("button", { name: "Add a warning sign" }),
    );
    await user.type(
      within(form).getByLabelText("Warning sign 1"),
      "I stop sleeping",
    );
    await user.click(
      within(form).getByRole("button", { name: "Add a professional or line" }),
    );
    const line = within(form).getByRole("group", {
      name: "Professional or line 1",
    });
    await user.type(within(line).getByLabelText("Name"), "County crisis line");
    await user.type(within(line).getByLabelText(/Phone/), "555-0111");
    await user.click(within(form).getByRole("button", { name: "Save plan" }));

    expect(
      await within(safety).findByText("Saved as version 1."),
    ).toBeInTheDocument();
    expect(safety).toHaveTextContent("Shown on the client’s phone.");
    expect(safety).toHaveTextContent("County crisis line");
    expect(calls.find((c) => c.method === "PUT")?.body).toEqual({
      version: 0,
      enabled: true,
      warning_signs: ["I stop sleeping"],
      coping_alone: [],
      distractions: [],
      people_to_ask: [],
      professionals: [{ name: "County crisis line", phone: "555-0111" }],
      safer_surroundings: [],
    });
  });

  it("tells a member who may not see the plans so", async () => {
    mockFetch({
      [`GET ${PLAN}`]: () => problem(403, { title: "Forbidden" }),
      [`GET ${SAFETY}`]: () => problem(403, { title: "Forbidden" }),
    });
    renderPanel();
    expect(
      await screen.findByText(
        "Only clinical staff can see the client’s relapse-prevention plan.",
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /Edit|Write/ })).toBeNull();
  });
});
