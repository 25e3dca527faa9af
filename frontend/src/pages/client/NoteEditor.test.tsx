import { act, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MemoryRouter } from "react-router";
import { apiClient, REFRESH_TOKEN_KEY } from "../../api/client";
import type { Note } from "../../api/types";
import { AuthProvider, useAuth } from "../../auth/AuthContext";
import { noteFixture } from "../../test/fixtures";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../../test/utils";
import { AUTOSAVE_DELAY_MS, NoteEditor } from "./NoteEditor";

function renderEditor(
  initial?: Note,
  handlers: { onClose?: () => void; onSigned?: (n: Note) => void } = {},
) {
  return renderSignedIn(
    <NoteEditor
      clientId="client-1"
      today="2026-03-30"
      initial={initial}
      onClose={handlers.onClose ?? (() => {})}
      onSigned={handlers.onSigned ?? (() => {})}
    />,
  );
}

const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

describe("NoteEditor", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setupUser = () =>
    userEvent.setup({ advanceTimers: vi.advanceTimersByTime });

  it("shows the sections of the chosen format", async () => {
    mockFetch({});
    renderEditor();
    const user = setupUser();
    for (const label of ["Subjective", "Objective", "Assessment", "Plan"])
      expect(screen.getByLabelText(label)).toBeInstanceOf(HTMLTextAreaElement);

    await user.click(screen.getByRole("radio", { name: "DAP" }));
    expect(screen.getByLabelText("Data")).toBeInTheDocument();
    expect(screen.getByLabelText("Assessment")).toBeInTheDocument();
    expect(screen.getByLabelText("Plan")).toBeInTheDocument();
    expect(screen.queryByLabelText("Subjective")).not.toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "BIRP" }));
    for (const label of ["Behavior", "Intervention", "Response", "Plan"])
      expect(screen.getByLabelText(label)).toBeInTheDocument();
    expect(screen.queryByLabelText("Data")).not.toBeInTheDocument();

    await user.click(screen.getByRole("radio", { name: "Free text" }));
    expect(screen.getByLabelText("Note")).toBeInTheDocument();
    expect(screen.queryByLabelText("Plan")).not.toBeInTheDocument();

    expect(screen.getByLabelText("Session date")).toHaveValue("2026-03-30");
    expect(screen.getByLabelText("Duration (minutes)")).toHaveValue(50);
    expect(screen.getByLabelText(/Service type/)).toBeInTheDocument();
    expect(
      screen.getByRole("checkbox", { name: "Psychotherapy note" }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole("group", { name: "Risk flags" })).getByRole(
        "checkbox",
        { name: "Suicidal thoughts" },
      ),
    ).toBeInTheDocument();
  });

  it("autosaves a draft with its version once typing stops", async () => {
    let version = 4;
    const { calls } = mockFetch({
      "PATCH /api/v1/notes/note-1": (call) => {
        const body = call.body as { version: number; sections: object };
        version += 1;
        return json(noteFixture({ sections: body.sections as never, version }));
      },
    });
    renderEditor(noteFixture());
    const user = setupUser();
    expect(screen.getByRole("status")).toHaveTextContent("Saved");

    await user.type(screen.getByLabelText("Plan"), "Walk daily");
    expect(screen.getByRole("status")).toHaveTextContent("Unsaved changes");
    await advance(AUTOSAVE_DELAY_MS - 300);
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(0);

    await advance(400);
    const patches = () => calls.filter((c) => c.method === "PATCH");
    expect(patches()).toHaveLength(1);
    expect(patches()[0].body).toEqual({
      session_on: "2026-03-28",
      duration_minutes: 50,
      service_type: "Individual therapy",
      format: "soap",
      sections: {
        subjective: "Slept badly.",
        objective: "",
        assessment: "",
        plan: "Walk daily",
      },
      risk_flags: [],
      is_psychotherapy_note: false,
      version: 4,
    });
    expect(await screen.findByText("Saved")).toBeInTheDocument();

    await user.type(screen.getByLabelText("Objective"), "Calm");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(patches()).toHaveLength(2);
    expect(patches()[1].body).toMatchObject({
      version: 5,
      sections: { objective: "Calm", plan: "Walk daily" },
    });
  });

  it("creates the draft on the first save, then patches it", async () => {
    const { calls } = mockFetch({
      "POST /api/v1/clients/client-1/notes": () =>
        json(noteFixture({ id: "note-9", version: 1 }), 201),
      "PATCH /api/v1/notes/note-9": () =>
        json(noteFixture({ id: "note-9", version: 2 })),
    });
    renderEditor();
    const user = setupUser();
    await user.type(screen.getByLabelText("Subjective"), "Tired");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(calls.map((c) => c.method)).toEqual(["POST"]);
    expect(calls[0].body).toMatchObject({
      session_on: "2026-03-30",
      format: "soap",
      duration_minutes: 50,
      sections: { subjective: "Tired", plan: "" },
    });
    await screen.findByText("Saved");

    await user.type(screen.getByLabelText("Plan"), "Rest");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(calls.map((c) => c.method)).toEqual(["POST", "PATCH"]);
    expect(calls[1].body).toMatchObject({ version: 1 });
  });

  it("stops on a stale version, tells the user and overwrites nothing", async () => {
    const { calls } = mockFetch({
      "PATCH /api/v1/notes/note-1": () =>
        problem(409, { title: "Conflict", detail: "Stale version." }),
    });
    renderEditor(noteFixture());
    const user = setupUser();
    await user.type(screen.getByLabelText("Plan"), "Mine");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(await screen.findByRole("alert")).toHaveTextContent(
      /changed somewhere else.*Nothing was overwritten/,
    );
    expect(screen.getByRole("status")).toHaveTextContent("Not saved");

    await user.type(screen.getByLabelText("Plan"), " and more");
    await advance(AUTOSAVE_DELAY_MS * 3);
    expect(calls.filter((c) => c.method === "PATCH")).toHaveLength(1);
    expect(screen.getByLabelText("Plan")).toHaveValue("Mine and more");
    expect(
      screen.getByRole("button", { name: /Load the latest version/ }),
    ).toBeInTheDocument();
  });

  it("shows the server's field errors next to the fields", async () => {
    mockFetch({
      "PATCH /api/v1/notes/note-1": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: {
            "sections.plan": ["Keep the plan under 20,000 characters."],
            service_type: ["Too long."],
          },
        }),
    });
    renderEditor(noteFixture());
    const user = setupUser();
    await user.type(screen.getByLabelText("Plan"), "x");
    await advance(AUTOSAVE_DELAY_MS + 100);
    await screen.findByRole("alert");
    expect(screen.getByLabelText("Plan")).toHaveAccessibleDescription(
      expect.stringContaining("Keep the plan under 20,000 characters."),
    );
    expect(screen.getByLabelText("Plan")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(screen.getByLabelText(/Service type/)).toHaveAccessibleDescription(
      "Too long.",
    );
  });

  it("names the empty sections instead of signing", async () => {
    const { calls } = mockFetch({});
    renderEditor(noteFixture());
    const user = setupUser();
    await user.click(screen.getByRole("button", { name: "Sign note…" }));
    expect(screen.getByLabelText("Objective")).toHaveAccessibleDescription(
      expect.stringContaining("Fill in Objective before signing."),
    );
    expect(screen.getByLabelText("Subjective")).not.toHaveAttribute(
      "aria-invalid",
    );
    expect(calls).toHaveLength(0);
  });

  it("signs with the version after a confirmation that the note becomes locked", async () => {
    const full = noteFixture({
      sections: { subjective: "S", objective: "O", assessment: "A", plan: "P" },
    });
    const onSigned = vi.fn();
    const { calls } = mockFetch({
      "POST /api/v1/notes/note-1/sign": () =>
        json({ ...full, status: "signed", locked: true, version: 5 }),
    });
    renderEditor(full, { onSigned });
    const user = setupUser();
    await user.click(screen.getByRole("button", { name: "Sign note…" }));
    const dialog = await screen.findByRole("alertdialog");
    expect(dialog).toHaveTextContent(/locked/);
    expect(dialog).toHaveTextContent(/addendum/);
    expect(calls).toHaveLength(0);
    const yes = within(dialog).getByRole("button", { name: "Yes, sign note" });
    expect(yes).toHaveFocus();
    await user.click(yes);
    expect(calls[0].url).toBe("/api/v1/notes/note-1/sign");
    expect(calls[0].body).toEqual({ version: 4 });
    expect(onSigned).toHaveBeenCalledWith(
      expect.objectContaining({ status: "signed" }),
    );
  });
});

describe("NoteEditor drafts kept through a forced sign-out", () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const setupUser = () =>
    userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
  const KEY = "daybreak.note_drafts.staff-me.client-1";

  /** The editor behind a session check, as in the app: a sign-out takes it away. */
  function Guarded({ initial }: { initial?: Note }) {
    const { state, signOut } = useAuth();
    if (state.status !== "signed-in")
      return (
        <p>Signed out ({state.status === "signed-out" && state.reason})</p>
      );
    return (
      <>
        <button type="button" onClick={() => void signOut()}>
          Sign out
        </button>
        <NoteEditor
          clientId="client-1"
          today="2026-03-30"
          initial={initial}
          onClose={() => {}}
          onSigned={() => {}}
        />
      </>
    );
  }

  function renderGuarded(initial?: Note) {
    apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
    return render(
      <MemoryRouter>
        <AuthProvider initialState={{ status: "signed-in", me: makeMe() }}>
          <Guarded initial={initial} />
        </AuthProvider>
      </MemoryRouter>,
    );
  }

  it("keeps the text when a refused refresh ends the session, and offers it back", async () => {
    mockFetch({
      "POST /api/v1/clients/client-1/notes": () =>
        problem(401, { detail: "Access token expired." }),
      "POST /api/v1/auth/refresh": () =>
        problem(401, { detail: "Refresh token expired." }),
    });
    const first = renderGuarded();
    const user = setupUser();
    await user.type(screen.getByLabelText("Subjective"), "Cravings at night");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(await screen.findByText("Signed out (expired)")).toBeInTheDocument();

    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? "{}");
    expect(kept.new.note_id).toBeNull();
    expect(kept.new.values.sections.subjective).toBe("Cravings at night");
    // Only this tab's session storage: nothing in localStorage.
    expect(JSON.stringify({ ...localStorage })).not.toContain("Cravings");
    first.unmount();

    // Signed in again, the form opens with an offer, not with the text.
    const { calls } = mockFetch({
      "POST /api/v1/clients/client-1/notes": (call) =>
        json(
          noteFixture({
            id: "note-9",
            version: 1,
            sections: (call.body as { sections: Record<string, string> })
              .sections,
          }),
          201,
        ),
    });
    renderGuarded();
    expect(
      screen.getByText("You have an unsaved note from earlier."),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText("Subjective")).toBeNull();
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(screen.getByLabelText("Subjective")).toHaveValue(
      "Cravings at night",
    );

    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(await screen.findByText("Saved")).toBeInTheDocument();
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toMatchObject({
      sections: { subjective: "Cravings at night" },
    });
    // Saved: the kept copy is gone.
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it("keeps the text when another tab signs out for inactivity before it was saved", async () => {
    const { calls } = mockFetch({});
    renderGuarded(noteFixture());
    const user = setupUser();
    await user.type(screen.getByLabelText("Plan"), "Call sponsor");
    act(() => {
      localStorage.setItem("daybreak.sign_out_reason", "idle");
      localStorage.removeItem(REFRESH_TOKEN_KEY);
      window.dispatchEvent(
        new StorageEvent("storage", { key: REFRESH_TOKEN_KEY, newValue: null }),
      );
    });
    expect(await screen.findByText("Signed out (idle)")).toBeInTheDocument();
    await advance(AUTOSAVE_DELAY_MS * 2);
    // No save without a session (it could only fail).
    expect(calls).toHaveLength(0);
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? "{}");
    expect(kept["note-1"].note_id).toBe("note-1");
    expect(kept["note-1"].values.sections.plan).toBe("Call sponsor");
  });

  it("puts the kept text back into the same draft note, with its version", async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        "note-1": {
          note_id: "note-1",
          saved_at: Date.now() - 60_000,
          values: {
            format: "soap",
            session_on: "2026-03-28",
            duration_minutes: "50",
            service_type: "Individual therapy",
            sections: { subjective: "Slept badly.", plan: "Call sponsor" },
            risk_flags: [],
            is_psychotherapy_note: false,
          },
        },
      }),
    );
    const { calls } = mockFetch({
      "PATCH /api/v1/notes/note-1": () => json(noteFixture({ version: 5 })),
    });
    // Another note of the client opens without an offer, and leaves the kept text alone.
    const other = renderGuarded(noteFixture({ id: "note-2" }));
    expect(
      screen.queryByText("You have an unsaved note from earlier."),
    ).toBeNull();
    other.unmount();
    expect(sessionStorage.getItem(KEY)).toContain("Call sponsor");

    renderGuarded(noteFixture());
    const user = setupUser();
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(screen.getByLabelText("Plan")).toHaveValue("Call sponsor");
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toMatchObject({
      version: 4,
      sections: { plan: "Call sponsor" },
    });
    await screen.findByText("Saved");
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it("offers a new note the text kept for a draft already created, and carries on with that draft", async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        "note-9": {
          note_id: "note-9",
          saved_at: Date.now() - 60_000,
          values: {
            format: "soap",
            session_on: "2026-03-29",
            duration_minutes: "45",
            service_type: "",
            sections: { subjective: "Tired", plan: "Rest more" },
            risk_flags: [],
            is_psychotherapy_note: false,
          },
        },
      }),
    );
    const created = noteFixture({
      id: "note-9",
      version: 2,
      session_on: "2026-03-29",
      duration_minutes: 45,
      service_type: null,
      sections: {
        subjective: "Tired",
        objective: "",
        assessment: "",
        plan: "",
      },
    });
    const { calls } = mockFetch({
      "GET /api/v1/notes/note-9": () => json(created),
      "PATCH /api/v1/notes/note-9": () => json({ ...created, version: 3 }),
    });
    renderGuarded();
    const user = setupUser();
    await user.click(screen.getByRole("button", { name: "Restore" }));
    expect(await screen.findByLabelText("Plan")).toHaveValue("Rest more");
    expect(
      screen.getByRole("heading", { name: "Draft note" }),
    ).toBeInTheDocument();
    await advance(AUTOSAVE_DELAY_MS + 100);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      "GET /api/v1/notes/note-9",
      "PATCH /api/v1/notes/note-9",
    ]);
    expect(calls[1].body).toMatchObject({
      version: 2,
      sections: { subjective: "Tired", plan: "Rest more" },
    });
    await screen.findByText("Saved");
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });

  it("discards the kept text when asked", async () => {
    sessionStorage.setItem(
      KEY,
      JSON.stringify({
        new: {
          note_id: null,
          saved_at: Date.now(),
          values: {
            format: "free",
            session_on: "2026-03-29",
            duration_minutes: "50",
            service_type: "",
            sections: { text: "Old text" },
            risk_flags: [],
            is_psychotherapy_note: false,
          },
        },
      }),
    );
    const { calls } = mockFetch({});
    renderGuarded();
    const user = setupUser();
    await user.click(screen.getByRole("button", { name: "Discard" }));
    expect(screen.getByLabelText("Subjective")).toHaveValue("");
    expect(sessionStorage.getItem(KEY)).toBeNull();
    expect(calls).toHaveLength(0);
  });

  it("forgets kept text when the member signs out on purpose", async () => {
    mockFetch({ "POST /api/v1/auth/logout": () => json(null, 204) });
    renderGuarded();
    const user = setupUser();
    await user.type(screen.getByLabelText("Subjective"), "Private");
    expect(sessionStorage.getItem(KEY)).toContain("Private");
    await user.click(screen.getByRole("button", { name: "Sign out" }));
    expect(await screen.findByText(/Signed out/)).toBeInTheDocument();
    expect(sessionStorage.getItem(KEY)).toBeNull();
  });
});
