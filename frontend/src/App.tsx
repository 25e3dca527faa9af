import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import type { Role } from "./api/types";
import { useAuth } from "./auth/AuthContext";
import { Layout, Logo } from "./components/Layout";
import { Account } from "./pages/Account";
import { Alerts } from "./pages/Alerts";
import { AuditLog } from "./pages/AuditLog";
import { Calendar } from "./pages/Calendar";
import { ClientDetail } from "./pages/ClientDetail";
import { ClientList } from "./pages/ClientList";
import { ClientNew } from "./pages/ClientNew";
import { DrugScreens } from "./pages/DrugScreens";
import { GroupDetail } from "./pages/GroupDetail";
import { Groups } from "./pages/Groups";
import { GroupSession } from "./pages/GroupSession";
import { NotFound } from "./pages/NotFound";
import { PracticeSettings } from "./pages/PracticeSettings";
import { ReportExports } from "./pages/ReportExports";
import { SignIn } from "./pages/SignIn";
import { SignUp } from "./pages/SignUp";
import { StaffAdmin } from "./pages/StaffAdmin";

function FullPage({ children }: { children: ReactNode }) {
  return (
    <div className="auth-page">
      <main className="auth-card auth-card-center" id="main">
        <Logo />
        {children}
      </main>
    </div>
  );
}

function SessionGate({ children }: { children: ReactNode }) {
  const { state, retry } = useAuth();
  if (state.status === "loading") {
    return (
      <FullPage>
        <p role="status">Opening Daybreak…</p>
      </FullPage>
    );
  }
  if (state.status === "unreachable") {
    return (
      <FullPage>
        <div role="alert">
          <p>{state.message}</p>
        </div>
        <button type="button" className="button button-primary" onClick={retry}>
          Try again
        </button>
      </FullPage>
    );
  }
  return <>{children}</>;
}

function RequireAuth({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status !== "signed-in") {
    // After Sign out the next sign-in starts afresh. The router may still be on the page left
    // (its move to /sign-in is a transition, rendered after this), so `from` would be that page.
    const requested = state.status === "signed-out" && state.requested;
    return (
      <Navigate
        to="/sign-in"
        replace
        state={requested ? null : { from: location.pathname + location.search }}
      />
    );
  }
  return <>{children}</>;
}

/** Where a member sets up two-factor sign-in. */
const TWO_FACTOR_SETUP_PATH = "/account";

/**
 * When the practice requires two-factor sign-in and the member has not set it up, the server
 * refuses every record: the account page's setup is the only place to go until it is on.
 */
function RequireTwoFactorSetup({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (
    state.status === "signed-in" &&
    state.me.two_factor_required &&
    !state.me.two_factor_enabled &&
    location.pathname !== TWO_FACTOR_SETUP_PATH
  ) {
    return <Navigate to={TWO_FACTOR_SETUP_PATH} replace />;
  }
  return <>{children}</>;
}

function PublicOnly({ children }: { children: ReactNode }) {
  const { state } = useAuth();
  const location = useLocation();
  if (state.status === "signed-in") {
    const from = (location.state as { from?: string } | null)?.from;
    return (
      <Navigate to={from && from.startsWith("/") ? from : "/clients"} replace />
    );
  }
  return <>{children}</>;
}

function RequireRole({
  roles,
  children,
}: {
  roles: Role[];
  children: ReactNode;
}) {
  const { state } = useAuth();
  if (state.status !== "signed-in" || !roles.includes(state.me.role)) {
    return <Navigate to="/clients" replace />;
  }
  return <>{children}</>;
}

export function App() {
  return (
    <SessionGate>
      <Routes>
        <Route
          path="/sign-in"
          element={
            <PublicOnly>
              <SignIn />
            </PublicOnly>
          }
        />
        <Route
          path="/sign-up"
          element={
            <PublicOnly>
              <SignUp />
            </PublicOnly>
          }
        />
        <Route
          element={
            <RequireAuth>
              <RequireTwoFactorSetup>
                <Layout />
              </RequireTwoFactorSetup>
            </RequireAuth>
          }
        >
          <Route index element={<Navigate to="/clients" replace />} />
          <Route path="clients" element={<ClientList />} />
          <Route path="clients/new" element={<ClientNew />} />
          <Route path="clients/:id" element={<ClientDetail />} />
          <Route path="calendar" element={<Calendar />} />
          <Route path="groups" element={<Groups />} />
          <Route path="groups/:id" element={<GroupDetail />} />
          <Route path="group-sessions/:id" element={<GroupSession />} />
          <Route path="screens" element={<DrugScreens />} />
          <Route
            path="alerts"
            element={
              <RequireRole roles={["owner", "supervisor", "clinician"]}>
                <Alerts />
              </RequireRole>
            }
          />
          <Route
            path="exports"
            element={
              <RequireRole roles={["owner", "supervisor", "clinician"]}>
                <ReportExports />
              </RequireRole>
            }
          />
          <Route
            path="staff"
            element={
              <RequireRole roles={["owner"]}>
                <StaffAdmin />
              </RequireRole>
            }
          />
          <Route
            path="settings"
            element={
              <RequireRole roles={["owner"]}>
                <PracticeSettings />
              </RequireRole>
            }
          />
          <Route
            path="audit"
            element={
              <RequireRole roles={["owner"]}>
                <AuditLog />
              </RequireRole>
            }
          />
          <Route path="account" element={<Account />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </SessionGate>
  );
}
