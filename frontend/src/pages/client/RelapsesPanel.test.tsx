import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { relapseFixture } from "../../test/fixtures";
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
});
