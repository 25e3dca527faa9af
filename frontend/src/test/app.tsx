import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { App } from "../App";
import type { Me } from "../api/types";
import { AuthProvider } from "../auth/AuthContext";

/**
 * Renders the whole app at `route`: signed in as `me` when given, else as after a reload
 * (the provider finds the session, or not, itself). Apart from utils.tsx so that page tests
 * do not load every page.
 */
export function renderApp(route: string, me?: Me) {
  return render(
    <MemoryRouter initialEntries={[route]}>
      <AuthProvider initialState={me ? { status: "signed-in", me } : undefined}>
        <App />
      </AuthProvider>
    </MemoryRouter>,
  );
}
