import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { AuthProvider } from "../auth/AuthContext";
import { json, makeMe, mockFetch, problem, tokenPair } from "../test/utils";
import { SignIn } from "./SignIn";

function renderSignIn() {
  return render(
    <MemoryRouter initialEntries={["/sign-in"]}>
      <AuthProvider initialState={{ status: "signed-out" }}>
        <Routes>
          <Route path="/sign-in" element={<SignIn />} />
          <Route path="/clients" element={<p>Client list</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}

async function fillAndSubmit(email: string, password: string) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText("Email"), email);
  await user.type(screen.getByLabelText("Password"), password);
  await user.click(screen.getByRole("button", { name: "Sign in" }));
}

describe("SignIn", () => {
  it("shows the server's detail when the credentials are refused", async () => {
    const { calls } = mockFetch({
      "POST /api/v1/auth/login": () =>
        problem(401, {
          title: "Unauthorized",
          detail: "Invalid email or password.",
        }),
    });
    renderSignIn();
    await fillAndSubmit("dana@example.test", "wrong-password-123");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Invalid email or password.",
    );
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({
      email: "dana@example.test",
      password: "wrong-password-123",
    });
    expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
  });

  it("tells the user how long to wait when sign-in is throttled", async () => {
    mockFetch({
      "POST /api/v1/auth/login": () =>
        problem(429, { title: "Too Many Requests" }, { "Retry-After": "600" }),
    });
    renderSignIn();
    await fillAndSubmit("dana@example.test", "wrong-password-123");

    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Too many attempts, try again in 10 minutes",
    );
  });

  it("signs in and opens the client list", async () => {
    const me = makeMe("clinician");
    mockFetch({
      "POST /api/v1/auth/login": () => json(tokenPair("A1", "R1", me)),
      "GET /api/v1/me": () => json(me),
    });
    renderSignIn();
    await fillAndSubmit("dana@example.test", "demo-password-2026");

    expect(await screen.findByText("Client list")).toBeInTheDocument();
    expect(localStorage.getItem("daybreak.refresh_token")).toBe("R1");
  });

  it("asks which practice when the e-mail and password open several, then signs in to the one chosen", async () => {
    const me = makeMe("supervisor");
    const { calls } = mockFetch({
      "POST /api/v1/auth/login": (call) =>
        (call.body as { practice_id?: string }).practice_id === "p-2"
          ? json(tokenPair("A1", "R1", me))
          : problem(401, {
              type: "/problems/practice-choice-required",
              title: "Unauthorized",
              detail: "This e-mail address belongs to more than one practice.",
              practices: [
                { id: "p-1", name: "Riverbend Counselling" },
                { id: "p-2", name: "Lakeside Recovery" },
              ],
            }),
      "GET /api/v1/me": () => json(me),
    });
    renderSignIn();
    await fillAndSubmit("dana@example.test", "demo-password-2026");
    const group = await screen.findByRole("group", { name: "Practice" });
    expect(group).toHaveTextContent("Riverbend Counselling");
    const user = userEvent.setup();
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Choose the practice to sign in to.",
    );
    expect(calls).toHaveLength(1);
    await user.click(screen.getByRole("radio", { name: "Lakeside Recovery" }));
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByText("Client list")).toBeInTheDocument();
    expect(calls[1].body).toEqual({
      email: "dana@example.test",
      password: "demo-password-2026",
      practice_id: "p-2",
    });
  });

  describe("with two-factor sign-in on", () => {
    const me = makeMe("clinician", {
      two_factor_enabled: true,
      recovery_codes_left: 10,
    });
    const loginOk = () => json(tokenPair("A1", "R1", me));
    const twoFactorRequired = (detail: string) =>
      problem(401, {
        type: "/problems/two-factor-required",
        title: "Unauthorized",
        detail,
      });

    it("asks for the authentication code, then sends it with the email and password", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/auth/login": (call) =>
          (call.body as { totp_code?: string }).totp_code === "123456"
            ? loginOk()
            : twoFactorRequired(
                "Enter the 6-digit code from your authenticator app.",
              ),
        "GET /api/v1/me": () => json(me),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");

      const code = await screen.findByLabelText("Authentication code");
      expect(code).toHaveFocus();
      expect(code).toHaveAttribute("inputmode", "numeric");
      expect(code).toHaveAttribute("autocomplete", "one-time-code");
      expect(code).toHaveAccessibleDescription(
        "Open your authenticator app. Lost your phone? Enter one of your recovery codes instead.",
      );
      expect(screen.queryByLabelText("Password")).toBeNull();
      expect(screen.queryByRole("alert")).toBeNull();
      expect(
        screen.getByText(/finish signing in as dana@example.test/),
      ).toBeInTheDocument();

      const user = userEvent.setup();
      await user.type(code, "123456");
      await user.click(screen.getByRole("button", { name: "Sign in" }));

      expect(await screen.findByText("Client list")).toBeInTheDocument();
      const logins = calls.filter((c) => c.url === "/api/v1/auth/login");
      expect(logins.map((c) => c.body)).toEqual([
        { email: "dana@example.test", password: "demo-password-2026" },
        {
          email: "dana@example.test",
          password: "demo-password-2026",
          totp_code: "123456",
        },
      ]);
      expect(localStorage.getItem("daybreak.refresh_token")).toBe("R1");
    });

    it("accepts a recovery code in the same field", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/auth/login": (call) =>
          (call.body as { totp_code?: string }).totp_code
            ? loginOk()
            : twoFactorRequired(
                "Enter the 6-digit code from your authenticator app.",
              ),
        "GET /api/v1/me": () => json(me),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");
      const user = userEvent.setup();
      await user.type(
        await screen.findByLabelText("Authentication code"),
        " abcde-fghij ",
      );
      await user.click(screen.getByRole("button", { name: "Sign in" }));

      expect(await screen.findByText("Client list")).toBeInTheDocument();
      expect(calls[1].body).toMatchObject({ totp_code: "abcde-fghij" });
    });

    it("switches the field to a recovery code for phones, and back", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/auth/login": (call) =>
          (call.body as { totp_code?: string }).totp_code === "ABCDE-FGHIJ"
            ? loginOk()
            : twoFactorRequired(
                "Enter the 6-digit code from your authenticator app.",
              ),
        "GET /api/v1/me": () => json(me),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");
      const user = userEvent.setup();
      await screen.findByLabelText("Authentication code");

      await user.click(
        screen.getByRole("button", { name: "Use a recovery code instead" }),
      );
      expect(screen.queryByLabelText("Authentication code")).toBeNull();
      const recovery = screen.getByRole("textbox", { name: "Recovery code" });
      expect(recovery).toHaveFocus();
      expect(recovery).toHaveAttribute("inputmode", "text");
      expect(recovery).toHaveAttribute("autocomplete", "off");
      expect(recovery).toHaveAttribute("autocapitalize", "off");
      expect(
        screen.getByText(
          "Enter one of your recovery codes to finish signing in as dana@example.test.",
        ),
      ).toBeInTheDocument();

      // And back to the app's code, numeric again.
      await user.click(
        screen.getByRole("button", { name: "Use the app's code" }),
      );
      const code = screen.getByRole("textbox", {
        name: "Authentication code",
      });
      expect(code).toHaveFocus();
      expect(code).toHaveAttribute("inputmode", "numeric");
      expect(screen.queryByLabelText("Recovery code")).toBeNull();

      await user.click(
        screen.getByRole("button", { name: "Use a recovery code instead" }),
      );
      await user.type(
        screen.getByRole("textbox", { name: "Recovery code" }),
        "ABCDE-FGHIJ",
      );
      await user.click(screen.getByRole("button", { name: "Sign in" }));

      expect(await screen.findByText("Client list")).toBeInTheDocument();
      const logins = calls.filter((c) => c.url === "/api/v1/auth/login");
      expect(logins).toHaveLength(2);
      expect(logins[1].body).toEqual({
        email: "dana@example.test",
        password: "demo-password-2026",
        totp_code: "ABCDE-FGHIJ",
      });
    });

    it("shows the server's detail when the code is wrong, and keeps the second step", async () => {
      mockFetch({
        "POST /api/v1/auth/login": (call) =>
          (call.body as { totp_code?: string }).totp_code
            ? twoFactorRequired(
                "That code is not right. Try the newest code, or a recovery code.",
              )
            : twoFactorRequired(
                "Enter the 6-digit code from your authenticator app.",
              ),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");
      const user = userEvent.setup();
      const code = await screen.findByLabelText("Authentication code");
      await user.type(code, "000000");
      await user.click(screen.getByRole("button", { name: "Sign in" }));

      expect(
        await screen.findByText(
          "That code is not right. Try the newest code, or a recovery code.",
        ),
      ).toBeInTheDocument();
      expect(code).toHaveAttribute("aria-invalid", "true");
      expect(code).toHaveAccessibleDescription(
        /That code is not right\. Try the newest code, or a recovery code\./,
      );
      expect(screen.getByRole("button", { name: "Sign in" })).toBeEnabled();
      expect(screen.queryByText("Client list")).toBeNull();
    });

    it("asks for a code before sending an empty one", async () => {
      const { calls } = mockFetch({
        "POST /api/v1/auth/login": () =>
          twoFactorRequired(
            "Enter the 6-digit code from your authenticator app.",
          ),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");
      await screen.findByLabelText("Authentication code");
      await userEvent
        .setup()
        .click(screen.getByRole("button", { name: "Sign in" }));

      expect(
        screen.getByLabelText("Authentication code"),
      ).toHaveAccessibleDescription(
        /Enter the 6-digit code from your authenticator app, or a recovery code\./,
      );
      expect(calls).toHaveLength(1);
    });

    it("goes back to change the email and password, forgetting the password", async () => {
      mockFetch({
        "POST /api/v1/auth/login": () =>
          twoFactorRequired(
            "Enter the 6-digit code from your authenticator app.",
          ),
      });
      renderSignIn();
      await fillAndSubmit("dana@example.test", "demo-password-2026");
      await screen.findByLabelText("Authentication code");
      await userEvent
        .setup()
        .click(screen.getByRole("button", { name: "Back" }));

      expect(screen.queryByLabelText("Authentication code")).toBeNull();
      expect(screen.getByLabelText("Email")).toHaveValue("dana@example.test");
      expect(screen.getByLabelText("Password")).toHaveValue("");
      expect(screen.getByLabelText("Password")).toHaveFocus();
    });
  });
});
