import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { groupFixture } from "../test/groupFixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { Groups } from "./Groups";

const clinicians = {
  items: [
    { id: "staff-me", name: "Dana Rivers", role: "clinician" },
    { id: "staff-2", name: "Sam Okafor", role: "clinician" },
  ],
};

/** Evening IOP's next session: Thursday 2099-03-05, 6 PM in Chicago. */
const upcoming = {
  id: "gs-9",
  group_id: "group-1",
  group_name: "Evening IOP",
  starts_at: "2099-03-06T00:00:00Z",
  ends_at: "2099-03-06T01:30:00Z",
  day: "2099-03-05",
  duration_minutes: 90,
  topic: null,
  location: "Group room",
  status: "draft",
  attended: 0,
  version: 1,
};

function renderGroups() {
  return renderSignedIn(<Groups />, {
    me: makeMe("clinician"),
    route: "/groups",
  });
}

describe("Groups", () => {
  it("lists each group's track, facilitators, current members and next session", async () => {
    mockFetch({
      "GET /api/v1/groups": () =>
        json({
          items: [
            groupFixture({
              members: [
                ...groupFixture().members,
                {
                  id: "m-4",
                  client_id: "client-x",
                  client_name: "Past Member",
                  joined_on: "2026-01-05",
                  left_on: "2026-02-01",
                  current: false,
                },
              ],
            }),
          ],
        }),
      "GET /api/v1/group-sessions": () => json({ items: [upcoming] }),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
    });
    renderGroups();
    const card = await screen.findByRole("listitem", { name: "Evening IOP" });
    expect(
      within(card).getByRole("link", { name: "Evening IOP" }),
    ).toHaveAttribute("href", "/groups/group-1");
    expect(card).toHaveTextContent("Intensive outpatient");
    expect(card).toHaveTextContent("Dana Rivers");
    expect(card).toHaveTextContent("3 members");
    expect(
      await within(card).findByText("Thu, Mar 5 · 6:00 – 7:30 PM"),
    ).toBeInTheDocument();
  });

  it("starts a group with the clinician among its facilitators", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/groups": () => json({ items: [] }),
      "GET /api/v1/group-sessions": () => json({ items: [] }),
      "GET /api/v1/staff/clinicians": () => json(clinicians),
      "POST /api/v1/groups": (call) =>
        (call.body as { name: string }).name === "Taken"
          ? problem(422, {
              title: "Unprocessable Entity",
              errors: { name: ["is already a group's name"] },
            })
          : json(groupFixture({ id: "group-2", name: "Morning DBT" }), 201),
    });
    renderGroups();
    const user = userEvent.setup();
    expect(
      await screen.findByText(
        "No groups yet. You see the groups you facilitate.",
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Start a group" }));
    const form = screen.getByRole("form", { name: "Start a group" });
    expect(
      await within(form).findByRole("checkbox", { name: "Dana Rivers (you)" }),
    ).toBeChecked();
    await user.type(within(form).getByLabelText("Name"), "Taken");
    await user.click(within(form).getByRole("button", { name: "Start group" }));
    expect(
      await within(form).findByText("The name is already a group's name."),
    ).toBeInTheDocument();

    const name = within(form).getByLabelText("Name");
    await user.clear(name);
    await user.type(name, "Morning DBT");
    await user.type(within(form).getByLabelText(/^Track/), "Skills");
    const minutes = within(form).getByLabelText(/^Usual length/);
    await user.clear(minutes);
    await user.type(minutes, "60");
    await user.click(
      within(form).getByRole("checkbox", { name: "Sam Okafor" }),
    );
    await user.selectOptions(
      within(form).getByLabelText(/^Note format/),
      "SOAP",
    );
    await user.click(within(form).getByRole("button", { name: "Start group" }));
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts).toHaveLength(2);
    expect(posts[1].body).toEqual({
      name: "Morning DBT",
      track: "Skills",
      default_minutes: 60,
      facilitator_ids: ["staff-me", "staff-2"],
      note_format: "soap",
      location: null,
    });
  });
});
