import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { GroupSession as Session } from "../api/types";
import { frontDeskView, groupSessionFixture } from "../test/groupFixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import {
  GroupSession,
  NOT_READY_MESSAGE,
  SESSION_STALE_MESSAGE,
} from "./GroupSession";

const SESSION_URL = "/api/v1/group-sessions/gs-1";

function renderSession(role: "clinician" | "front_desk" = "clinician") {
  return renderSignedIn(<GroupSession />, {
    me: makeMe(role, { today: "2026-03-09" }),
    route: "/group-sessions/gs-1",
    path: "/group-sessions/:id",
  });
}

/** A member's row of the roster grid. */
function row(name: string) {
  return screen.getByRole("listitem", { name });
}

function signed(session: Session): Session {
  return {
    ...session,
    status: "signed",
    locked: true,
    signed_at: "2026-03-09T15:00:00Z",
    signed_by: "staff-me",
    signed_by_name: "Dana Rivers",
    version: session.version + 1,
    roster: session.roster.map((r, i) => ({
      ...r,
      note_id: r.status === "present" ? `note-${i}` : null,
    })),
  };
}

describe("GroupSession (the roster grid)", () => {
  it("shows the front desk attendance only: no narrative, no text areas, no signing", async () => {
    const session = frontDeskView(groupSessionFixture());
    const { calls } = mockFetch({
      [`GET ${SESSION_URL}`]: () => json(session),
      [`PUT ${SESSION_URL}/attendance`]: () => json(session),
    });
    renderSession("front_desk");
    const user = userEvent.setup();
    const jose = await screen.findByRole("listitem", { name: "José Álvarez" });
    expect(screen.queryAllByRole("textbox")).toHaveLength(0);
    expect(screen.queryByLabelText(/what the group did/)).toBeNull();
    expect(screen.queryByRole("button", { name: "Sign all notes" })).toBeNull();
    expect(
      screen.getByText(
        "You record attendance; a clinician writes the notes and signs them.",
      ),
    ).toBeInTheDocument();

    // Late: the minutes are asked; still no text area.
    await user.selectOptions(
      within(jose).getByRole("combobox", {
        name: "Attendance for José Álvarez",
      }),
      "Late",
    );
    await user.type(
      within(jose).getByRole("spinbutton", {
        name: "Minutes attended for José Álvarez",
      }),
      "60",
    );
    expect(screen.queryAllByRole("textbox")).toHaveLength(0);
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.body).toEqual({
      entries: [
        {
          client_id: "client-j",
          status: "late",
          minutes_attended: 60,
          version: 1,
        },
      ],
    });
    expect(calls.some((c) => c.method === "PATCH")).toBe(false);
  });

  it("after a conflict shows the other person's row and never writes over it", async () => {
    const session = groupSessionFixture();
    // Someone else saved José's row meanwhile (its version moved to 2).
    const theirs: Session = {
      ...session,
      roster: session.roster.map((r) =>
        r.client_id === "client-j"
          ? { ...r, individual_text: "Their words.", version: 2 }
          : r,
      ),
    };
    let reads = 0;
    const { calls } = mockFetch({
      [`GET ${SESSION_URL}`]: () => json(reads++ === 0 ? session : theirs),
      [`PUT ${SESSION_URL}/attendance`]: () =>
        problem(409, { title: "Conflict", detail: "Changed meanwhile." }),
    });
    renderSession();
    const user = userEvent.setup();
    await screen.findByRole("listitem", { name: "José Álvarez" });
    const participation = () =>
      within(row("José Álvarez")).getByRole("textbox", {
        name: "Participation for José Álvarez",
      });
    await user.type(participation(), "My words.");
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText(SESSION_STALE_MESSAGE)).toBeInTheDocument();
    expect(await screen.findByDisplayValue("Their words.")).toBe(
      participation(),
    );
    // Nothing is left to send: a second Save writes nothing over their change.
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(calls.filter((c) => c.method === "PUT")).toHaveLength(1);
  });

  it("saves the narrative, then only the changed rows with their versions", async () => {
    const session = groupSessionFixture();
    const { calls } = mockFetch({
      [`GET ${SESSION_URL}`]: () => json(session),
      [`PATCH ${SESSION_URL}`]: () => json({ ...session, version: 3 }),
      [`PUT ${SESSION_URL}/attendance`]: () => json({ ...session, version: 3 }),
    });
    renderSession();
    const user = userEvent.setup();
    const narrative = await screen.findByLabelText(
      "Data — what the group did (goes into every present member's note; name no one)",
    );
    await user.type(narrative, " Two planned to try a new one.");
    const jose = row("José Álvarez");
    await user.type(
      within(jose).getByRole("textbox", {
        name: "Participation for José Álvarez",
      }),
      "Named a meeting to try.",
    );
    await user.type(
      within(jose).getByRole("textbox", { name: "Plan for José Álvarez" }),
      "Attend one meeting.",
    );
    await user.click(screen.getByRole("button", { name: "Save" }));
    expect(await screen.findByText("Saved.")).toBeInTheDocument();
    const sent = calls.filter((c) => c.method !== "GET");
    expect(sent.map((c) => c.method)).toEqual(["PATCH", "PUT"]);
    expect(sent[0].body).toEqual({
      version: 2,
      shared_narrative:
        "Members compared the meetings they attend. Two planned to try a new one.",
    });
    expect(sent[1].body).toEqual({
      entries: [
        {
          client_id: "client-j",
          status: "present",
          minutes_attended: 90,
          individual_text: "Named a meeting to try.",
          sections: { assessment: "", plan: "Attend one meeting." },
          version: 1,
        },
      ],
    });
  });

  it("puts a refused signature's errors on the member's row and field they name", async () => {
    const session = groupSessionFixture();
    mockFetch({
      [`GET ${SESSION_URL}`]: () => json(session),
      [`POST ${SESSION_URL}/sign`]: () =>
        problem(422, {
          title: "Unprocessable Entity",
          detail: "Some fields are not valid; see errors.",
          errors: {
            "roster[1].individual_text": [
              "José Álvarez: write their participation",
            ],
            "roster[1].sections.plan": ["José Álvarez: must be filled in"],
          },
        }),
    });
    renderSession();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Sign all notes" }),
    );
    expect(await screen.findByRole("alert")).toHaveTextContent(
      NOT_READY_MESSAGE,
    );
    const jose = row("José Álvarez");
    const participation = within(jose).getByRole("textbox", {
      name: "Participation for José Álvarez",
    });
    expect(participation).toHaveAttribute("aria-invalid", "true");
    expect(participation).toHaveAccessibleDescription(
      "Write their participation.",
    );
    expect(
      within(jose).getByRole("textbox", { name: "Plan for José Álvarez" }),
    ).toHaveAccessibleDescription("Must be filled in.");
    expect(
      within(jose).getByRole("textbox", {
        name: "Assessment for José Álvarez",
      }),
    ).not.toHaveAttribute("aria-invalid");
    // Alex's row (roster[0]) is untouched; Lan was absent and has no text areas.
    const alex = row("Alex Kim");
    expect(within(alex).queryByText(/must be filled in/i)).toBeNull();
    for (const box of within(alex).getAllByRole("textbox"))
      expect(box).not.toHaveAttribute("aria-invalid");
    expect(within(row("Lan Tran")).queryAllByRole("textbox")).toHaveLength(0);
    expect(jose.className).toContain("roster-row-invalid");
    expect(alex.className).not.toContain("roster-row-invalid");
  });

  it("asks before signing a narrative that names a member, then signs with confirm_names", async () => {
    const session = groupSessionFixture({
      shared_narrative: "Alex spoke first about meetings.",
      name_warnings: [{ client_id: "client-a", word: "Alex" }],
      roster: groupSessionFixture().roster.map((r) =>
        r.client_id === "client-j"
          ? {
              ...r,
              individual_text: "Listened.",
              sections: { assessment: "Calm.", plan: "Continue." },
            }
          : r,
      ),
    });
    const { calls } = mockFetch({
      [`GET ${SESSION_URL}`]: () => json(session),
      [`POST ${SESSION_URL}/sign`]: (call) =>
        (call.body as { confirm_names?: boolean }).confirm_names
          ? json(signed(session))
          : problem(422, {
              title: "Unprocessable Entity",
              errors: {
                shared_narrative: [
                  "names a member (Alex): it goes into every present member's chart",
                ],
              },
            }),
    });
    renderSession();
    const user = userEvent.setup();
    expect(
      await screen.findByText(
        "The narrative mentions “Alex”, a member's name.",
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Sign all notes" }));
    const dialog = await screen.findByRole("dialog", {
      name: "Sign with a member's name in the narrative?",
    });
    expect(dialog).toHaveTextContent("“Alex”");
    await user.click(
      within(dialog).getByRole("button", { name: "Sign anyway" }),
    );
    const posts = calls.filter((c) => c.method === "POST");
    expect(posts.map((c) => c.body)).toEqual([
      { version: 2 },
      { version: 2, confirm_names: true },
    ]);
    expect(
      await screen.findByText(/^Signed by Dana Rivers on /),
    ).toBeInTheDocument();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.queryAllByRole("textbox")).toHaveLength(0);
    expect(
      screen.getByRole("link", { name: "Open Alex Kim’s note" }),
    ).toHaveAttribute("href", "/clients/client-a?tab=notes");
    expect(
      screen.getByRole("link", { name: "Open José Álvarez’s note" }),
    ).toHaveAttribute("href", "/clients/client-j?tab=notes");
    expect(
      screen.queryByRole("link", { name: "Open Lan Tran’s note" }),
    ).toBeNull();
  });

  it("going back from the name check signs nothing", async () => {
    const session = groupSessionFixture({
      shared_narrative: "Alex spoke first.",
      name_warnings: [{ client_id: "client-a", word: "Alex" }],
    });
    const { calls } = mockFetch({
      [`GET ${SESSION_URL}`]: () => json(session),
      [`POST ${SESSION_URL}/sign`]: () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: { shared_narrative: ["names a member (Alex)"] },
        }),
    });
    renderSession();
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Sign all notes" }),
    );
    const dialog = await screen.findByRole("dialog");
    await user.click(
      within(dialog).getByRole("button", { name: "Go back and edit" }),
    );
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(1);
    expect(
      screen.getByRole("button", { name: "Sign all notes" }),
    ).toBeEnabled();
  });
});
