import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { Account } from "./Account";

const FEED = "/api/v1/me/calendar-feed";
const URL_1 = "https://daybreak.example.test/cal/feed-secret-1.ics";
const URL_2 = "https://daybreak.example.test/cal/feed-secret-2.ics";
const NOTE =
  "Keep it private: anyone with this link sees your schedule with initials. It is shown only now.";

/** A server that keeps one feed: the latest URL made, or none. */
function feedServer(start: { active: boolean; created_at: string | null }) {
  let status = start;
  const urls = [URL_1, URL_2];
  return mockFetch({
    [`GET ${FEED}`]: () => json(status),
    [`POST ${FEED}`]: () => {
      const issued = { url: urls.shift()!, created_at: "2026-03-04T15:00:00Z" };
      status = { active: true, created_at: issued.created_at };
      return json(issued, 201);
    },
    [`DELETE ${FEED}`]: () => {
      status = { active: false, created_at: null };
      return json(null, 204);
    },
  });
}

function renderAccount(role: "clinician" | "front_desk" = "clinician") {
  renderSignedIn(<Account />, { me: makeMe(role), route: "/account" });
}

const feedSection = () =>
  screen.findByRole("region", { name: "Calendar feed" });

describe("Account: calendar feed", () => {
  it("is not there for the front desk, and asks the server nothing", () => {
    const { calls } = feedServer({ active: false, created_at: null });
    renderAccount("front_desk");
    expect(screen.getByRole("heading", { name: "My account" })).toBeVisible();
    expect(screen.queryByRole("region", { name: "Calendar feed" })).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it("creates a link and shows its URL once, with Copy link", async () => {
    const { calls } = feedServer({ active: false, created_at: null });
    renderAccount();
    const section = await feedSection();
    expect(
      within(section).getByText(/Events show the client's initials only/),
    ).toBeInTheDocument();
    const user = userEvent.setup();
    await user.click(
      await within(section).findByRole("button", {
        name: "Create a calendar link",
      }),
    );

    const field = await within(section).findByLabelText("Your calendar link");
    expect(field).toHaveValue(URL_1);
    expect(field).toHaveAttribute("readonly");
    expect(field).toHaveAccessibleDescription(NOTE);
    const post = calls.filter((c) => c.method === "POST");
    expect(post).toHaveLength(1);
    expect(post[0].url).toMatch(/\/api\/v1\/me\/calendar-feed$/);
    expect(post[0].body).toEqual({});

    await user.click(
      within(section).getByRole("button", { name: "Copy link" }),
    );
    expect(await navigator.clipboard.readText()).toBe(URL_1);
    expect(within(section).getByRole("status")).toHaveTextContent("Copied.");

    // Done: the URL is gone for good, the link stays active.
    await user.click(within(section).getByRole("button", { name: "Done" }));
    expect(within(section).queryByDisplayValue(URL_1)).toBeNull();
    expect(
      within(section).getByText(/^A calendar link is active since .*2026\.$/),
    ).toBeInTheDocument();
  });

  it("replaces an active link with a new URL", async () => {
    const { calls } = feedServer({
      active: true,
      created_at: "2026-01-10T09:00:00Z",
    });
    renderAccount();
    const section = await feedSection();
    expect(
      await within(section).findByText(
        "A calendar link is active since Jan 10, 2026.",
      ),
    ).toBeInTheDocument();
    const replace = within(section).getByRole("button", {
      name: "Replace the link",
    });
    expect(replace).toHaveAccessibleDescription(/stops working/);
    const user = userEvent.setup();
    await user.click(replace);

    expect(
      await within(section).findByLabelText("Your calendar link"),
    ).toHaveValue(URL_1);
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.body)).toEqual([{}]);
    expect(
      within(section).queryByRole("button", { name: "Replace the link" }),
    ).toBeNull();
  });

  it("stops the link after a confirmation, then offers to create one", async () => {
    const { calls } = feedServer({
      active: true,
      created_at: "2026-01-10T09:00:00Z",
    });
    renderAccount();
    const section = await feedSection();
    const user = userEvent.setup();
    await user.click(
      await within(section).findByRole("button", { name: "Stop the link" }),
    );

    // Nothing is sent until the confirmation; Cancel keeps the link.
    const confirm = within(section).getByRole("alertdialog");
    expect(confirm).toHaveTextContent("Stop the calendar link?");
    expect(calls.filter((c) => c.method === "DELETE")).toHaveLength(0);
    await user.click(within(confirm).getByRole("button", { name: "Cancel" }));
    expect(within(section).queryByRole("alertdialog")).toBeNull();
    await user.click(
      within(section).getByRole("button", { name: "Stop the link" }),
    );
    await user.click(
      within(section).getByRole("button", { name: "Yes, stop the link" }),
    );

    expect(
      await within(section).findByRole("button", {
        name: "Create a calendar link",
      }),
    ).toBeInTheDocument();
    expect(within(section).getByRole("status")).toHaveTextContent(
      "The calendar link is stopped.",
    );
    const deletes = calls.filter((c) => c.method === "DELETE");
    expect(deletes).toHaveLength(1);
    expect(deletes[0].url).toMatch(/\/api\/v1\/me\/calendar-feed$/);
    expect(within(section).queryByText(/is active since/)).toBeNull();
  });

  it("shows the server's problem in an alert", async () => {
    mockFetch({
      [`GET ${FEED}`]: () => json({ active: false, created_at: null }),
      [`POST ${FEED}`]: () =>
        problem(403, { title: "Forbidden", detail: "Clinical roles only." }),
    });
    renderAccount();
    const section = await feedSection();
    const user = userEvent.setup();
    await user.click(
      await within(section).findByRole("button", {
        name: "Create a calendar link",
      }),
    );
    expect(await within(section).findByRole("alert")).toHaveTextContent(
      "Clinical roles only.",
    );
    expect(within(section).queryByLabelText("Your calendar link")).toBeNull();
  });
});
