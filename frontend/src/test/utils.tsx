import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { MemoryRouter, Route, Routes } from "react-router";
import { vi } from "vitest";
import { apiClient } from "../api/client";
import type { Me, Role } from "../api/types";
import { AuthProvider } from "../auth/AuthContext";
import { todayIn } from "../format";

export function json(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", ...headers },
  });
}

export function problem(
  status: number,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
): Response {
  return new Response(
    JSON.stringify({ type: "about:blank", status, ...body }),
    {
      status,
      headers: { "Content-Type": "application/problem+json", ...headers },
    },
  );
}

/** A sign-in or refresh answer's body: a token pair, and the member for a sign-in. */
export function tokenPair(access = "A2", refresh = "R2", user?: Me) {
  return {
    access_token: access,
    refresh_token: refresh,
    token_type: "Bearer",
    expires_in: 900,
    ...(user && {
      user: {
        id: user.id,
        name: user.name,
        email: user.email,
        role: user.role,
      },
    }),
  };
}

export interface Call {
  method: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
}

type Handler = (call: Call) => Response | Promise<Response>;

/**
 * Replaces fetch with a router over "METHOD /path" keys (query string ignored).
 * Returns the list of calls so tests can check what was sent.
 */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === "string" ? input : input.toString();
    const method = (init?.method ?? "GET").toUpperCase();
    const headers = (init?.headers ?? {}) as Record<string, string>;
    const type = headers["Content-Type"] ?? "";
    // A JSON body is parsed; any other text (a CSV file) is kept as sent.
    const body =
      typeof init?.body !== "string"
        ? undefined
        : type && !type.includes("json")
          ? init.body
          : JSON.parse(init.body);
    const call: Call = { method, url, body, headers };
    calls.push(call);
    const path = url.split("?")[0];
    const handler = routes[`${method} ${path}`];
    if (!handler)
      return problem(404, {
        title: "Not Found",
        detail: `No mock for ${method} ${path}`,
      });
    return handler(call);
  });
  vi.stubGlobal("fetch", fn);
  return { calls, fn };
}

export function makeMe(
  role: Role = "clinician",
  overrides: Partial<Me> = {},
): Me {
  return {
    id: "staff-me",
    name: "Dana Rivers",
    email: "dana@example.test",
    role,
    practice: {
      id: "practice-1",
      name: "Harbor Light Counseling",
      time_zone: "America/Chicago",
    },
    two_factor_enabled: false,
    two_factor_required: false,
    recovery_codes_left: 0,
    today: todayIn("America/Chicago"),
    ...overrides,
  };
}

/** Renders a page as a signed-in staff member, at `route`, inside the app's providers. */
export function renderSignedIn(
  element: ReactElement,
  {
    me = makeMe(),
    route = "/",
    path = "*",
  }: { me?: Me; route?: string; path?: string } = {},
) {
  apiClient.setTokens({ access_token: "access-1", refresh_token: "refresh-1" });
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider initialState={{ status: "signed-in", me }}>
        <Routes>
          <Route path={path} element={element} />
          <Route path="/clients/:id" element={<p>Client page</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
}
