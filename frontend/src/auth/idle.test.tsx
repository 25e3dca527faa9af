import { act, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Layout } from "../components/Layout";
import { apiClient, REFRESH_TOKEN_KEY } from "../api/client";
import { renderApp } from "../test/app";
import { json, makeMe, mockFetch, problem, tokenPair } from "../test/utils";
import { AuthProvider, useAuth } from "./AuthContext";
import { LAST_ACTIVITY_KEY } from "./idle";

const MINUTE = 60_000;

/** Moves the clock and runs the timers due, letting promises (fetch mocks) settle. */
async function wait(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
}

function renderSignedIn() {
  apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
  const { calls } = mockFetch({
    "POST /api/v1/auth/logout": () => json(null, 204),
    "POST /api/v1/auth/refresh": () => json(tokenPair()),
  });
  // The account page asks the server nothing for the front desk (a clinician's loads
  // the calendar feed): every call these tests see is the session's own.
  renderApp("/account", makeMe("front_desk"));
  expect(
    screen.getByRole("heading", { name: "My account" }),
  ).toBeInTheDocument();
  return calls;
}

function ShortLayout() {
  const { state } = useAuth();
  if (state.status !== "signed-in") return <p>Signed out</p>;
  return <Layout idleWarnAfterMs={2_000} idleSignOutAfterMs={5_000} />;
}

const warning = () => screen.queryByRole("alertdialog");

describe("idle timeout", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("warns at 14 minutes with a countdown and signs out at 15", async () => {
    const calls = renderSignedIn();

    await wait(14 * MINUTE - 1_000);
    expect(warning()).toBeNull();

    await wait(1_000);
    const dialog = screen.getByRole("alertdialog", {
      name: "Are you still there?",
    });
    expect(dialog).toHaveAttribute("aria-modal", "true");
    expect(dialog).toHaveAccessibleDescription(
      "You will be signed out in 60 seconds for your clients’ privacy.",
    );
    expect(
      screen.getByRole("button", { name: "Stay signed in" }),
    ).toHaveFocus();
    // The page behind cannot be reached while the warning shows.
    expect(document.getElementById("main")).toHaveAttribute("inert");

    await wait(30_000);
    expect(dialog).toHaveTextContent("signed out in 30 seconds");
    // A nudged mouse is not an answer to the warning.
    fireEvent.pointerMove(document.body);
    await wait(29_000);
    expect(dialog).toHaveTextContent("signed out in 1 second ");
    expect(calls).toHaveLength(0);

    await wait(1_000);
    expect(
      screen.getByText(
        "You were signed out after 15 minutes without activity.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    expect(warning()).toBeNull();
    expect(calls).toHaveLength(1);
    expect(calls[0].method).toBe("POST");
    expect(calls[0].url).toBe("/api/v1/auth/logout");
    expect(calls[0].body).toEqual({ refresh_token: "R1" });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(apiClient.hasSession()).toBe(false);
  });

  it("starts counting again after pointer, key, touch or scroll activity", async () => {
    renderSignedIn();
    const nudges = [
      () => fireEvent.pointerDown(document.body),
      () => fireEvent.keyDown(document.body, { key: "a" }),
      () => fireEvent.touchStart(document.body),
      () => fireEvent.scroll(window),
    ];
    for (const nudge of nudges) {
      await wait(13 * MINUTE);
      nudge();
    }
    await wait(13 * MINUTE);
    expect(warning()).toBeNull();
    expect(
      screen.getByRole("heading", { name: "My account" }),
    ).toBeInTheDocument();

    await wait(MINUTE);
    expect(warning()).not.toBeNull();
  });

  it("keeps the session when the user answers the warning", async () => {
    const calls = renderSignedIn();
    const before = document.createElement("button");
    document.body.append(before);
    before.focus();

    await wait(14 * MINUTE);
    fireEvent.click(screen.getByRole("button", { name: "Stay signed in" }));
    expect(warning()).toBeNull();
    expect(before).toHaveFocus();
    expect(document.getElementById("main")).not.toHaveAttribute("inert");

    await wait(2 * MINUTE);
    expect(warning()).toBeNull();
    await wait(12 * MINUTE);
    expect(warning()).not.toBeNull();
    fireEvent.keyDown(screen.getByRole("alertdialog"), { key: "Escape" });
    expect(warning()).toBeNull();
    // Answering is activity: the pair near its end was refreshed, nobody signed out.
    expect(calls.map((c) => c.url)).toEqual([
      "/api/v1/auth/refresh",
      "/api/v1/auth/refresh",
    ]);
    before.remove();
  });

  it("counts activity in another tab of the same browser", async () => {
    renderSignedIn();
    await wait(14 * MINUTE + 5_000);
    expect(warning()).not.toBeNull();

    // The other tab's "Stay signed in" (or any activity there) reaches this one.
    act(() => {
      window.dispatchEvent(
        new StorageEvent("storage", {
          key: LAST_ACTIVITY_KEY,
          newValue: String(Date.now()),
        }),
      );
    });
    expect(warning()).toBeNull();
    await wait(13 * MINUTE);
    expect(warning()).toBeNull();
    expect(
      screen.getByRole("heading", { name: "My account" }),
    ).toBeInTheDocument();
  });

  it("shares this tab's activity with the other tabs", async () => {
    renderSignedIn();
    await wait(3 * MINUTE);
    fireEvent.keyDown(document.body, { key: "a" });
    expect(Number(localStorage.getItem(LAST_ACTIVITY_KEY))).toBe(Date.now());
  });

  it("signs out here too when another tab signed out for inactivity", async () => {
    renderSignedIn();
    localStorage.setItem("daybreak.sign_out_reason", "idle");
    localStorage.removeItem(REFRESH_TOKEN_KEY);
    act(() => {
      window.dispatchEvent(
        new StorageEvent("storage", { key: REFRESH_TOKEN_KEY, newValue: null }),
      );
    });
    await wait(0);
    expect(
      screen.getByText(
        "You were signed out after 15 minutes without activity.",
      ),
    ).toBeInTheDocument();
  });

  it("takes its limits from the layout, for shorter runs", async () => {
    apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
    mockFetch({ "POST /api/v1/auth/logout": () => json(null, 204) });
    render(
      <MemoryRouter initialEntries={["/"]}>
        <AuthProvider initialState={{ status: "signed-in", me: makeMe() }}>
          <Routes>
            <Route element={<ShortLayout />}>
              <Route index element={<p>Home</p>} />
            </Route>
          </Routes>
        </AuthProvider>
      </MemoryRouter>,
    );
    await wait(2_000);
    expect(warning()).toHaveTextContent("signed out in 3 seconds");
    await wait(3_000);
    expect(screen.queryByText("Home")).toBeNull();
    expect(screen.getByText("Signed out")).toBeInTheDocument();
    expect(apiClient.hasSession()).toBe(false);
  });
});

describe("keeping the server session alive while the user is active", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /**
   * The server's rules: access tokens last 15 minutes, refresh tokens 30 and only once (a
   * spent one presented again revokes the session).
   */
  function renderWithServer() {
    const accessUntil = new Map([["A1", Date.now() + 15 * MINUTE]]);
    const refreshUntil = new Map([["R1", Date.now() + 30 * MINUTE]]);
    const spent = new Set<string>();
    let n = 1;
    let revoked = false;
    const { calls } = mockFetch({
      "POST /api/v1/auth/refresh": (call) => {
        const token = (call.body as { refresh_token: string }).refresh_token;
        if (spent.has(token)) revoked = true;
        const until = refreshUntil.get(token);
        if (revoked || until === undefined || until <= Date.now())
          return problem(401, { detail: "Refresh token expired." });
        spent.add(token);
        n += 1;
        accessUntil.set(`A${n}`, Date.now() + 15 * MINUTE);
        refreshUntil.set(`R${n}`, Date.now() + 30 * MINUTE);
        return json(tokenPair(`A${n}`, `R${n}`));
      },
      "POST /api/v1/auth/logout": () => json(null, 204),
      "POST /api/v1/notes/note-1/save": (call) => {
        const bearer = call.headers.Authorization?.replace("Bearer ", "");
        const until = bearer ? accessUntil.get(bearer) : undefined;
        return !revoked && until !== undefined && until > Date.now()
          ? json({ saved: true })
          : problem(401, { detail: "Access token expired." });
      },
    });
    apiClient.setTokens({
      access_token: "A1",
      refresh_token: "R1",
      expires_in: 900,
    });
    renderApp("/account", makeMe("front_desk"));
    const refreshes = () =>
      calls.filter((c) => c.url === "/api/v1/auth/refresh");
    return { calls, refreshes, isRevoked: () => revoked };
  }

  it("refreshes ahead on typing, so a save after 40 minutes without API calls works", async () => {
    const { refreshes, isRevoked } = renderWithServer();
    // Typing a long note: a key every minute, no API call.
    for (let minute = 1; minute <= 40; minute += 1) {
      await wait(MINUTE);
      fireEvent.keyDown(document.body, { key: "a" });
      await wait(0);
      if (minute === 9) expect(refreshes()).toHaveLength(0);
      if (minute === 10) expect(refreshes()).toHaveLength(1);
    }
    // Every ~10 minutes, each with the newest refresh token, never one twice.
    expect(refreshes().map((c) => c.body)).toEqual([
      { refresh_token: "R1" },
      { refresh_token: "R2" },
      { refresh_token: "R3" },
      { refresh_token: "R4" },
    ]);
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R5");

    await expect(apiClient.post("/notes/note-1/save", {})).resolves.toEqual({
      saved: true,
    });
    expect(refreshes()).toHaveLength(4);
    expect(isRevoked()).toBe(false);
    expect(
      screen.getByRole("heading", { name: "My account" }),
    ).toBeInTheDocument();
  });

  it("never refreshes while the user is idle, so the idle limit still holds", async () => {
    const { calls, refreshes } = renderWithServer();
    await wait(14 * MINUTE);
    expect(warning()).not.toBeNull();
    // Not an answer to the warning: no refresh either.
    fireEvent.pointerMove(document.body);
    fireEvent.keyDown(document.body, { key: "a" });
    await wait(MINUTE);
    expect(refreshes()).toHaveLength(0);
    expect(
      screen.getByText(
        "You were signed out after 15 minutes without activity.",
      ),
    ).toBeInTheDocument();
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/auth/logout"]);
  });

  it("refreshes when the user answers the warning, once, however busy afterwards", async () => {
    const { refreshes } = renderWithServer();
    await wait(14 * MINUTE);
    fireEvent.click(screen.getByRole("button", { name: "Stay signed in" }));
    await wait(0);
    expect(refreshes()).toHaveLength(1);
    for (let i = 0; i < 20; i += 1) {
      fireEvent.pointerMove(document.body);
      fireEvent.keyDown(document.body, { key: "a" });
      await wait(5_000);
    }
    expect(refreshes()).toHaveLength(1);
  });

  it("does not let the first key after a laptop's sleep refresh or count as activity", async () => {
    const { calls, refreshes } = renderWithServer();
    await wait(MINUTE);
    // Asleep for 20 minutes: no timer ran, the clock moved on.
    vi.setSystemTime(Date.now() + 20 * MINUTE);
    fireEvent.keyDown(document.body, { key: "a" });
    await wait(0);
    expect(refreshes()).toHaveLength(0);
    expect(
      screen.getByText(
        "You were signed out after 15 minutes without activity.",
      ),
    ).toBeInTheDocument();
    expect(calls.map((c) => c.url)).toEqual(["/api/v1/auth/logout"]);
  });

  it("ends the session as today when a proactive refresh is refused", async () => {
    const { refreshes } = renderWithServer();
    // The server refuses (say, the 12-hour limit passed).
    localStorage.setItem(REFRESH_TOKEN_KEY, "revoked-elsewhere");
    await wait(11 * MINUTE);
    fireEvent.keyDown(document.body, { key: "a" });
    await wait(0);
    expect(refreshes()).toHaveLength(1);
    expect(
      screen.getByText("Your session has ended. Please sign in again."),
    ).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });
});
