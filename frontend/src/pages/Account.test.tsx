import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiClient, REFRESH_TOKEN_KEY } from "../api/client";
import {
  json,
  makeMe,
  mockFetch,
  problem,
  renderSignedIn,
} from "../test/utils";
import { Account } from "./Account";

const me = makeMe("clinician");

async function fill(current: string, next: string, confirm = next) {
  const user = userEvent.setup();
  if (current)
    await user.type(screen.getByLabelText("Current password"), current);
  if (next) await user.type(screen.getByLabelText("New password"), next);
  if (confirm)
    await user.type(screen.getByLabelText("Confirm new password"), confirm);
  await user.click(screen.getByRole("button", { name: "Change password" }));
}

describe("Account", () => {
  it("checks the new password before asking the server", async () => {
    const { calls } = mockFetch({});
    renderSignedIn(<Account />, { me, route: "/account" });
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(
      "At least 12 characters. A short sentence is easy to remember.",
    );

    await fill("old-password-2026", "too-short", "too-shorter");
    expect(screen.getByLabelText("New password")).toHaveAccessibleDescription(
      /Use at least 12 characters\./,
    );
    expect(
      screen.getByLabelText("Confirm new password"),
    ).toHaveAccessibleDescription("This does not match the new password.");
    expect(screen.getByLabelText("New password")).toHaveAttribute(
      "aria-invalid",
      "true",
    );
    expect(calls).toHaveLength(0);
  });

  it("shows the server's field errors next to their fields", async () => {
    mockFetch({
      "POST /api/v1/me/password": () =>
        problem(422, {
          title: "Unprocessable Entity",
          errors: { current_password: ["is not your current password"] },
        }),
    });
    renderSignedIn(<Account />, { me, route: "/account" });
    await fill("wrong-password-1", "a-new-long-password");

    const current = screen.getByLabelText("Current password");
    expect(
      await screen.findByText("This is not your current password."),
    ).toBeInTheDocument();
    expect(current).toHaveAccessibleDescription(
      "This is not your current password.",
    );
    expect(current).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByLabelText("New password")).not.toHaveAttribute(
      "aria-invalid",
    );
    expect(screen.queryByText(/Password changed/)).toBeNull();
  });

  it("reads a new-password error as a sentence", async () => {
    mockFetch({
      "POST /api/v1/me/password": () =>
        problem(422, {
          errors: { new_password: ["must be at least 12 characters long"] },
        }),
    });
    renderSignedIn(<Account />, { me, route: "/account" });
    await fill("old-password-2026", "a-new-long-password");
    expect(
      await screen.findByText(
        "The new password must be at least 12 characters long.",
      ),
    ).toBeInTheDocument();
  });

  it("changes the password and keeps this session with the new tokens", async () => {
    const { calls } = mockFetch({
      "POST /api/v1/me/password": () =>
        json({
          access_token: "A9",
          refresh_token: "R9",
          token_type: "Bearer",
          expires_in: 900,
          user: { id: me.id, name: me.name, email: me.email, role: me.role },
        }),
      "GET /api/v1/me": () => json(me),
    });
    renderSignedIn(<Account />, { me, route: "/account" });
    await fill("old-password-2026", "a-new-long-password");

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Password changed. You were signed out everywhere else.",
    );
    expect(calls[0].body).toEqual({
      current_password: "old-password-2026",
      new_password: "a-new-long-password",
    });
    expect(calls[0].headers.Authorization).toBe("Bearer access-1");
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R9");
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    expect(screen.getByLabelText("New password")).toHaveValue("");

    // The next call goes out with the new access token.
    await apiClient.get("/me");
    expect(calls[1].headers.Authorization).toBe("Bearer A9");
  });
});
