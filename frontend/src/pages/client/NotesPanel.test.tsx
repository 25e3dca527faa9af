import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { Note } from "../../api/types";
import { noteFixture } from "../../test/fixtures";
import { json, makeMe, mockFetch, renderSignedIn } from "../../test/utils";
import { NotesPanel } from "./NotesPanel";

const sections = {
  subjective: "Felt steady this week.",
  objective: "Calm, on time.",
  assessment: "Progressing.",
  plan: "Keep the Tuesday meeting.",
};

const signedByOther = noteFixture({
  id: "note-2",
  author_id: "staff-other",
  author_name: "Sam Lee",
  session_on: "2026-03-25",
  sections,
  status: "signed",
  locked: true,
  signed_at: "2026-03-25T18:00:00Z",
  signed_by: "staff-other",
  signed_by_name: "Sam Lee",
  addenda: [
    {
      id: "add-1",
      author_id: "staff-other",
      author_name: "Sam Lee",
      text: "Correction: the meeting is on Wednesday.",
      created_at: "2026-03-26T09:30:00Z",
    },
  ],
});

const signedByMe = noteFixture({
  id: "note-3",
  session_on: "2026-03-20",
  sections,
  status: "signed",
  locked: true,
  signed_at: "2026-03-20T18:00:00Z",
  signed_by: "staff-me",
  signed_by_name: "Dana Rivers",
  is_psychotherapy_note: true,
  risk_flags: ["relapse_risk"],
});

const draftByOther = noteFixture({
  id: "note-4",
  author_id: "staff-other",
  author_name: "Sam Lee",
  session_on: "2026-03-29",
});

function page(items: Note[]) {
  return json({ items, page: 1, per_page: 10, total: items.length });
}

function card(title: RegExp) {
  return screen.getByRole("article", { name: title });
}

describe("NotesPanel", () => {
  it("shows each note's status, markers and addenda under the original text", async () => {
    mockFetch({
      "GET /api/v1/clients/client-1/notes": () =>
        page([draftByOther, signedByOther, signedByMe]),
    });
    renderSignedIn(<NotesPanel clientId="client-1" today="2026-03-30" />);
    const signed = await screen.findByRole("article", {
      name: /Session on Mar 25, 2026/,
    });
    expect(within(signed).getByText("Signed")).toBeInTheDocument();
    expect(within(signed).getByText("Keep the Tuesday meeting.")).toBeVisible();
    const addenda = within(signed).getByRole("region", { name: "Addenda" });
    expect(addenda).toHaveTextContent(
      "Correction: the meeting is on Wednesday.",
    );
    expect(addenda).toHaveTextContent(/Addendum on Mar 26, 2026.* by Sam Lee/);

    const draft = card(/Mar 29, 2026/);
    expect(within(draft).getByText("Draft")).toBeInTheDocument();
    expect(
      within(draft).queryByRole("button", { name: "Continue editing" }),
    ).not.toBeInTheDocument();

    const mine = card(/Mar 20, 2026/);
    expect(within(mine).getByText("Psychotherapy note")).toBeInTheDocument();
    expect(within(mine).getByText("Relapse risk")).toBeInTheDocument();
    // A clinician does not co-sign.
    expect(screen.queryByRole("button", { name: /Co-sign/ })).toBeNull();
    // Articles are listed newest session first, as the server sends them.
    const titles = screen
      .getAllByRole("article")
      .map((a) => a.getAttribute("aria-labelledby"));
    expect(titles).toHaveLength(3);
  });

  it("adds an addendum to a signed note and lists it with the note", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/notes": () => page([signedByMe]),
      "POST /api/v1/notes/note-3/addenda": (call) =>
        json(
          {
            id: "add-9",
            author_id: "staff-me",
            author_name: "Dana Rivers",
            text: (call.body as { text: string }).text,
            created_at: "2026-03-30T10:00:00Z",
          },
          201,
        ),
    });
    renderSignedIn(<NotesPanel clientId="client-1" today="2026-03-30" />);
    const user = userEvent.setup();
    await user.click(
      await screen.findByRole("button", { name: "Add addendum" }),
    );
    expect(
      screen.queryByRole("button", { name: "Continue editing" }),
    ).toBeNull();
    await user.type(
      screen.getByLabelText("Addendum"),
      "Late entry: PHQ-9 done.",
    );
    await user.click(screen.getByRole("button", { name: "Save addendum" }));

    const addenda = await screen.findByRole("region", { name: "Addenda" });
    expect(addenda).toHaveTextContent("Late entry: PHQ-9 done.");
    expect(addenda).toHaveTextContent("by Dana Rivers");
    expect(screen.getByText("Keep the Tuesday meeting.")).toBeInTheDocument();
    expect(calls.at(-1)?.body).toEqual({ text: "Late entry: PHQ-9 done." });
  });

  it("offers a supervisor the co-signature on someone else's signed note only", async () => {
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/notes": () =>
        page([draftByOther, signedByOther, signedByMe]),
      "POST /api/v1/notes/note-2/cosign": () =>
        json({
          ...signedByOther,
          cosigned_at: "2026-03-30T11:00:00Z",
          cosigned_by: "staff-me",
          cosigned_by_name: "Dana Rivers",
        }),
    });
    renderSignedIn(<NotesPanel clientId="client-1" today="2026-03-30" />, {
      me: makeMe("supervisor"),
    });
    const user = userEvent.setup();
    const buttons = await screen.findAllByRole("button", { name: "Co-sign…" });
    expect(buttons).toHaveLength(1);
    expect(card(/Mar 25, 2026/)).toContainElement(buttons[0]);

    await user.click(buttons[0]);
    await user.click(screen.getByRole("button", { name: "Yes, co-sign" }));
    const cosigned = card(/Mar 25, 2026/);
    expect(await within(cosigned).findByText("Co-signed")).toBeInTheDocument();
    expect(cosigned).toHaveTextContent(/Co-signed by Dana Rivers/);
    expect(calls.at(-1)?.url).toBe("/api/v1/notes/note-2/cosign");
  });

  it("lets the author sign a draft from the list after confirming", async () => {
    const mineDraft = noteFixture({ sections });
    const { calls } = mockFetch({
      "GET /api/v1/clients/client-1/notes": () => page([mineDraft]),
      "POST /api/v1/notes/note-1/sign": () =>
        json({
          ...mineDraft,
          status: "signed",
          locked: true,
          signed_at: "2026-03-30T12:00:00Z",
          signed_by_name: "Dana Rivers",
          version: 5,
        }),
    });
    renderSignedIn(<NotesPanel clientId="client-1" today="2026-03-30" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole("button", { name: "Sign note…" }));
    expect(screen.getByRole("alertdialog")).toHaveTextContent(/locked/);
    await user.click(screen.getByRole("button", { name: "Yes, sign note" }));
    expect(await screen.findByText("Signed")).toBeInTheDocument();
    expect(calls.at(-1)?.body).toEqual({ version: 4 });
    expect(
      screen.getByRole("button", { name: "Add addendum" }),
    ).toBeInTheDocument();
  });
  it("points to text kept from a forced sign-out and opens the editor to restore it", async () => {
    sessionStorage.setItem(
      "daybreak.note_drafts.staff-me.client-1",
      JSON.stringify({
        new: {
          note_id: null,
          saved_at: Date.now(),
          values: {
            format: "free",
            session_on: "2026-03-30",
            duration_minutes: "50",
            service_type: "",
            sections: { text: "Kept after sign-out" },
            risk_flags: [],
            is_psychotherapy_note: false,
          },
        },
      }),
    );
    mockFetch({ "GET /api/v1/clients/client-1/notes": () => page([]) });
    renderSignedIn(<NotesPanel clientId="client-1" today="2026-03-30" />);
    const user = userEvent.setup();
    expect(
      screen.getByText("You have an unsaved note from earlier."),
    ).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Open it" }));
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(screen.getByLabelText("Note")).toHaveValue("Kept after sign-out");
  });
});
