import { act, fireEvent, render, screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { App } from "./App";
import { apiClient, REFRESH_TOKEN_KEY } from "./api/client";
import {
  AuthProvider,
  TWO_FACTOR_RECHECK_MS,
  useAuth,
} from "./auth/AuthContext";
import { LAST_ACTIVITY_KEY } from "./auth/idle";
import { renderApp } from "./test/app";
import { json, makeMe, mockFetch, problem, tokenPair } from "./test/utils";

describe("App", () => {
  it("resumes the session after a reload from the stored refresh token", async () => {
    apiClient.clearTokens();
    localStorage.setItem(REFRESH_TOKEN_KEY, "R1");
    const me = makeMe("owner");
    const { calls } = mockFetch({
      "POST /api/v1/auth/refresh": () => json(tokenPair()),
      "GET /api/v1/me": () => json(me),
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    renderApp("/clients");

    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
    const header = screen.getByRole("banner");
    expect(header).toHaveTextContent("Harbor Light Counseling");
    expect(header).toHaveTextContent("Dana Rivers");
    expect(header).toHaveTextContent("Owner");
    expect(screen.getByRole("link", { name: "Staff" })).toBeInTheDocument();
    expect(
      screen.getByRole("button", { name: "Sign out" }),
    ).toBeInTheDocument();
    expect(calls[0].url).toBe("/api/v1/auth/refresh");
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R2");
  });

  it("signs out instead of resuming when the dashboard reopens 15 minutes or more after the last activity", async () => {
    apiClient.clearTokens();
    localStorage.setItem(REFRESH_TOKEN_KEY, "R1");
    localStorage.setItem(LAST_ACTIVITY_KEY, String(Date.now() - 15 * 60_000));
    const { calls } = mockFetch({
      "POST /api/v1/auth/logout": () => json(null, 204),
    });
    renderApp("/clients/client-1");

    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "You were signed out after 15 minutes without activity.",
    );
    // The stored refresh token is revoked, never spent on a refresh.
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toMatchObject({
      method: "POST",
      url: "/api/v1/auth/logout",
      body: { refresh_token: "R1" },
    });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(apiClient.hasSession()).toBe(false);
  });

  it("resumes as before when the last activity was less than 15 minutes ago", async () => {
    apiClient.clearTokens();
    localStorage.setItem(REFRESH_TOKEN_KEY, "R1");
    localStorage.setItem(LAST_ACTIVITY_KEY, String(Date.now() - 14 * 60_000));
    const { calls } = mockFetch({
      "POST /api/v1/auth/refresh": () => json(tokenPair()),
      "GET /api/v1/me": () => json(makeMe("clinician")),
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    renderApp("/clients");
    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
    expect(calls.map((c) => c.url)).not.toContain("/api/v1/auth/logout");
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R2");
  });

  it("goes to sign-in when the stored session can no longer be refreshed", async () => {
    apiClient.clearTokens();
    localStorage.setItem(REFRESH_TOKEN_KEY, "spent");
    mockFetch({
      "POST /api/v1/auth/refresh": () =>
        problem(401, { detail: "Refresh token revoked." }),
      "GET /api/v1/me": () => problem(401, {}),
    });
    renderApp("/clients");
    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(screen.getByRole("status")).toHaveTextContent(
      "Your session has ended. Please sign in again.",
    );
  });

  it("lands on sign-in when a refresh is refused mid-session (12-hour limit)", async () => {
    apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
    mockFetch({
      "GET /api/v1/clients": () =>
        problem(401, { detail: "Access token expired." }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
      "POST /api/v1/auth/refresh": () =>
        problem(401, { detail: "The session is too old." }),
    });
    renderApp("/clients", makeMe("clinician"));
    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent(
      "Your session has ended. Please sign in again.",
    );
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
  });

  it("shows the audit log to the owner only, and links the name to the account page", async () => {
    mockFetch({
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    const renderAs = (role: "owner" | "clinician") =>
      renderApp("/clients", makeMe(role));
    const owner = renderAs("owner");
    expect(screen.getByRole("link", { name: "Audit log" })).toHaveAttribute(
      "href",
      "/audit",
    );
    expect(
      screen.getByRole("link", { name: "Dana Rivers, my account" }),
    ).toHaveAttribute("href", "/account");
    owner.unmount();

    renderAs("clinician");
    expect(screen.queryByRole("link", { name: "Audit log" })).toBeNull();
    expect(
      screen.getByRole("link", { name: "Dana Rivers, my account" }),
    ).toBeInTheDocument();
  });

  it("links the report export page for clinical roles only", async () => {
    mockFetch({
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
      "GET /api/v1/report-exports": () =>
        json({ items: [], page: 1, per_page: 20, total: 0 }),
    });
    const renderAs = (role: "clinician" | "front_desk", route: string) =>
      renderApp(route, makeMe(role));
    const clinician = renderAs("clinician", "/exports");
    expect(screen.getByRole("link", { name: "Reports" })).toHaveAttribute(
      "href",
      "/exports",
    );
    expect(
      await screen.findByRole("heading", { name: "Report export" }),
    ).toBeInTheDocument();
    clinician.unmount();

    renderAs("front_desk", "/exports");
    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Reports" })).toBeNull();
  });

  it("keeps the audit log from other roles", async () => {
    mockFetch({
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    renderApp("/audit", makeMe("supervisor"));
    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
  });

  it("starts the next sign-in on the client list after signing out, not on the page signed out from", async () => {
    apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
    const owner = makeMe("owner");
    const clinician = makeMe("clinician", {
      id: "staff-2",
      name: "Sam Park",
      email: "sam@example.test",
    });
    mockFetch({
      "POST /api/v1/auth/logout": () => json(null, 204),
      "POST /api/v1/auth/login": () => json(tokenPair()),
      "GET /api/v1/me": () => json(clinician),
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    // In the browser the router moves to /sign-in in a transition, rendered after the signed-out
    // state: the app sees the session end while still on the page. Signing out from outside the
    // layout (which would navigate at once) reproduces that order here.
    function SignOutElsewhere() {
      const { signOut } = useAuth();
      return (
        <button type="button" onClick={() => void signOut()}>
          Sign out elsewhere
        </button>
      );
    }
    render(
      <MemoryRouter initialEntries={["/account"]}>
        <AuthProvider initialState={{ status: "signed-in", me: owner }}>
          <SignOutElsewhere />
          <App />
        </AuthProvider>
      </MemoryRouter>,
    );
    const user = userEvent.setup();
    expect(
      await screen.findByRole("heading", { name: "My account" }),
    ).toBeInTheDocument();

    await user.click(
      screen.getByRole("button", { name: "Sign out elsewhere" }),
    );
    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    // Whoever signs in next (on a shared computer, someone else) starts on the client list.
    await user.type(screen.getByLabelText("Email"), clinician.email);
    await user.type(screen.getByLabelText("Password"), "a long password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Sam Park, my account" }),
    ).toBeInTheDocument();
  });

  it("returns to the page asked for after signing in when the session had ended", async () => {
    apiClient.clearTokens();
    mockFetch({
      "POST /api/v1/auth/login": () => json(tokenPair()),
      "GET /api/v1/me": () => json(makeMe("clinician")),
      "GET /api/v1/report-exports": () =>
        json({ items: [], page: 1, per_page: 20, total: 0 }),
    });
    renderApp("/exports");
    const user = userEvent.setup();
    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    await user.type(screen.getByLabelText("Email"), "dana@example.test");
    await user.type(screen.getByLabelText("Password"), "a long password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(
      await screen.findByRole("heading", { name: "Report export" }),
    ).toBeInTheDocument();
  });

  it("sends visitors without a session to sign-in", async () => {
    apiClient.clearTokens();
    mockFetch({});
    renderApp("/staff");
    expect(
      await screen.findByRole("heading", { name: "Sign in" }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole("link", { name: "Create a practice account" }),
    ).toBeInTheDocument();
  });

  it("shows the practice settings to the owner only", async () => {
    mockFetch({
      "GET /api/v1/clients": () =>
        json({ items: [], page: 1, per_page: 25, total: 0 }),
      "GET /api/v1/staff/clinicians": () => json({ items: [] }),
    });
    const owner = renderApp("/clients", makeMe("owner"));
    expect(screen.getByRole("link", { name: "Settings" })).toHaveAttribute(
      "href",
      "/settings",
    );
    owner.unmount();
    renderApp("/settings", makeMe("supervisor"));
    expect(
      await screen.findByRole("heading", { name: "Clients" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("link", { name: "Settings" })).toBeNull();
  });

  describe("when the practice requires two-factor sign-in", () => {
    const SETUP_NOTICE =
      "Your practice requires two-factor sign-in. Set it up to continue.";
    const emptyClients = () =>
      json({ items: [], page: 1, per_page: 25, total: 0 });

    it("takes a member without it to the setup, and lets them on once it is on", async () => {
      apiClient.clearTokens();
      localStorage.setItem(REFRESH_TOKEN_KEY, "R1");
      const me = makeMe("clinician", { two_factor_required: true });
      const { calls } = mockFetch({
        "POST /api/v1/auth/refresh": () => json(tokenPair()),
        "GET /api/v1/me": () => json(me),
        "POST /api/v1/me/two-factor/setup": () =>
          json({
            secret: "JBSWY3DPEHPK3PXP",
            otpauth_uri:
              "otpauth://totp/Daybreak:dana%40example.test?secret=JBSWY3DPEHPK3PXP&issuer=Daybreak",
          }),
        "POST /api/v1/me/two-factor/enable": () =>
          json({
            ...tokenPair("A3", "R3", me),
            recovery_codes: Array.from(
              { length: 10 },
              (_, i) => `code${i}-abcde`,
            ),
          }),
        "GET /api/v1/clients": emptyClients,
        "GET /api/v1/staff/clinicians": () => json({ items: [] }),
      });
      renderApp("/clients");

      expect(
        await screen.findByRole("heading", { name: "My account" }),
      ).toBeInTheDocument();
      expect(screen.getByText(SETUP_NOTICE)).toBeInTheDocument();
      expect(calls.some((c) => c.url.startsWith("/api/v1/clients"))).toBe(
        false,
      );

      // Any other page leads back here until two-factor is on.
      const user = userEvent.setup();
      await user.click(screen.getByRole("link", { name: "Clients" }));
      expect(
        screen.getByRole("heading", { name: "My account" }),
      ).toBeInTheDocument();

      await user.click(
        screen.getByRole("button", { name: "Set up two-factor sign-in" }),
      );
      await user.type(await screen.findByLabelText("6-digit code"), "123456");
      await user.click(screen.getByRole("button", { name: "Turn on" }));
      expect(
        await screen.findByRole("list", { name: "Recovery codes" }),
      ).toBeInTheDocument();
      expect(screen.queryByText(SETUP_NOTICE)).toBeNull();
      await user.click(
        screen.getByRole("button", { name: "I have saved them" }),
      );

      await user.click(screen.getByRole("link", { name: "Clients" }));
      expect(
        await screen.findByRole("heading", { name: "Clients" }),
      ).toBeInTheDocument();
      const clients = calls.find((c) => c.url.startsWith("/api/v1/clients"));
      expect(clients?.headers.Authorization).toBe("Bearer A3");
    });

    describe("asking the server again while the setup gate holds", () => {
      /** Moves the fake clock and runs the timers due, letting the fetch mocks settle. */
      const wait = (ms: number) => act(() => vi.advanceTimersByTimeAsync(ms));
      const meCalls = (calls: { url: string }[]) =>
        calls.filter((c) => c.url === "/api/v1/me").length;

      beforeEach(() => {
        vi.useFakeTimers();
      });
      afterEach(() => {
        vi.useRealTimers();
      });

      function renderAt(route: string, me: ReturnType<typeof makeMe>) {
        apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
        renderApp(route, me);
      }

      it("lifts the gate without a reload once the practice no longer requires it", async () => {
        const required = makeMe("clinician", { two_factor_required: true });
        let answerMe: () => Response = () => json(required);
        const { calls } = mockFetch({
          "GET /api/v1/me": () => answerMe(),
          "GET /api/v1/clients": emptyClients,
          "GET /api/v1/staff/clinicians": () => json({ items: [] }),
        });
        renderAt("/clients", required);
        await wait(0);
        expect(
          screen.getByRole("heading", { name: "My account" }),
        ).toBeInTheDocument();
        expect(screen.getByText(SETUP_NOTICE)).toBeInTheDocument();
        expect(meCalls(calls)).toBe(0);

        // Still required: the gate stays.
        await wait(TWO_FACTOR_RECHECK_MS);
        expect(meCalls(calls)).toBe(1);
        expect(screen.getByText(SETUP_NOTICE)).toBeInTheDocument();

        // Coming back to the window asks too; a failed answer changes nothing.
        answerMe = () => {
          throw new TypeError("Failed to fetch");
        };
        fireEvent.focus(window);
        await wait(0);
        expect(meCalls(calls)).toBe(2);
        expect(screen.getByText(SETUP_NOTICE)).toBeInTheDocument();

        // The owner lifts the requirement: the next minute's answer frees the member.
        answerMe = () => json({ ...required, two_factor_required: false });
        await wait(TWO_FACTOR_RECHECK_MS);
        expect(meCalls(calls)).toBe(3);
        expect(screen.queryByText(SETUP_NOTICE)).toBeNull();

        fireEvent.click(screen.getByRole("link", { name: "Clients" }));
        await wait(0);
        expect(
          screen.getByRole("heading", { name: "Clients" }),
        ).toBeInTheDocument();
        expect(calls.some((c) => c.url.startsWith("/api/v1/clients"))).toBe(
          true,
        );

        // The gate is gone: no more asking.
        await wait(3 * TWO_FACTOR_RECHECK_MS);
        fireEvent.focus(window);
        await wait(0);
        expect(meCalls(calls)).toBe(3);
      });

      it("does not ask when the gate is not active", async () => {
        const { calls } = mockFetch({
          "GET /api/v1/me": () => json(makeMe("clinician")),
          "GET /api/v1/clients": emptyClients,
          "GET /api/v1/staff/clinicians": () => json({ items: [] }),
        });
        renderAt("/clients", makeMe("clinician"));
        await wait(0);
        expect(
          screen.getByRole("heading", { name: "Clients" }),
        ).toBeInTheDocument();

        await wait(5 * TWO_FACTOR_RECHECK_MS);
        fireEvent.focus(window);
        document.dispatchEvent(new Event("visibilitychange"));
        await wait(0);
        expect(meCalls(calls)).toBe(0);
      });
    });

    it("goes to the setup when the server answers that it is required", async () => {
      apiClient.setTokens({ access_token: "A1", refresh_token: "R1" });
      mockFetch({
        "GET /api/v1/clients": () =>
          problem(403, {
            type: "/problems/two-factor-setup-required",
            title: "Forbidden",
            detail:
              "Your practice requires two-factor sign-in. Set it up first.",
          }),
        "GET /api/v1/staff/clinicians": () => json({ items: [] }),
      });
      renderApp("/clients", makeMe("clinician"));
      expect(
        await screen.findByRole("heading", { name: "My account" }),
      ).toBeInTheDocument();
      expect(screen.getByText(SETUP_NOTICE)).toBeInTheDocument();
      const section = screen.getByRole("region", {
        name: "Two-factor sign-in",
      });
      expect(
        within(section).getByRole("button", {
          name: "Set up two-factor sign-in",
        }),
      ).toBeInTheDocument();
      // The session itself is fine: nobody was signed out.
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R1");
    });
  });
});
