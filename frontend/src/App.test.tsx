import { render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { App } from "./App";
import { apiClient, REFRESH_TOKEN_KEY } from "./api/client";
import { AuthProvider } from "./auth/AuthContext";
import { json, makeMe, mockFetch, problem } from "./test/utils";

function renderApp(route: string) {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider>
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
}

describe("App", () => {
  it("resumes the session after a reload from the stored refresh token", async () => {
    apiClient.clearTokens();
    localStorage.setItem(REFRESH_TOKEN_KEY, "R1");
    const me = makeMe("owner");
    const { calls } = mockFetch({
      "POST /api/v1/auth/refresh": () =>
        json({
          access_token: "A2",
          refresh_token: "R2",
          token_type: "Bearer",
          expires_in: 900,
        }),
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
});
