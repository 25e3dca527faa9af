import { act, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Note } from "../../api/types";
import { noteFixture } from "../../test/fixtures";
import { json, mockFetch, problem, renderSignedIn } from "../../test/utils";
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
