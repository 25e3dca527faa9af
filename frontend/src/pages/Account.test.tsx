import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { apiClient, REFRESH_TOKEN_KEY } from "../api/client";
import {
  json,
  makeMe,
  mockFetch as mockRoutes,
  problem,
  renderSignedIn,
  tokenPair,
  type Call,
} from "../test/utils";
import { Account } from "./Account";

const me = makeMe("clinician");

// A clinician's page also loads the calendar feed (CalendarFeedSection.test.tsx): these
// tests answer it and leave its call out of the ones they check.
const FEED = "/api/v1/me/calendar-feed";
function mockFetch(routes: Parameters<typeof mockRoutes>[0]) {
  return mockRoutes({
    [`GET ${FEED}`]: () => json({ active: false, created_at: null }),
    ...routes,
  });
}
const own = (calls: Call[]) => calls.filter((c) => !c.url.endsWith(FEED));

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
    expect(own(calls)).toHaveLength(0);
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
      "POST /api/v1/me/password": () => json(tokenPair("A9", "R9", me)),
      "GET /api/v1/me": () => json(me),
    });
    renderSignedIn(<Account />, { me, route: "/account" });
    await fill("old-password-2026", "a-new-long-password");

    expect(await screen.findByRole("status")).toHaveTextContent(
      "Password changed. You were signed out everywhere else.",
    );
    expect(own(calls)[0].body).toEqual({
      current_password: "old-password-2026",
      new_password: "a-new-long-password",
    });
    expect(own(calls)[0].headers.Authorization).toBe("Bearer access-1");
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R9");
    expect(screen.getByLabelText("Current password")).toHaveValue("");
    expect(screen.getByLabelText("New password")).toHaveValue("");

    // The next call goes out with the new access token.
    await apiClient.get("/me");
    expect(own(calls)[1].headers.Authorization).toBe("Bearer A9");
  });

  describe("two-factor sign-in", () => {
    const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP";
    const CODES = [
      "a1b2c-d3e4f",
      "g5h6j-k7m8n",
      "p9q2r-s3t4u",
      "v5w6x-y7z8a",
      "b9c2d-e3f4g",
      "h5j6k-m7n8p",
      "q9r2s-t3u4v",
      "w5x6y-z7a8b",
      "c9d2e-f3g4h",
      "j5k6m-n7p8q",
    ];
    const tokens = (access: string, refresh: string) =>
      tokenPair(access, refresh, me);

    it("sets it up: QR code and setup key, a code, then the recovery codes once", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/me/two-factor/setup": () =>
          json({
            secret: SECRET,
            otpauth_uri: `otpauth://totp/Daybreak:dana%40example.test?secret=${SECRET}&issuer=Daybreak`,
          }),
        "POST /api/v1/me/two-factor/enable": (call) =>
          (call.body as { code: string }).code === "654321"
            ? json({ ...tokens("A7", "R7"), recovery_codes: CODES })
            : problem(422, {
                title: "Unprocessable Entity",
                errors: { code: ["is not right, try the newest code"] },
              }),
        "GET /api/v1/me": () => json(me),
      });
      renderSignedIn(<Account />, { me, route: "/account" });
      const section = screen.getByRole("region", {
        name: "Two-factor sign-in",
      });
      expect(within(section).getByText("Off")).toBeInTheDocument();
      const user = userEvent.setup();
      await user.click(
        within(section).getByRole("button", {
          name: "Set up two-factor sign-in",
        }),
      );

      expect(
        await screen.findByRole("img", {
          name: "QR code to scan with your authenticator app",
        }),
      ).toBeInTheDocument();
      expect(
        screen.getByText("JBSW Y3DP EHPK 3PXP JBSW Y3DP"),
      ).toBeInTheDocument();
      expect(own(calls)[0].body).toEqual({});

      // A wrong code: the server's message under the field.
      const code = screen.getByLabelText("6-digit code");
      expect(code).toHaveAttribute("inputmode", "numeric");
      expect(code).toHaveAttribute("autocomplete", "one-time-code");
      await user.type(code, "123456");
      await user.click(screen.getByRole("button", { name: "Turn on" }));
      expect(
        await screen.findByText("The code is not right, try the newest code."),
      ).toBeInTheDocument();
      expect(code).toHaveAttribute("aria-invalid", "true");
      expect(code).toHaveAccessibleDescription(
        "The code is not right, try the newest code.",
      );
      expect(screen.queryByText(CODES[0])).toBeNull();

      await user.clear(code);
      await user.type(code, "654 321");
      await user.click(screen.getByRole("button", { name: "Turn on" }));

      const list = await screen.findByRole("list", { name: "Recovery codes" });
      expect(
        within(list)
          .getAllByRole("listitem")
          .map((li) => li.textContent),
      ).toEqual(CODES);
      expect(
        screen.getByText(/Each code works once\. They will not be shown again/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          "Two-factor sign-in is on. Save your recovery codes before you go on.",
        ),
      ).toBeInTheDocument();
      expect(within(section).getByText("On")).toBeInTheDocument();
      const enables = calls.filter((c) => c.url.endsWith("/enable"));
      expect(enables.map((c) => c.body)).toEqual([
        { code: "123456" },
        { code: "654321" },
      ]);
      // The new token pair replaces this session's, as after a password change.
      expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBe("R7");
      await apiClient.get("/me");
      expect(calls[calls.length - 1].headers.Authorization).toBe("Bearer A7");

      await user.click(screen.getByRole("button", { name: "Copy" }));
      expect(await navigator.clipboard.readText()).toBe(CODES.join("\n"));
      expect(screen.getByText("Recovery codes copied.")).toBeInTheDocument();

      await user.click(
        screen.getByRole("button", { name: "I have saved them" }),
      );
      expect(screen.queryByText(CODES[0])).toBeNull();
      expect(screen.queryByRole("list", { name: "Recovery codes" })).toBeNull();
      expect(
        within(section).getByText(/Recovery codes left:/),
      ).toHaveTextContent("Recovery codes left: 10");
      expect(
        within(section).getByRole("button", { name: "Turn off" }),
      ).toBeInTheDocument();
    });

    it("turns it off with the password, showing a wrong password under its field", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/me/two-factor/disable": (call) =>
          (call.body as { password: string }).password === "my-password-2026"
            ? json(null, 204)
            : problem(422, {
                errors: { password: ["is not your current password"] },
              }),
      });
      renderSignedIn(<Account />, {
        me: { ...me, two_factor_enabled: true, recovery_codes_left: 2 },
        route: "/account",
      });
      const section = screen.getByRole("region", {
        name: "Two-factor sign-in",
      });
      expect(within(section).getByText("On")).toBeInTheDocument();
      expect(within(section).getByRole("status")).toHaveTextContent(
        "Only 2 recovery codes left.",
      );
      const user = userEvent.setup();
      await user.click(
        within(section).getByRole("button", { name: "Turn off" }),
      );

      const password = within(section).getByLabelText("Password");
      expect(password).toHaveFocus();
      await user.type(password, "wrong-password");
      await user.click(
        screen.getByRole("button", { name: "Turn off two-factor sign-in" }),
      );
      expect(
        await within(section).findByText("This is not your current password."),
      ).toBeInTheDocument();
      expect(password).toHaveAttribute("aria-invalid", "true");
      expect(within(section).getByText("On")).toBeInTheDocument();

      await user.clear(password);
      await user.type(password, "my-password-2026");
      await user.click(
        screen.getByRole("button", { name: "Turn off two-factor sign-in" }),
      );
      expect(
        await within(section).findByText(
          "Two-factor sign-in is off. You sign in with your password alone.",
        ),
      ).toBeInTheDocument();
      expect(within(section).getByText("Off")).toBeInTheDocument();
      expect(
        within(section).getByRole("button", {
          name: "Set up two-factor sign-in",
        }),
      ).toBeInTheDocument();
      expect(own(calls).map((c) => c.body)).toEqual([
        { password: "wrong-password" },
        { password: "my-password-2026" },
      ]);
    });

    it("makes new recovery codes with the password", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/me/two-factor/recovery-codes": () =>
          json({ recovery_codes: CODES }),
      });
      renderSignedIn(<Account />, {
        me: { ...me, two_factor_enabled: true, recovery_codes_left: 7 },
        route: "/account",
      });
      const user = userEvent.setup();
      await user.click(
        screen.getByRole("button", { name: "New recovery codes" }),
      );
      await user.type(screen.getByLabelText("Password"), "my-password-2026");
      await user.click(screen.getByRole("button", { name: "Make new codes" }));

      const list = await screen.findByRole("list", { name: "Recovery codes" });
      expect(within(list).getAllByRole("listitem")).toHaveLength(10);
      expect(
        screen.getByText(
          "New recovery codes made. The previous ones no longer work.",
        ),
      ).toBeInTheDocument();
      expect(own(calls)[0].body).toEqual({ password: "my-password-2026" });
      await user.click(
        screen.getByRole("button", { name: "I have saved them" }),
      );
      expect(screen.getByText(/Recovery codes left:/)).toHaveTextContent(
        "Recovery codes left: 10",
      );
    });

    it("cannot be turned off when the practice requires it", () => {
      mockFetch({});
      renderSignedIn(<Account />, {
        me: {
          ...me,
          two_factor_enabled: true,
          two_factor_required: true,
          recovery_codes_left: 8,
        },
        route: "/account",
      });
      expect(screen.queryByRole("button", { name: "Turn off" })).toBeNull();
      expect(
        screen.getByText(
          "Your practice requires two-factor sign-in, so it cannot be turned off.",
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole("button", { name: "New recovery codes" }),
      ).toBeInTheDocument();
    });
  });
});
