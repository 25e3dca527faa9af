import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import {
  relapseFixture,
  relapsePreventionPlanFixture,
} from "../../test/fixtures";
import { json, mockFetch, problem, renderSignedIn } from "../../test/utils";
import { RelapsesPanel } from "./RelapsesPanel";

const empty = { items: [], page: 1, per_page: 20, total: 0 };

function renderPanel(onChanged = vi.fn()) {
  renderSignedIn(
    <RelapsesPanel
      clientId="client-1"
      today="2026-03-30"
      onChanged={onChanged}
    />,
  );
  return onChanged;
}

describe("RelapsesPanel", () => {
  it("lists episodes in plain language", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/relapses": () =>
        json({ ...empty, items: [relapseFixture()], total: 1 }),
    });
    renderPanel();
    const card = await screen.findByRole("article", { name: /Lapse/ });
    expect(card).toHaveTextContent("Unpleasant emotions, Social pressure");
    expect(card).toHaveTextContent("Bar or club");
    expect(card).toHaveTextContent("Other people who use");
    expect(card).toHaveTextContent("6 / 10");
    expect(card).not.toHaveTextContent(/unpleasant_emotions|bar_or_club/);
  });

  it("records an episode with grouped, labelled choices", async () => {
    const onChanged = vi.fn();
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () => json(empty),
      "POST /api/v1/clients/client-1/relapses": (call) =>
        json(
          relapseFixture({
            ...(call.body as object),
            ongoing: true,
            id: "r-new",
          }),
          201,
        ),
    });
    renderPanel(onChanged);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Record a lapse or relapse" }),
    );
    expect(
      screen.getByText(/A single slip: one day or occasion of use/),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(/Last day of use/),
    ).toHaveAccessibleDescription("Leave empty for a single day.");
    await user.click(screen.getByRole("radio", { name: /Relapse/ }));
    expect(
      screen.getByLabelText(/Last day of use/),
    ).toHaveAccessibleDescription("Leave empty if still ongoing.");
    await user.clear(screen.getByLabelText("First day of use"));
    await user.type(screen.getByLabelText("First day of use"), "2026-03-27");

    const intra = screen.getByRole("group", { name: /Intrapersonal/ });
    const inter = screen.getByRole("group", { name: /Interpersonal/ });
    await user.click(
      within(intra).getByRole("checkbox", { name: "Unpleasant emotions" }),
    );
    await user.click(
      within(inter).getByRole("checkbox", { name: "Social pressure" }),
    );
    expect(
      within(intra).queryByRole("checkbox", { name: "Social pressure" }),
    ).toBeNull();
    await user.click(
      within(
        screen.getByRole("group", { name: "Substances or behaviours" }),
      ).getByRole("checkbox", { name: "Cocaine" }),
    );
    await user.selectOptions(screen.getByLabelText(/Setting/), "Bar or club");
    await user.click(
      screen.getByRole("checkbox", { name: "Other people who use" }),
    );
    await user.click(screen.getByRole("checkbox", { name: "Shame" }));
    await user.click(screen.getByRole("button", { name: "Save episode" }));

    expect(
      await screen.findByText(/Relapse on .* recorded\./),
    ).toBeInTheDocument();
    const post = calls.find((c) => c.method === "POST");
    expect(post?.body).toEqual({
      kind: "relapse",
      occurred_on: "2026-03-27",
      ended_on: null,
      substances: ["cocaine"],
      triggers: ["unpleasant_emotions", "social_pressure"],
      setting: "bar_or_club",
      company: ["other_users"],
      amount: null,
      coping_used: [],
      support_contacted: [],
      feelings_after: ["shame"],
      consequences: [],
      self_blame: null,
      notes: null,
    });
    expect(onChanged).toHaveBeenCalled();
  });

  it("refuses an end before the start and shows server errors by the field", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/relapses": () => json(empty),
      "POST /api/v1/clients/client-1/relapses": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: { substances: ["Choose at least one."] },
        }),
    });
    renderPanel();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Record a lapse or relapse" }),
    );
    await user.type(screen.getByLabelText(/Last day of use/), "2026-03-01");
    await user.click(screen.getByRole("button", { name: "Save episode" }));
    expect(
      screen.getByLabelText(/Last day of use/),
    ).toHaveAccessibleDescription(
      expect.stringContaining("cannot be before the first day"),
    );
    await user.clear(screen.getByLabelText(/Last day of use/));
    await user.click(screen.getByRole("button", { name: "Save episode" }));
    expect(
      await screen.findByRole("group", { name: "Substances or behaviours" }),
    ).toHaveAccessibleDescription("Choose at least one.");
  });

  it("edits with the version and archives after confirming", async () => {
    const onChanged = vi.fn();
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () =>
        json({ ...empty, items: [relapseFixture()], total: 1 }),
      "PATCH /api/v1/relapses/relapse-1": (call) =>
        json(relapseFixture({ ...(call.body as object), version: 3 })),
      "DELETE /api/v1/relapses/relapse-1": () =>
        json(relapseFixture({ status: "archived", version: 4 })),
    });
    renderPanel(onChanged);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    expect(
      screen.getByRole("checkbox", { name: "Unpleasant emotions" }),
    ).toBeChecked();
    await user.selectOptions(screen.getByLabelText(/Self-blame \(0–10\)/), "3");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText(/updated\./);
    const patch = calls.find((c) => c.method === "PATCH");
    expect(patch?.body).toMatchObject({
      version: 2,
      self_blame: 3,
      kind: "lapse",
    });

    await user.click(await screen.findByRole("button", { name: "Archive…" }));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    expect(screen.getByRole("alertdialog")).toHaveTextContent(
      "Nothing is deleted",
    );
    await user.click(screen.getByRole("button", { name: "Yes, archive" }));
    expect(await screen.findByText(/archived\./)).toBeInTheDocument();
    expect(calls.some((c) => c.method === "DELETE")).toBe(true);
    expect(onChanged).toHaveBeenCalledTimes(2);
  });

  it("marks the plan's warning signs and steps, and compares the triggers with the plan", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () => json(empty),
      "GET /api/v1/clients/client-1/relapse-prevention-plan": () =>
        json(relapsePreventionPlanFixture()),
      "POST /api/v1/clients/client-1/relapses": (call) =>
        json(
          relapseFixture({ ...(call.body as object), plan_version: 3 }),
          201,
        ),
    });
    renderPanel();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Record a lapse or relapse" }),
    );
    const plan = await screen.findByRole("group", { name: "Their plan" });
    const signs = within(plan).getByRole("group", {
      name: "Which warning signs from their plan were present?",
    });
    // Ticked out of order, sent in the plan's order.
    await user.click(
      within(signs).getByRole("checkbox", {
        name: "Skipping breakfast, again",
      }),
    );
    await user.click(
      within(signs).getByRole("checkbox", { name: "I stop answering texts" }),
    );
    const tried = within(plan).getByRole("group", {
      name: "Were the plan’s steps tried?",
    });
    expect(
      within(tried).getByRole("radio", { name: "Not recorded" }),
    ).toBeChecked();
    await user.click(within(tried).getByRole("radio", { name: "Partly" }));

    expect(plan).toHaveTextContent("Pleasant times with others");
    await user.click(
      screen.getByRole("checkbox", { name: "Unpleasant emotions" }),
    );
    await user.click(screen.getByRole("checkbox", { name: "Social pressure" }));
    const compared = within(plan).getByRole("list", {
      name: "The triggers chosen above, against their plan",
    });
    expect(compared).toHaveTextContent("Unpleasant emotions: on their plan");
    expect(compared).toHaveTextContent(
      "Social pressure: not on their plan yet",
    );

    await user.click(
      within(
        screen.getByRole("group", { name: "Substances or behaviours" }),
      ).getByRole("checkbox", { name: "Alcohol" }),
    );
    await user.click(screen.getByRole("button", { name: "Save episode" }));
    await screen.findByText(/Lapse on .* recorded\./);
    expect(calls.find((c) => c.method === "POST")?.body).toMatchObject({
      warning_signs_present: [
        "I stop answering texts",
        "Skipping breakfast, again",
      ],
      plan_steps_tried: "partly",
    });
  });

  it("shows an episode's marks, and sends them on edit only when they change", async () => {
    const marked = relapseFixture({
      plan_version: 3,
      warning_signs_present: ["I stop answering texts"],
      plan_steps_tried: "partly",
    });
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () =>
        json({ ...empty, items: [marked], total: 1 }),
      "GET /api/v1/clients/client-1/relapse-prevention-plan": () =>
        json(relapsePreventionPlanFixture()),
      "PATCH /api/v1/relapses/relapse-1": (call) =>
        json({ ...marked, ...(call.body as object), version: 3 }),
    });
    renderPanel();
    const user = userEvent.setup();
    const card = await screen.findByRole("article", { name: /Lapse/ });
    expect(card).toHaveTextContent(
      "Warning signs presentI stop answering texts",
    );
    expect(card).toHaveTextContent("Plan steps triedPartly");

    await user.click(within(card).getByRole("button", { name: "Edit" }));
    const plan = await screen.findByRole("group", { name: "Their plan" });
    expect(
      within(plan).getByRole("checkbox", { name: "I stop answering texts" }),
    ).toBeChecked();
    expect(within(plan).getByRole("radio", { name: "Partly" })).toBeChecked();
    await user.selectOptions(screen.getByLabelText(/Self-blame \(0–10\)/), "3");
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText(/updated\./);
    const first = calls.filter((c) => c.method === "PATCH")[0].body;
    expect(first).not.toHaveProperty("warning_signs_present");
    expect(first).not.toHaveProperty("plan_steps_tried");

    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const again = await screen.findByRole("group", { name: "Their plan" });
    await user.click(
      within(again).getByRole("radio", { name: "Not recorded" }),
    );
    await user.click(screen.getByRole("button", { name: "Save changes" }));
    await screen.findByText(/updated\./);
    const second = calls.filter((c) => c.method === "PATCH")[1].body;
    expect(second).toMatchObject({ plan_steps_tried: null });
    expect(second).not.toHaveProperty("warning_signs_present");
  });

  it("shows nothing of a plan when the client has none", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () => json(empty),
      "GET /api/v1/clients/client-1/relapse-prevention-plan": () =>
        json(
          relapsePreventionPlanFixture({
            version: 0,
            written_by: null,
            written_by_name: null,
            written_at: null,
            warning_signs: [],
          }),
        ),
    });
    renderPanel();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Record a lapse or relapse" }),
    );
    await waitFor(() =>
      expect(
        calls.some((c) => c.url.endsWith("/relapse-prevention-plan")),
      ).toBe(true),
    );
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole("group", { name: "Their plan" })).toBeNull();
  });

  it("compares an episode with the plan version it was held against", async () => {
    const held = relapsePreventionPlanFixture({
      version: 2,
      warning_signs: ["Payday"],
    });
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/relapses": () =>
        json({
          ...empty,
          items: [
            relapseFixture({
              plan_version: 2,
              warning_signs_present: ["Payday"],
            }),
          ],
          total: 1,
        }),
      "GET /api/v1/clients/client-1/relapse-prevention-plan": () =>
        json(relapsePreventionPlanFixture()),
      "GET /api/v1/clients/client-1/relapse-prevention-plan/versions": () =>
        json({
          items: [relapsePreventionPlanFixture(), held],
          page: 1,
          per_page: 50,
          total: 2,
        }),
    });
    renderPanel();
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Edit" }));
    const plan = await screen.findByRole("group", { name: "Their plan" });
    expect(plan).toHaveTextContent(
      "version 2 of their relapse-prevention plan",
    );
    expect(
      within(plan).getByRole("checkbox", { name: "Payday" }),
    ).toBeChecked();
    expect(
      within(plan).queryByRole("checkbox", { name: "I stop answering texts" }),
    ).toBeNull();
    expect(calls.find((c) => c.url.includes("/versions"))?.url).toContain(
      "page=1&per_page=50",
    );
  });
});
