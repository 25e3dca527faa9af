import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { describe, expect, it } from "vitest";
import { AuthProvider } from "../auth/AuthContext";
import { json, makeMe, mockFetch, problem } from "../test/utils";
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
      "POST /api/v1/auth/login": () =>
        json({
          access_token: "A1",
          refresh_token: "R1",
          token_type: "Bearer",
          expires_in: 900,
          user: { id: me.id, name: me.name, email: me.email, role: me.role },
        }),
      "GET /api/v1/me": () => json(me),
    });
    renderSignIn();
    await fillAndSubmit("dana@example.test", "demo-password-2026");

    expect(await screen.findByText("Client list")).toBeInTheDocument();
    expect(localStorage.getItem("daybreak.refresh_token")).toBe("R1");
  });
});
