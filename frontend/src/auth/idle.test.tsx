import { act, fireEvent, render, screen } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "../App";
import { Layout } from "../components/Layout";
import { apiClient, REFRESH_TOKEN_KEY } from "../api/client";
import { json, makeMe, mockFetch } from "../test/utils";
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
  });
  render(
    <MemoryRouter initialEntries={["/account"]}>
      <AuthProvider
        initialState={{ status: "signed-in", me: makeMe("clinician") }}
      >
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
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
    expect(calls).toHaveLength(0);
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
