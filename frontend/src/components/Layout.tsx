import { NavLink, Outlet, useNavigate } from "react-router";
import { useCallback, useState } from "react";
import { apiClient } from "../api/client";
import { useAuth, useMe } from "../auth/AuthContext";
import { useIdleTimeout } from "../auth/idle";
import { isClinical, roleLabel } from "../domain";
import { IdleWarning } from "./IdleWarning";

export function Logo() {
  return (
    <svg
      className="logo"
      viewBox="0 0 32 32"
      aria-hidden="true"
      focusable="false"
    >
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path d="M7 21a9 9 0 0 1 18 0" className="logo-sun" />
      <path d="M5 25h22" className="logo-horizon" />
    </svg>
  );
}

const keepSessionAlive = () => void apiClient.keepAlive();

export function Layout({
  idleWarnAfterMs,
  idleSignOutAfterMs,
}: {
  /** Tests shorten the idle limits; the app uses 14 and 15 minutes. */
  idleWarnAfterMs?: number;
  idleSignOutAfterMs?: number;
} = {}) {
  const me = useMe();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const { secondsLeft, stay } = useIdleTimeout({
    warnAfterMs: idleWarnAfterMs,
    signOutAfterMs: idleSignOutAfterMs,
    onTimeout: useCallback(() => void signOut("idle"), [signOut]),
    // Typing a long note makes no API call: activity keeps the server session alive too.
    onActivity: keepSessionAlive,
  });
  const warning = secondsLeft !== null;

  async function onSignOut() {
    setSigningOut(true);
    await signOut();
    navigate("/sign-in", { replace: true });
  }

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main" inert={warning}>
        Skip to main content
      </a>
      <header className="app-header" inert={warning}>
        <div className="header-inner">
          <div className="brand">
            <Logo />
            <div className="brand-text">
              <span className="brand-name">Daybreak</span>
              <span className="brand-practice">{me.practice.name}</span>
            </div>
          </div>
          <nav aria-label="Main" className="main-nav">
            <NavLink to="/clients" className="nav-link">
              Clients
            </NavLink>
            <NavLink to="/calendar" className="nav-link">
              Calendar
            </NavLink>
            <NavLink to="/groups" className="nav-link">
              Groups
            </NavLink>
            <NavLink to="/screens" className="nav-link">
              Drug screens
            </NavLink>
            {isClinical(me.role) && (
              <NavLink to="/alerts" className="nav-link">
                Alerts
              </NavLink>
            )}
            {isClinical(me.role) && (
              <NavLink to="/exports" className="nav-link">
                Reports
              </NavLink>
            )}
            {me.role === "owner" && (
              <NavLink to="/staff" className="nav-link">
                Staff
              </NavLink>
            )}
            {me.role === "owner" && (
              <NavLink to="/audit" className="nav-link">
                Audit log
              </NavLink>
            )}
            {me.role === "owner" && (
              <NavLink to="/settings" className="nav-link">
                Settings
              </NavLink>
            )}
          </nav>
          <div className="user-block">
            <div className="user-text">
              <NavLink
                to="/account"
                className="user-name"
                aria-label={`${me.name}, my account`}
              >
                {me.name}
              </NavLink>
              <span className="user-role">{roleLabel(me.role)}</span>
            </div>
            <button
              type="button"
              className="button button-quiet"
              onClick={onSignOut}
              disabled={signingOut}
            >
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main id="main" className="app-main" tabIndex={-1} inert={warning}>
        <Outlet />
      </main>
      {warning && <IdleWarning secondsLeft={secondsLeft} onStay={stay} />}
    </div>
  );
}
